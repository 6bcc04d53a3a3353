from tests.services.packet.fixtures import apps  # noqa: F401 - the fixture
