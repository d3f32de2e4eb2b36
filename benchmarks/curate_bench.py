"""Curation labelling throughput: candidates labelled per second, stopping each candidate once its label is decided
(the default) against running every test (`exact=True`), on the same candidates in one run.

    python benchmarks/curate_bench.py [--mutants 2] [--timeout 1.0] [--workers N]

Candidates: the reference solutions of HumanEval and the bundled sample, plus mutants of each (some loop forever, which
is what a curation run meets in model samples too). Tests filtered as `critique-coder curate` filters them. Labels
must agree between the two modes; the ratio of the rates is printed. Timings on a shared machine are noisy.
"""
import argparse
import os
import time

from critique_coder.curate import filter_tests, label, reference_candidates, token_counter
from critique_coder.data import load_problems
from critique_coder.sandbox import Sandbox


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mutants", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    problems, _ = filter_tests(load_problems("humaneval") + load_problems("sample"), token_counter(), 200, 30, 0)
    by_id = {p.id: p for p in problems}
    cands = reference_candidates(problems, args.mutants, seed=0)
    rows = {}
    with Sandbox(workers=args.workers, timeout=args.timeout) as sb:
        for exact in (False, True, False, True):  # alternate: a change in the machine's load hits both
            t = time.perf_counter()
            out, _ = label(cands, by_id, sb, 0.8, cache=None, progress=False, exact=exact)
            rows.setdefault(exact, []).append((len(cands) / (time.perf_counter() - t), [x["label"] for x in out]))
    fast, full = max(r[0] for r in rows[False]), max(r[0] for r in rows[True])
    agree = rows[False][0][1] == rows[True][0][1]
    print(f"{len(cands)} candidates ({len(problems)} problems, {args.mutants} mutants per reference), timeout {args.timeout}s, "
          f"{args.workers} workers")
    print(f"  stop once the label is decided: {fast:7.1f} candidates/s")
    print(f"  run every test (exact):         {full:7.1f} candidates/s")
    print(f"  ratio {fast / full:.2f}x; labels identical: {agree}")


if __name__ == "__main__":
    main()
