"""Benchmark of ``flask catalog import`` on PostgreSQL; writes its section of
``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/catalog_import.py [--services 10000]

It creates a new database and migrates it, generates a catalog of ``--services`` services in
the import format (the demo catalog repeated once per region, with its dependencies, offices,
requirements, forms and offices of services), then times, as a person would run them:

1. the import into the empty database (everything created);
2. the same import again (everything checked, nothing changed);

each as its own ``flask catalog import`` process (start-up included). Target: under a minute.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from run import ROOT, create_database, flask, log, machine, postgres_version

from app.catalog.exchange.format import FILES
from app.core.tabular import to_csv

DEMO = ROOT / "app" / "demo" / "catalog"
TARGET_S = 60
SECTION = "## Catalog import"
# The rows of a service, each file repeated for the services of every region.
CHILD_FILES = [name for name in FILES if name.startswith("service_")]


def _rows(name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((DEMO / name).read_text(encoding="utf-8"))))


def generate(folder: Path, services: int) -> dict[str, int]:
    """The demo catalog repeated per region until there are ``services`` services: every
    dependency, office and service once per region (keys suffixed), topics shared."""
    demo = {name: _rows(name) for name in FILES}
    tables: dict[str, list[dict]] = {name: [] for name in FILES}
    tables["topics.csv"] = demo["topics.csv"]
    region = 0
    while len(tables["services.csv"]) < services:
        region += 1

        def here(slug: str, region=region) -> str:
            return f"{slug}-r{region}" if slug else ""

        for row in demo["dependencies.csv"]:
            tables["dependencies.csv"].append(
                {**row, "slug": here(row["slug"]), "parent": here(row["parent"])}
            )
        for row in demo["offices.csv"]:
            tables["offices.csv"].append({**row, "dependency": here(row["dependency"])})
        kept = set()
        for row in demo["services.csv"][: services - len(tables["services.csv"])]:
            kept.add(row["slug"])
            tables["services.csv"].append(
                {
                    **row,
                    "slug": here(row["slug"]),
                    "code": f"{row['code']}-R{region}",
                    "dependency": here(row["dependency"]),
                }
            )
        for name in CHILD_FILES:
            for row in demo[name]:
                if row["service"] in kept:
                    moved = {**row, "service": here(row["service"])}
                    if "dependency" in row:
                        moved["dependency"] = here(row["dependency"])
                    if row.get("produced_by"):  # a service of the same region, when there is one
                        produced = row["produced_by"]
                        moved["produced_by"] = here(produced) if produced in kept else ""
                    tables[name].append(moved)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (folder / name).write_text(to_csv(FILES[name].header, rows), encoding="utf-8")
    return {name: len(rows) for name, rows in tables.items()}


def timed_import(url: str, folder: Path) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds of an import (CPU time says more on a shared machine), and
    what it printed."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = flask(url, "catalog", "import", str(folder))
    return time.perf_counter() - started, _children_cpu() - cpu, done.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(run: dict) -> str:
    lines = [
        SECTION,
        "",
        f"Run on {run['date']} with `{run['command']}`, on the machine above "
        f"({run['machine'][0]}; {run['machine'][2].lower()}); {run['postgres']}.",
        "",
        "Generated catalog (the demo catalog once per region):",
        "",
        "| file | rows |",
        "|---|---:|",
        *(f"| `{name}` | {count:,} |" for name, count in run["rows"].items()),
        "",
        "| `flask catalog import FOLDER` | seconds | CPU seconds | target | met |",
        "|---|---:|---:|---:|---|",
    ]
    for label, (seconds, cpu) in (
        ("into the empty database (everything created)", run["first"]),
        ("the same files again (nothing changes)", run["again"]),
    ):
        met = "yes" if seconds < TARGET_S else "no"
        lines.append(f"| {label} | {seconds:.1f} | {cpu:.1f} | < {TARGET_S} s | {met} |")
    lines += [
        "",
        "Each is its own process, start-up included; CPU seconds are the import's own (the "
        "database server's are not counted). Summary of the first import:",
        "",
        "```",
        *run["first_summary"],
        "```",
        "",
    ]
    return "\n".join(lines)


def write_section(output: Path, section: str) -> None:
    """Replace this benchmark's section of the results (the rest is ``run.py``'s)."""
    text = output.read_text(encoding="utf-8") if output.exists() else ""
    before, found, after = text.partition(SECTION)
    if found:
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) == 2 else ""
    output.write_text(before.rstrip("\n") + "\n\n" + section + after, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument(
        "--server",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"
        ),
        help="a PostgreSQL URL whose user may create databases",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()

    url = create_database(args.server, "bench_catalog")
    log("migrating")
    flask(url, "db", "upgrade")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "catalog"
        rows = generate(folder, args.services)
        log(f"importing {rows['services.csv']} services")
        first_s, first_cpu, first_out = timed_import(url, folder)
        log(f"first import: {first_s:.1f} s; importing the same files again")
        again_s, again_cpu, _again_out = timed_import(url, folder)
        log(f"second import: {again_s:.1f} s")
    run = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/catalog_import.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "postgres": postgres_version(url),
        "rows": rows,
        "first": (first_s, first_cpu),
        "again": (again_s, again_cpu),
        "first_summary": first_out.splitlines(),
    }
    write_section(args.output, report(run))
    log(f"wrote {args.output}")


if __name__ == "__main__":
    main()
