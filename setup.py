"""Maps the top-level resources/ folder into the installed package as workbench/resources."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithResources(build_py):
    def run(self):
        super().run()
        source = Path(__file__).parent / "resources"
        target = Path(self.build_lib) / "workbench" / "resources"
        for path in source.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                dest = target / path.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(path), str(dest))


setup(cmdclass={"build_py": BuildWithResources})
