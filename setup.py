"""The wheel's one build step beyond setuptools': compiling the gettext catalogs.

The .mo files are built from the .po files (kept in git) rather than committed, so the wheel
compiles them itself; Babel is therefore a build requirement in pyproject.toml. Everything else
about the package is declared there.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the catalogs `make` compiles in place
            return
        for po in Path("app/translations").glob("*/LC_MESSAGES/*.po"):
            mo = Path(self.build_lib) / po.with_suffix(".mo")
            with po.open("rb") as source:
                catalog = read_po(source)
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as target:
                write_mo(target, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})
