"""A program that once turned its own result into a sandbox fault (a test's block held in C code on its values, so the
worker had to be ended) gets a verdict of its own all the way through: the code reward scores it 0.0, curation labels
it, and an evaluation finishes, with every other answer judged as usual."""
import json

import pytest

from critique_coder.core import Candidate, Problem, TestCase, write_jsonl
from critique_coder.curate import label
from critique_coder.evaluate import EvalConfig, evaluate
from critique_coder.rewards import make_code_reward
from critique_coder.sandbox import Sandbox

CHECK = "def check(candidate):\n    assert sum(range(candidate(3))) == 3\n"  # the problem's own block: correct code is fast
FORCER = "def f(n):\n    return 10 ** 18\n"  # ... and this answer holds that block's C loop (`sum`) past any signal
RIGHT = "def f(n):\n    return n\n"
PROBLEM = Problem(id="forced", question="Write f(n) returning n.", tests=[TestCase("assert", code=CHECK, entry_point="f")],
                  solutions=[RIGHT])


def fenced(code: str) -> str: return f"```python\n{code}```"


@pytest.fixture(scope="module")
def sb():
    with Sandbox(workers=1, timeout=1.0, wall_timeout=3.0) as s: yield s


def test_the_code_reward_scores_a_fault_forcer_zero(sb):
    reward = make_code_reward(sandbox=sb)
    tests = [[t.to_dict() for t in PROBLEM.tests]] * 2
    assert reward(prompts=[None, None], completions=[fenced(FORCER), fenced(RIGHT)], tests=tests) == [0.0, 1.0]


def test_curation_labels_a_fault_forcer_and_goes_on(sb):
    cands = [Candidate("forced", FORCER, "sample"), Candidate("forced", RIGHT, "solution")]
    out, _ = label(cands, {"forced": PROBLEM}, sb, progress=False)
    assert [(o["label"], o["statuses"]) for o in out] == [(False, ["timeout"]), (True, ["passed"])]


class Canned:
    "A backend that answers every prompt with the same completions, in turn."
    model_id = "canned"
    def __init__(self, answers: list[str]): self.answers = answers
    def generate(self, prompts, n, sampling, seeds): return [[self.answers[k % len(self.answers)] for k in range(n)] for _ in prompts]


def test_an_evaluation_with_a_fault_forcer_finishes(sb, tmp_path):
    write_jsonl(tmp_path / "problems.jsonl", [PROBLEM.to_dict()])
    cfg = EvalConfig(benchmarks=[str(tmp_path / "problems.jsonl")], n=2, ks=[1], max_new_tokens=16, batch_size=1)
    s = evaluate(cfg, Canned([fenced(FORCER), fenced(RIGHT)]), tmp_path / "run", sandbox=sb, progress=False)
    samples = [json.loads(l) for l in open(tmp_path / "run" / "samples.jsonl")]
    assert [r["statuses"] for r in samples] == [["timeout"], ["passed"]]
    assert s["benchmarks"]["problems"]["pass@1"] == pytest.approx(0.5)
