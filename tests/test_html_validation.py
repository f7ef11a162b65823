"""Every public page is valid HTML according to the Nu HTML checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import long_catalog, many_dependencies, require_tool

VNU = Path(__file__).resolve().parent.parent / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
ERROR_PAGES = ["/es/no-existe", "/en/servicios/no-such-service", "/es/servicios?dependencia=x"]
# A charter with an archived version: what changed, the archived version and the poster.
CHARTER_PAGES = [
    f"/{code}/cartas/impuesto-predial{page}"
    for code in ("es", "en", "nah")
    for page in ("", "/versiones/1", "/cartel")
]


def vnu_errors(pages: dict[str, bytes], folder: Path) -> list[str]:
    """Validate pages ({name: html}) in one run of the checker; its errors, by page name."""
    require_tool(VNU.exists() and shutil.which("java") is not None, "The Nu HTML checker (vnu.jar)")
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        file = folder / f"page{number}.html"
        file.write_bytes(html)
        names[file.name] = name
    # One JVM for every page: starting the checker costs seconds.
    files = sorted(str(folder / file) for file in names)
    command = ["java", "-jar", str(VNU), "--format", "json", "--stdout", *files]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return [
        f"{names[message['url'].rsplit('/', 1)[-1]]}: {message['message']}"
        f" ({message.get('extract', '').strip()})"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] == "error"
    ]


def test_public_pages_are_valid_html(
    app, client, public_paths, search_paths, dependency_search_paths, tmp_path
):
    pages = {path: client.get(path).data for path in public_paths + ERROR_PAGES + CHARTER_PAGES}
    with long_catalog(app):
        pages |= {f"{path} (search)": client.get(path).data for path in search_paths}
    with many_dependencies(app):
        pages |= {f"{path} (typed)": client.get(path).data for path in dependency_search_paths}
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
