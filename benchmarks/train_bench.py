"""One GRPO step on the offline tiny model, on CPU: where the time goes (generation, rewards, the update), with the
library's rewards (asynchronous, the shared sandbox) against two baselines on the same batches.

    python benchmarks/train_bench.py            # 6 timed steps per contender after 2 warm-up steps (a few minutes)
    python benchmarks/train_bench.py --quick    # 2 timed steps

Workload: a small hybrid dataset curated here (HumanEval + the bundled stdin sample, half critique rows), the tiny
model warm-started to write verdicts and code blocks, 8 prompts x 4 rollouts per step, up to 128 new tokens. Two
reward loads: `model` scores what the model wrote (its programs fail fast); `solutions` scores each code row's
reference solution instead (every test runs and passes: the sandbox's heaviest honest load). Contenders:
  ours       the library's rewards, asynchronous (TRL runs them concurrently), the sandbox shared by the process
  sync       the same rewards, synchronous
  subprocess a plain reward function that runs each test in a fresh `python` (what a first implementation does)
Timings on a shared machine are noisy: compare the shares and ratios of one run.
"""
import argparse
import inspect
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasets import Dataset
from transformers import PrinterCallback
from trl import GRPOConfig

from critique_coder.core import TestCase
from critique_coder.curate import CurateConfig, curate
from critique_coder.data import load_problems
from critique_coder.prompts import completion_text, extract_code
from critique_coder.rewards import make_code_reward, make_critique_reward
from critique_coder.sandbox import compare_stdout
from critique_coder.tiny import tiny_model_path
from critique_coder.train import CritiqueGRPOTrainer, load_split, warm_start

NO_THINK = {"enable_thinking": False}


class Timed(CritiqueGRPOTrainer):
    "Records the seconds of each step's generation, rewards and whole generate-and-score call."
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.times = []

    def _generate(self, prompts):
        t = time.perf_counter(); out = super()._generate(prompts); self._gen = time.perf_counter() - t
        return out

    def _calculate_rewards(self, *a):
        t = time.perf_counter(); out = super()._calculate_rewards(*a); self._rew = time.perf_counter() - t
        return out

    def _generate_and_score_completions(self, inputs):
        t = time.perf_counter(); out = super()._generate_and_score_completions(inputs)
        self._gas = time.perf_counter() - t
        return out

    def training_step(self, model, inputs, num_items_in_batch):
        t = time.perf_counter(); out = super().training_step(model, inputs, num_items_in_batch)
        step = time.perf_counter() - t
        self.times.append({"step": step, "generation": self._gen, "rewards": self._rew, "update": step - self._gas})
        return out


def subprocess_code_reward(prompts, completions, task, tests, **kw):
    "Baseline: each test in a fresh interpreter, synchronously."
    out = []
    for c, t, ts in zip(completions, task, tests):
        if t != "code": out.append(None); continue
        code = extract_code(completion_text(c))
        if code is None: out.append(0.0); continue
        passed = 0
        for d in ts:
            tc = TestCase.from_dict({k: v for k, v in d.items() if v is not None or k == "kind"})
            if tc.kind == "stdin":
                try: p = subprocess.run([sys.executable, "-c", code], input=tc.input, capture_output=True, text=True, timeout=6)
                except subprocess.TimeoutExpired: continue
                passed += p.returncode == 0 and compare_stdout(p.stdout, tc.output)[0]
            else:
                prog = f"{code}\n{tc.code}\ncheck({tc.entry_point})\n" if tc.entry_point else f"{code}\n{tc.code}\n"
                try: passed += subprocess.run([sys.executable, "-c", prog], capture_output=True, timeout=6).returncode == 0
                except subprocess.TimeoutExpired: pass
        out.append(passed / len(ts))
    return out


def with_solutions(fn, solutions: dict):
    "A reward that scores each code row's reference solution instead of the completion (the `solutions` load)."
    swap = lambda completions, kw: [f"```python\n{solutions[p]}\n```" if t == "code" else c
                                    for c, t, p in zip(completions, kw["task"], kw["problem_id"])]
    if inspect.iscoroutinefunction(fn):
        async def wrapped(prompts, completions, **kw): return await fn(prompts, swap(completions, kw), **kw)
    else:
        def wrapped(prompts, completions, **kw): return fn(prompts, swap(completions, kw), **kw)
    wrapped.__name__ = fn.__name__
    return wrapped


def contenders(load: str, solutions: dict):
    mk = {"ours": lambda: [make_code_reward(asynchronous=True, workers=2, timeout=6.0), make_critique_reward(asynchronous=True)],
          "sync": lambda: [make_code_reward(asynchronous=False, workers=2, timeout=6.0), make_critique_reward()],
          "subprocess": lambda: [subprocess_code_reward, make_critique_reward()]}
    for name, make in mk.items():
        fns = make()
        if load == "solutions": fns = [with_solutions(fns[0], solutions), fns[1]]
        yield name, fns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    steps, warmup = (2, 1) if a.quick else (6, 2)
    work = Path(tempfile.mkdtemp(prefix="train-bench-"))
    curate(CurateConfig(limit=24, mutants_per_solution=1, crl_ratio=0.5, validation=0.1, timeout=2.0, workers=2), work / "data", progress=False)
    rows = load_split(str(work / "data"), "train")
    problems = {p.id: p for src in ("humaneval", "sample") for p in load_problems(src)}
    solutions = {pid: problems[pid].solutions[0] for pid in set(rows["problem_id"])}
    examples = [(r["prompt"], "\\conclusion{T}" if r["task"] == "critique" else "```python\nprint(input())\n```") for r in rows]
    warm_start(str(tiny_model_path()), examples, work / "warm", steps=60, template_kwargs=NO_THINK)
    print(f"{len(rows)} rows ({list(rows['task']).count('critique')} critique); {steps} timed steps after {warmup} warm-up, "
          f"8 prompts x 4 rollouts, up to 128 tokens\n")
    print(f"{'load':9} {'contender':10} {'step s':>7} {'gen s':>7} {'rewards s':>9} {'update s':>8} {'rewards %':>9}")
    summary = {}
    for load in ("model", "solutions"):
        for name, fns in contenders(load, solutions):
            args = GRPOConfig(output_dir=str(work / f"run-{load}-{name}"), use_cpu=True, bf16=False, gradient_checkpointing=False, seed=0,
                              max_steps=steps + warmup, num_generations=4, per_device_train_batch_size=32, max_completion_length=128,
                              learning_rate=1e-5, temperature=1.0, chat_template_kwargs=NO_THINK, report_to=[], logging_steps=1,
                              save_strategy="no", disable_tqdm=True)
            tr = Timed(model=str(work / "warm"), reward_funcs=fns, args=args, train_dataset=rows, dynamic_sampling="filter")
            tr.remove_callback(PrinterCallback)  # the log lines of each step: the table below says it
            tr.train()
            t = tr.times[warmup:]
            med = {k: statistics.median(x[k] for x in t) for k in t[0]}
            share = sum(x["rewards"] for x in t) / sum(x["step"] for x in t)
            summary[(load, name)] = (med, share)
            print(f"{load:9} {name:10} {med['step']:7.3f} {med['generation']:7.3f} {med['rewards']:9.3f} {med['update']:8.3f} {100 * share:8.1f}%")
    print()
    for load in ("model", "solutions"):
        ours, base = summary[(load, "ours")][0]["rewards"], summary[(load, "subprocess")][0]["rewards"]
        print(f"{load}: rewards {base / ours:.1f}x faster than a subprocess per test; "
              f"reward share {100 * summary[(load, 'ours')][1]:.1f}% (target < 5%)")


if __name__ == "__main__":
    main()
