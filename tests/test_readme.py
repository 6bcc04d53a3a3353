"""The README's two set-up commands stay true, and CI runs the test one word for word."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = "pip install . && workbench --demo"
TEST = "pip install '.[test]' && pytest"


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    assert RUN in setup and TEST in setup


def test_ci_runs_the_readme_test_command():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert TEST in lines


def test_screenshots_the_readme_shows_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    images = [part.split(")")[0] for part in text.split("](")[1:] if part.split(")")[0].endswith(".png")]
    assert len(images) >= 4
    for image in images:
        assert (ROOT / image).is_file(), image
