"""`make bench`: run every benchmark and write BENCHMARKS.md with machine, date and commit.

Each module in BENCHMARKS exposes `run() -> Section`; a section is a title, a short note on how it
was measured and a table. Benchmarks are not tests: they report figures, they do not assert them.
"""

import datetime
import importlib
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCHMARKS = ["bench.sync_visits", "bench.product_page", "bench.training", "bench.campaigns", "bench.coverage"]


@dataclass
class Section:
    title: str
    method: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", self.method, "", "| " + " | ".join(self.header) + " |"]
        lines.append("|" + "---|" * len(self.header))
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


def machine_line() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=False
    ).stdout.strip()
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    return (
        f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()} · Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · Commit: {commit}"
    )


def _kept_sections(replaced: set[str]) -> list[str]:
    """The sections of the existing BENCHMARKS.md that this run did not measure again (run alone,
    one benchmark updates its own section); each keeps a note of the run it came from."""
    path = BASE_DIR / "BENCHMARKS.md"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    earlier = next((line for line in text.splitlines() if line.startswith("Machine:")), "")
    kept = []
    for part in text.split("\n## ")[1:]:
        title = part.split("\n", 1)[0]
        if title not in replaced:
            note = "" if "(from an earlier run" in part else f"\n(from an earlier run — {earlier})\n"
            kept.append("## " + part.rstrip("\n") + "\n" + note)
    return kept


def main(selected: list[str]) -> int:
    names = [n for n in BENCHMARKS if not selected or n.rsplit(".", 1)[1] in selected]
    sections = []
    for name in names:
        print(f"running {name} …", flush=True)
        section = importlib.import_module(name).run()
        print(section.markdown(), flush=True)
        sections.append(section)
    kept = _kept_sections({s.title for s in sections}) if selected else []
    text = (
        "# Benchmarks\n\nWritten by `make bench`.\n\n"
        + machine_line()
        + "\n\n"
        + "\n".join([*(s.markdown() for s in sections), *kept])
    )
    (BASE_DIR / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print("wrote BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
