"""LiveCodeBench benchmark: stdin programs with 30 tests each, run by our `Sandbox` and by LiveCodeBench's own harness.

    python benchmarks/lcb_bench.py --lcb DIR     # DIR: the root of a scratch copy of LiveCodeBench's repository (the
                                                 # directory holding `lcb_runner/evaluation/`), kept outside this repo;
                                                 # under a minute on 2 cores
    python benchmarks/lcb_bench.py               # ours only: the baseline is skipped, and it says so
    python benchmarks/lcb_bench.py --quick       # smaller workloads, one timing each
    python benchmarks/lcb_bench.py --against DIR # only: this checkout against another copy of the package (a directory
                                                 # holding `critique_coder/`) on the same workload, ours alone, in
                                                 # alternating rounds (--rounds), each in a fresh process: median tests/s
                                                 # and CPU per test of each, per shape, and their ratios

The baseline is LiveCodeBench's real grading path, imported from DIR as it is (nothing of it is copied here):
`evaluate_generations` (a `ProcessPoolExecutor` of `num_process_evaluate` processes) -> `evaluate_generations_by_problem`
-> `check_correctness` (a `multiprocessing.Manager` and a `Process` per program, with a global timeout) -> `run_test` ->
`grade_stdio` (the program wrapped in a function, run once per test under `unittest.mock` patches of stdin, stdout
captured). Its package's `__init__` (which imports the other metrics and pandas) is bypassed: `lcb_runner` and
`lcb_runner.evaluation` are registered as bare packages over DIR's directories, and the modules load from there. It
needs numpy and tqdm (pip install them into a scratch target and put it on PYTHONPATH if this environment lacks them).

Workload: four program shapes, each with a correct and a wrong version, each run on 30 tests (several data sets per
shape): `echo` (reverse a line, `sys.stdin.readline`), `arith` (`a + b`, `input()`), `lines` (100 input lines read
with `input()`, a running sum printed per line) and `work` (a DP loop of 1,500-3,000 steps in `main()` under
`if __name__ == "__main__"`). Each wrong version differs from the correct one only on the last test (an edge case), so
both harnesses run all 30 tests of every program (LiveCodeBench stops at the first failure; ours is told to as well).

Prints, with the same parallelism for both (`--workers`, default the CPU count; `--lcb-workers` to change LiveCodeBench's
alone): per shape and for the whole workload, tests/s (each shape timed by each contender in turn, best of two) and the
CPU time per test of that run (every process of each contender, from /proc and getrusage: clock ticks, so rough on short
runs), the ratio ours/LiveCodeBench of both, and verdict agreement (programs and tests); then the cost per test with one
worker (one pool process for LiveCodeBench), per shape: the whole program's time / 30, and the marginal cost of a test
((time of the 30-test programs - time of the same programs with their first test only) / 29). Timings on a shared
machine are noisy: compare the ratios of one run, and run it more than once.
"""
import argparse
import contextlib
import json
import multiprocessing
import os
import sys
import time
import types
from pathlib import Path

from critique_coder.core import TestCase
from critique_coder.sandbox import Sandbox

TIMEOUT = 6  # seconds per test: LiveCodeBench's default (its `signal.alarm` takes whole seconds)
N_TESTS = 30
MOD = 10**9 + 7

# ---------- the workload: (correct program, wrong program, tests(seed) -> [(input, expected)]) per shape ----------
ECHO = "import sys\nprint(sys.stdin.readline().strip()[::-1])\n"
ECHO_WRONG = "import sys\nprint(sys.stdin.readline().split()[0][::-1])\n"  # only the first word: wrong on a line of two

def echo_tests(seed: int):
    lines = [f"word{seed}x{j}" for j in range(N_TESTS - 1)] + [f"hello world {seed}"]
    return [(l + "\n", l[::-1] + "\n") for l in lines]

ARITH = "a, b = map(int, input().split())\nprint(a + b)\n"
ARITH_WRONG = "a, b = map(int, input().split())\nprint(abs(a + b))\n"  # wrong on a negative sum

def arith_tests(seed: int):
    pairs = [(j, seed * 100 + j) for j in range(N_TESTS - 1)] + [(-50 - seed, 3)]
    return [(f"{a} {b}\n", f"{a + b}\n") for a, b in pairs]

LINES = "n = int(input())\nacc = 0\nfor _ in range(n):\n    acc += int(input())\n    print(acc)\n"
LINES_WRONG = "n = int(input())\nacc = 0\nfor _ in range(n):\n    acc += abs(int(input()))\n    print(acc)\n"  # negatives

def lines_tests(seed: int, n: int = 100):
    out = []
    for j in range(N_TESTS):
        xs = [(seed * 7 + j * 13 + k * 31) % 1000 - (500 if j == N_TESTS - 1 else 0) for k in range(n)]
        sums, acc = [], 0
        for x in xs: acc += x; sums.append(acc)
        out.append((f"{n}\n" + "".join(f"{x}\n" for x in xs), "".join(f"{s}\n" for s in sums)))
    return out

WORK = f"""MOD = {MOD}

def main():
    n = int(input())
    a, b, c = 1, 0, 0
    for _ in range(n):
        a, b, c = (a + b + c) % MOD, a, b
    print(a)

if __name__ == "__main__":
    main()
"""
WORK_WRONG = f"""MOD = {MOD}

def main():
    n = int(input())
    dp = [0] * (n + 1)
    dp[0], dp[1], dp[2] = 1, 1, 2
    for i in range(3, n + 1):
        dp[i] = (dp[i - 1] + dp[i - 2] + dp[i - 3]) % MOD
    print(dp[n])

if __name__ == "__main__":
    main()
"""  # an IndexError for n < 2

def work_tests(seed: int):
    def ways(n):
        a, b, c = 1, 0, 0
        for _ in range(n): a, b, c = (a + b + c) % MOD, a, b
        return a
    ns = [1500 + 50 * j + seed for j in range(N_TESTS - 1)] + [0]
    return [(f"{n}\n", f"{ways(n)}\n") for n in ns]

SHAPES = {"echo": (ECHO, ECHO_WRONG, echo_tests), "arith": (ARITH, ARITH_WRONG, arith_tests),
          "lines": (LINES, LINES_WRONG, lines_tests), "work": (WORK, WORK_WRONG, work_tests)}


def workload(seeds: int, shapes=tuple(SHAPES)) -> list[tuple[str, str, list, bool]]:
    "(shape, program, tests as (input, expected) pairs, whether it is the correct version), shapes interleaved."
    items = []
    for seed in range(seeds):
        for name in shapes:
            good, bad, tests = SHAPES[name]
            t = tests(seed)
            items += [(name, good, t, True), (name, bad, t, False)]
    return items


# ---------- the contenders ----------
def ours(sb: Sandbox, items) -> list[list[bool]]:
    "Per program, per test: passed? (up to and including the first failure, as LiveCodeBench reports them)."
    res = sb.run_many([(code, [TestCase.stdin(i, o) for i, o in tests]) for _, code, tests, _ in items], stop_on_failure=True)
    return [[s == "passed" for s in r.statuses if s != "skipped"] for r in res]


def load_lcb(root: str):
    """LiveCodeBench's `compute_code_generation_metrics` from the copy at `root`, its packages registered bare (so their
    `__init__`, which imports the other metrics and pandas, does not run). Forked processes inherit the registration."""
    ev = Path(root) / "lcb_runner" / "evaluation"
    if not (ev / "compute_code_generation_metrics.py").is_file() or not (ev / "testing_util.py").is_file():
        raise SystemExit(f"--lcb {root}: no lcb_runner/evaluation/compute_code_generation_metrics.py and testing_util.py there")
    for name, path in (("lcb_runner", ev.parent), ("lcb_runner.evaluation", ev)):
        mod = types.ModuleType(name); mod.__path__ = [str(path)]
        sys.modules[name] = mod
    import importlib
    return importlib.import_module("lcb_runner.evaluation.compute_code_generation_metrics")


def lcb(mod, items, workers: int) -> list[list[bool]]:
    "LiveCodeBench's `evaluate_generations` on the same programs: per program, per test it ran, passed?"
    samples = [{"input_output": json.dumps({"inputs": [i for i, _ in tests], "outputs": [o for _, o in tests]})}
               for _, _, tests, _ in items]
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):  # its tqdm bar (a real file: it enables faulthandler)
        results, _ = mod.evaluate_generations(samples, [[code] for _, code, _, _ in items], debug=False,
                                              num_process_evaluate=workers, timeout=TIMEOUT)
    return [[x is True for x in results[i][0]] for i in range(len(items))]


# ---------- measuring ----------
def timed(f):
    t = time.perf_counter(); out = f(); return out, time.perf_counter() - t


_TICK = os.sysconf("SC_CLK_TCK")

def _proc_cpu(pid: int, children: bool = True) -> float:
    "CPU seconds of process `pid` (with its reaped children's, if `children`) from /proc; 0 if it is gone."
    try: f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError: return 0.0
    return sum(int(x) for x in f[11:15 if children else 13]) / _TICK


def _zygotes(workers: set[int]) -> list[int]:
    "The zygotes of `workers` (their children named cc-zygote)."
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit(): continue
        try:
            if open(f"/proc/{p}/comm").read().strip() == "cc-zygote":
                if int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]) in workers: out.append(int(p))
        except (OSError, ValueError, IndexError): pass
    return out


def cpu_clock(sb: Sandbox | None):
    """A function returning the CPU seconds used so far by this process and either (sb given) the sandbox's workers, their
    zygotes and the programs they have reaped (from /proc, in clock ticks), or (None) this process's reaped children (the
    LiveCodeBench pool, its Manager and Process children)."""
    import resource
    self_cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    if sb is None: return lambda: self_cpu() + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    workers = {p.worker_pid for p in getattr(sb, "_procs", []) if p is not None and hasattr(p, "worker_pid")}
    zyg = _zygotes(workers)
    return lambda: self_cpu() + sum(_proc_cpu(w) for w in workers) + sum(_proc_cpu(z, children=False) for z in zyg)


def best(fs: dict, repeat: int, clocks: dict | None = None) -> tuple[dict, dict, dict]:
    """Time each of `fs` `repeat` times, taking turns; the first output, the best time and the CPU seconds of the best
    run (by `clocks[k]`, where given) of each."""
    outs, times, cpus = {}, {k: float("inf") for k in fs}, {}
    for r in range(repeat):
        for k, f in fs.items():
            c0 = clocks[k]() if clocks and k in clocks else 0.0
            out, t = timed(f)
            c = clocks[k]() - c0 if clocks and k in clocks else None
            outs.setdefault(k, out)
            if t < times[k]: times[k], cpus[k] = t, c
    return outs, times, cpus


def first_test_only(items):
    return [(n, c, t[:1], ok) for n, c, t, ok in items]


_AGAINST = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[2])
from critique_coder.sandbox import Sandbox
import lcb_bench as b
W, seeds = int(sys.argv[3]), int(sys.argv[4])
got, cpu, ok = {}, {}, True
with Sandbox(workers=W, timeout=b.TIMEOUT) as sb:
    b.ours(sb, b.workload(1))
    clock = b.cpu_clock(sb)
    for shape in b.SHAPES:
        items = b.workload(seeds, (shape,))
        c = clock(); t = time.perf_counter(); out = b.ours(sb, items); got[shape] = time.perf_counter() - t; cpu[shape] = clock() - c
        ok = ok and [all(v) and len(v) == b.N_TESTS for v in out] == [g for _, _, _, g in items]
print(json.dumps({"times": got, "cpu": cpu, "tests": len(items) * b.N_TESTS, "ok": ok}))
"""


def compare_against(other: str, W: int, seeds: int, rounds: int) -> None:
    """This checkout against another copy of the package on this workload (ours only), in alternating rounds, each in a
    fresh process (so each imports its own copy): the median over rounds of each shape's tests/s, and of the whole."""
    import statistics
    import subprocess
    here, bench_dir = str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)
    got = {here: [], other: []}
    for _ in range(rounds):
        for d in (other, here):
            out = subprocess.run([sys.executable, "-c", _AGAINST, d, bench_dir, str(W), str(seeds)], capture_output=True,
                                 text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            if not r["ok"]: print(f"{d}: a verdict is not the intended one")
            got[d].append(r)
    n = got[here][0]["tests"]
    med = {d: {s: statistics.median(n / r["times"][s] for r in rs) for s in SHAPES} for d, rs in got.items()}
    whole = {d: statistics.median(len(SHAPES) * n / sum(r["times"].values()) for r in rs) for d, rs in got.items()}
    cpu = {d: {s: statistics.median(r["cpu"][s] / n * 1e6 for r in rs) for s in SHAPES} for d, rs in got.items()}
    cpu_whole = {d: statistics.median(sum(r["cpu"].values()) / (len(SHAPES) * n) * 1e6 for r in rs) for d, rs in got.items()}
    print(f"{W} workers, {2 * seeds} programs x {N_TESTS} tests a shape, {rounds} rounds each: median tests/s, and CPU us/test")
    print(f"{'':44s} " + " ".join(f"{s:>7s}" for s in SHAPES) + f" {'whole':>7s}")
    names = ((other, f"other ({other})"), (here, "this checkout"))
    for d, name in names: print(f"{name[:36] + ' tests/s':44s} " + " ".join(f"{med[d][s]:7.0f}" for s in SHAPES) + f" {whole[d]:7.0f}")
    print(f"{'this checkout / other, tests/s':44s} " + " ".join(f"{med[here][s] / med[other][s]:6.2f}x" for s in SHAPES)
          + f" {whole[here] / whole[other]:6.2f}x")
    for d, name in names: print(f"{name[:36] + ' CPU us':44s} " + " ".join(f"{cpu[d][s]:7.0f}" for s in SHAPES) + f" {cpu_whole[d]:7.0f}")
    print(f"{'this checkout / other, CPU per test':44s} " + " ".join(f"{cpu[here][s] / cpu[other][s]:6.2f}x" for s in SHAPES)
          + f" {cpu_whole[here] / cpu_whole[other]:6.2f}x")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lcb", metavar="DIR", help="root of a scratch copy of LiveCodeBench (holding lcb_runner/evaluation/)")
    ap.add_argument("--quick", action="store_true", help="smaller workloads, one timing each")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--seeds", type=int, help="data sets per shape (each a correct and a wrong program; default 10, --quick 4)")
    ap.add_argument("--no-single", action="store_true", help="skip the one-worker cost per test")
    ap.add_argument("--against", metavar="DIR", help="only: this checkout against the package in DIR (a directory holding "
                                                       "`critique_coder/`), ours alone, alternating rounds")
    ap.add_argument("--rounds", type=int, default=4, help="rounds per copy for --against")
    ap.add_argument("--lcb-workers", type=int, help="LiveCodeBench's processes (default: --workers, the same parallelism)")
    args = ap.parse_args()
    W, repeat = args.workers, 1 if args.quick else 2
    LW = args.lcb_workers or W
    seeds = args.seeds or (4 if args.quick else 10)
    if args.against: return compare_against(str(Path(args.against).resolve()), W, seeds, args.rounds)
    mod = None
    if args.lcb:
        if multiprocessing.get_start_method(allow_none=True) is None: multiprocessing.set_start_method("fork")
        mod = load_lcb(args.lcb)
    else:
        print("LiveCodeBench's harness not given (--lcb DIR): timing ours only, no ratio and no verdict check.\n")

    per_shape = {shape: workload(seeds, (shape,)) for shape in SHAPES}
    n_programs = sum(map(len, per_shape.values()))
    times, cpus, outs = {"ours": {}, "lcb": {}}, {"ours": {}, "lcb": {}}, {"ours": [], "lcb": []}
    with Sandbox(workers=W, timeout=TIMEOUT) as sb:
        import critique_coder
        print(f"package: {Path(critique_coder.__file__).parent} | isolation: {sb.isolation['level']} | workers: {W} "
              f"(LiveCodeBench: {LW} processes) | python "
              f"{sys.version.split()[0]} | {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} | {n_programs} programs x "
              f"{N_TESTS} tests ({len(SHAPES)} shapes, each {seeds} data sets x correct + wrong)")
        ours(sb, workload(1))  # warm up
        if mod is not None: lcb(mod, workload(1)[:2], LW)  # its first pool, imports and forks
        clocks = {"ours": cpu_clock(sb), "lcb": cpu_clock(None)}
        for shape, items in per_shape.items():
            fs = {"ours": lambda: ours(sb, items)}
            if mod is not None: fs["lcb"] = lambda: lcb(mod, items, LW)
            o, t, c = best(fs, repeat, clocks)
            for k in fs: times[k][shape] = t[k]; cpus[k][shape] = c[k]; outs[k] += o[k]
    items = [it for its in per_shape.values() for it in its]
    n_shape = N_TESTS * len(items) // len(SHAPES)
    expected = [ok for _, _, _, ok in items]
    verdicts = {k: [all(v) and len(v) == N_TESTS for v in o] for k, o in outs.items() if o}

    print(f"\ntests/s (best of {repeat}, contenders taking turns), and the CPU time a test took in that run (all processes "
          f"of each, from /proc and getrusage, in clock ticks):")
    print(f"{'':38s} " + " ".join(f"{s:>7s}" for s in SHAPES) + f" {'whole':>7s}")
    rows = [("ours", f"ours (Sandbox, {W} workers)")] + ([("lcb", f"LiveCodeBench ({LW} processes)")] if mod is not None else [])
    for k, name in rows:
        print(f"{name + ', tests/s':38s} " + " ".join(f"{n_shape / times[k][s]:7.0f}" for s in SHAPES)
              + f" {n_shape * len(SHAPES) / sum(times[k].values()):7.0f}")
    for k, name in rows:
        print(f"{name + ', CPU us/test':38s} " + " ".join(f"{cpus[k][s] / n_shape * 1e6:7.0f}" for s in SHAPES)
              + f" {sum(cpus[k].values()) / (n_shape * len(SHAPES)) * 1e6:7.0f}")
    if mod is not None:
        print(f"{'ratio ours/LiveCodeBench, tests/s':38s} " + " ".join(f"{times['lcb'][s] / times['ours'][s]:6.1f}x" for s in SHAPES)
              + f" {sum(times['lcb'].values()) / sum(times['ours'].values()):6.1f}x")
        print(f"{'ratio LiveCodeBench/ours, CPU':38s} " + " ".join(f"{cpus['lcb'][s] / cpus['ours'][s]:6.1f}x" for s in SHAPES)
              + f" {sum(cpus['lcb'].values()) / sum(cpus['ours'].values()):6.1f}x")
    print(f"\nours: verdicts as intended (correct versions pass, wrong ones fail) on "
          f"{sum(a == b for a, b in zip(verdicts['ours'], expected))}/{len(items)} programs")
    if mod is not None:
        agree_p = sum(a == b for a, b in zip(verdicts["ours"], verdicts["lcb"]))
        ran = sum(len(v) for v in outs["lcb"])
        agree_t = sum((vo[j] if j < len(vo) else None) == b for vo, vl in zip(outs["ours"], outs["lcb"]) for j, b in enumerate(vl))
        print(f"verdicts ours vs LiveCodeBench: {agree_p}/{len(items)} programs, {agree_t}/{ran} tests (those LiveCodeBench ran)")
        if agree_p != len(items): print("DISAGREEMENT:", [(items[i][0], items[i][3], outs['ours'][i], outs['lcb'][i])
                                                          for i in range(len(items)) if verdicts['ours'][i] != verdicts['lcb'][i]])

    if args.no_single: return
    # ---------- one worker: cost per test, per shape ----------
    s_seeds = 2 if args.quick else 4
    print(f"\ncost per test with one worker (one pool process for LiveCodeBench), {2 * s_seeds} programs a shape, best of "
          f"{repeat}; marginal: (time of the 30-test programs - time of the same with their first test only) / 29")
    print(f"{'shape':8s} {'ours us/test':>13s} {'ours marginal':>14s} {'LCB us/test':>12s} {'LCB marginal':>13s} {'ratio':>6s}")
    with Sandbox(workers=1, timeout=TIMEOUT) as sb1:
        ours(sb1, workload(1))
        for shape in SHAPES:
            its = workload(s_seeds, (shape,))
            one = first_test_only(its)
            fs = {"ours30": lambda: ours(sb1, its), "ours1": lambda: ours(sb1, one)}
            if mod is not None: fs.update({"lcb30": lambda: lcb(mod, its, 1), "lcb1": lambda: lcb(mod, one, 1)})
            _, t, _ = best(fs, repeat)
            n = len(its)
            r = {"ours": t["ours30"] / (n * N_TESTS), "ours_m": (t["ours30"] - t["ours1"]) / (n * (N_TESTS - 1))}
            if mod is not None: r.update(lcb=t["lcb30"] / (n * N_TESTS), lcb_m=(t["lcb30"] - t["lcb1"]) / (n * (N_TESTS - 1)))
            f = lambda k: f"{r[k] * 1e6:.0f}" if k in r else "-"
            ratio = f"{r['lcb'] / r['ours']:.1f}x" if "lcb" in r else "-"
            print(f"{shape:8s} {f('ours'):>13s} {f('ours_m'):>14s} {f('lcb'):>12s} {f('lcb_m'):>13s} {ratio:>6s}")


if __name__ == "__main__":
    main()
