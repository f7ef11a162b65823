"""Every public page is valid HTML according to the Nu HTML checker (vnu)."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_tool

VNU = Path(__file__).resolve().parent.parent / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def test_public_pages_are_valid_html(client, public_paths, tmp_path):
    require_tool(VNU.exists() and shutil.which("java") is not None, "The Nu HTML checker (vnu.jar, Java)")
    files = {}
    for number, path in enumerate(public_paths + ["/es/no-existe", "/en/servicios/no-such-service"]):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        file = tmp_path / f"page{number}.html"
        file.write_bytes(response.data)
        files[file.as_uri()] = path
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files and tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}: {m.get('message')} ({m.get('extract', '').strip()})"
        for m in messages if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
