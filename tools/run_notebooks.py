"""Execute the notebooks and keep their outputs in them, so that a reader on GitHub and the documentation site see the
results: tables, figures, printed values.

    python tools/run_notebooks.py                 # every notebook in nbs/ (tutorials too)
    python tools/run_notebooks.py nbs/09_evaluate.ipynb ...
    python tools/run_notebooks.py --check         # exit 1 if a saved output is volatile

Cells run as the tests run them (nbdev's runner: `#| eval: false` and flagged cells skipped). Kept: what a cell
returns or displays and what it prints to stdout; dropped: stderr (progress bars, library warnings) and execution
counts. Outputs must not depend on the machine or the moment: a volatile output (a temporary path, a timing, an
object's address) fails the run, naming the notebook and the cell, so the cell is mended rather than the output kept.
"""
import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = [  # what a saved output must not hold
    (re.compile(r"/tmp/|/var/folders/|/private/var/"), "a temporary path"),
    (re.compile(r"\bat 0x[0-9a-f]{6,}"), "an object address"),
    (re.compile(r"'(train_runtime|step_time|eval_runtime|train_samples_per_second)'|\b\d+(\.\d+)?\s?(ms|µs)\b|\d+\.\d+\s?s\b"), "a timing"),
    (re.compile(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d"), "a timestamp"),
]


def machine_paths() -> list:
    "This machine's own paths (the checkout, the home folder, Python's prefixes): a saved output must not name them."
    import os
    paths = {str(ROOT), os.path.expanduser("~"), sys.prefix, sys.base_prefix}
    return [(re.compile(re.escape(p)), "a path of this machine") for p in sorted(paths, key=len, reverse=True) if len(p) > 1]


def notebooks(paths: list[str]) -> list[Path]:
    if paths: return [Path(p).resolve() for p in paths]
    return sorted(p for p in (ROOT / "nbs").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and not p.name.startswith("_"))


def skip_cell(flags: set):
    def skip(cell) -> bool:
        if cell.cell_type != "code": return True
        direc = getattr(cell, "directives_", {}) or {}
        if direc.get("eval:", [""])[0].lower() == "false": return True
        return bool(flags & direc.keys())
    return skip


def kept(outputs: list) -> list:
    "The outputs a reader should see: stdout, results and displays; no stderr, no execution counts."
    out = []
    for o in outputs:
        if o.get("output_type") == "stream" and o.get("name") != "stdout": continue
        o = dict(o)
        if "execution_count" in o: o["execution_count"] = None
        out.append(o)
    return out


def text_of(o: dict) -> str:
    if o.get("output_type") == "stream": return "".join(o.get("text", ""))
    data = o.get("data", {})
    return "".join("".join(data[k]) if isinstance(data[k], list) else str(data[k]) for k in data if k.startswith("text/"))


def problems(nb_path: Path, nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code": continue
        for o in cell.get("outputs", []):
            for pat, what in VOLATILE + machine_paths():
                m = pat.search(text_of(o))
                if m: out.append(f"{nb_path.relative_to(ROOT)} cell {i}: {what} in the output ({m.group(0)!r})")
    return out


def run(nb_path: Path, flags: set) -> list[str]:
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from nbdev.process import NBProcessor
    from fastcore.xtras import working_directory
    nb = NBProcessor(nb_path, process=True).nb  # parses the cells' directives (`#| eval: false`, flags)
    shell = CaptureShell(nb_path, mpl_format="png")
    with working_directory(nb_path.parent):
        shell.run_all(nb, exc_stop=True, preproc=skip_cell(flags))
    raw = read_nb(nb_path)
    for cell, done in zip(raw.cells, nb.cells):
        if cell.cell_type == "code":
            cell["outputs"] = kept(done.get("outputs", []))
            cell["execution_count"] = None
    found = problems(nb_path, raw)
    if not found: write_nb(raw, nb_path)
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--check", action="store_true", help="only check the saved outputs")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from configparser import ConfigParser
    cfg = ConfigParser(delimiters=["="]); cfg.read(ROOT / "settings.ini")
    flags = set(cfg["DEFAULT"].get("tst_flags", "").split())
    from execnb.nbio import read_nb
    bad = []
    for p in notebooks(args.paths):
        if args.check: bad += problems(p, read_nb(p))
        else:
            print(f"running {p.relative_to(ROOT)}", flush=True)
            bad += run(p, flags)
    for b in bad: print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
