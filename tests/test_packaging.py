"""README.md's production recipe, run as written: the wheel built from the sources, installed into
a new virtualenv in a temporary folder outside the checkout, migrated, seeded and served by
gunicorn, which must answer pages translated and styled from the installed package alone.

The steps are read from the README's code block, so the recipe and this test cannot drift apart.
Only what a deployment chooses is replaced: the folder, the port and the environment's values.
Pip fetches the dependencies (and the build's setuptools and Babel) from the package index.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SERVER_URL, new_database
from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FOLDER, EXAMPLE_ADDRESS = "/srv/portal", "127.0.0.1:8000"
# Install and migrate are bounded so that a hung network or server fails the test, not CI.
STEP_TIMEOUT = 600


def recipe() -> list[str]:
    """The lines of the code block under "Running in production"."""
    section = (ROOT / "README.md").read_text().split("## Running in production\n", 1)[1]
    block = section.split("```\n", 2)[1]
    return [line for line in block.splitlines() if line.strip()]


def sources(destination: Path) -> Path:
    """What the wheel is built from, copied: building in the checkout would leave build/ there,
    whose leftovers setuptools packs into later wheels. Compiled catalogs stay behind, so the
    wheel has to compile its own."""
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, destination / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pot")
    shutil.copytree(ROOT / "app", destination / "app", ignore=ignore)
    return destination


def clean_environment(**values: str) -> dict:
    """The machine's environment without this checkout's virtualenv or the app's settings."""
    kept = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")
    env = {k: v for k, v in os.environ.items() if k in kept or k.startswith("PIP_")}
    ours = str(Path(sys.executable).parent)
    path = [part for part in env.get("PATH", "").split(os.pathsep) if part != ours]
    env["PATH"] = os.pathsep.join(path)
    return {**env, **values}


def run(line: str, cwd: Path, env: dict) -> None:
    # The README says python3: here it is the interpreter running the suite (a supported one).
    line = re.sub(r"^python3 ", f"{sys.executable} ", line)
    result = subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=STEP_TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, f"{line}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


def fetch(port: int, path: str) -> tuple[int, str, str]:
    try:
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30)
    except urllib.error.HTTPError as error:  # an error page is an answer too
        response = error
    with response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer in time:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    """The master and its workers: they run in their own process group."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def test_the_readme_production_recipe_serves_the_portal_from_the_wheel(tmp_path_factory):
    steps = recipe()
    at = next(i for i, line in enumerate(steps) if line.startswith("export "))
    (build, cd), install, export = steps[:2], steps[2:at], steps[at]
    migrate_and_seed, serve = steps[at + 1 : -1], steps[-1]
    assert build.startswith("python3 -m pip wheel ") and build.endswith(f" {EXAMPLE_FOLDER} .")
    assert cd == f"cd {EXAMPLE_FOLDER}"
    assert "APP_CONFIG=production" in export and "SECRET_KEY=" in export
    assert serve.startswith("venv/bin/gunicorn ") and EXAMPLE_ADDRESS in serve

    folder = tmp_path_factory.mktemp("deployment")
    assert ROOT not in folder.parents
    source = sources(tmp_path_factory.mktemp("source"))
    env = clean_environment()
    run(build.replace(EXAMPLE_FOLDER, str(folder)), source, env)
    for line in install:
        run(line, folder, env)

    with new_database(tmp_path_factory) as url:
        settings = {"APP_CONFIG": "production", "SECRET_KEY": "packaging-test-only"}
        if SERVER_URL:
            settings["DATABASE_URL"] = url  # otherwise the default: SQLite in instance/ here
        env = clean_environment(**settings)
        installed = subprocess.run(
            ["venv/bin/python", "-c", "import app; print(app.__file__)"],
            cwd=folder, env=env, capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()  # fmt: skip
        assert Path(installed).is_relative_to(folder / "venv"), installed
        for line in migrate_and_seed:
            run(line, folder, env)
        if not SERVER_URL:
            assert (folder / "instance" / "portal.sqlite3").exists()

        port = free_port()
        log = folder / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                ["bash", "-c", "exec " + serve.replace(EXAMPLE_ADDRESS, f"127.0.0.1:{port}")],
                cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            wait_until_serving(server, port, log)
            status, kind, home = fetch(port, "/es/")
            assert status == 200 and kind.startswith("text/html")
            assert "Municipio de Metepec" in home
            status, _kind, catalog = fetch(port, "/es/servicios")
            assert status == 200 and "Trámites y servicios" in catalog
            status, _kind, english = fetch(port, "/en/servicios")  # the wheel's compiled catalog
            assert status == 200 and "Procedures and services" in english
            status, _kind, program = fetch(port, "/es/programas/pat-2024")  # the demo's CSVs
            assert status == 200 and "IMSS-BIENESTAR" in program
            status, kind, css = fetch(port, "/static/css/site.css")
            assert status == 200 and kind.startswith("text/css") and "{" in css
        except BaseException:
            print(log.read_text()[-5000:])  # pytest shows it with the failure
            raise
        finally:
            stop(server)
