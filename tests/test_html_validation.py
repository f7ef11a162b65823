"""Every public page is valid HTML according to the Nu HTML checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_tool

VNU = Path(__file__).resolve().parent.parent / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
ERROR_PAGES = ["/es/no-existe", "/en/servicios/no-such-service", "/es/servicios?dependencia=x"]


def test_public_pages_are_valid_html(client, public_paths, tmp_path):
    require_tool(VNU.exists() and shutil.which("java") is not None, "The Nu HTML checker (vnu.jar)")
    pages = {}
    for number, path in enumerate(public_paths + ERROR_PAGES):
        file = tmp_path / f"page{number}.html"
        file.write_bytes(client.get(path).data)
        pages[file.name] = path
    # One JVM for every page: starting the checker costs seconds.
    files = sorted(str(file) for file in tmp_path.iterdir())
    command = ["java", "-jar", str(VNU), "--format", "json", "--stdout", *files]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    errors = [
        f"{pages[message['url'].rsplit('/', 1)[-1]]}: {message['message']}"
        f" ({message.get('extract', '').strip()})"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
