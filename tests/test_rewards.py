"""The rewards inside a real TRL GRPOTrainer step on the tiny model: code rows and critique rows in one batch, each row
scored by exactly one reward (the other returns None), the sandbox running the extracted programs, and the diagnostics
logged through TRL's log_metric."""
import math

import pytest
import torch

from critique_coder.core import CRLRow, RLRow, rows_to_dataset
from critique_coder.data import load_problems
from critique_coder.prompts import code_prompt, critique_prompt
from critique_coder.rewards import get_rewards, make_code_reward, make_critique_reward
from critique_coder.sandbox import Sandbox
from critique_coder.tiny import tiny_model_path


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory):
    return tiny_model_path(cache_dir=tmp_path_factory.mktemp("tiny-cache"))


@pytest.fixture(scope="module")
def sb():
    with Sandbox(workers=2, timeout=2.0) as s: yield s


def hybrid_dataset():
    sample = load_problems("sample")
    rows = [RLRow(p.id, code_prompt(p, thinking=False), p.tests[:3]) for p in sample[:2]]
    rows += [CRLRow(p.id, critique_prompt(p, p.solutions[0], thinking=False), p.solutions[0], label=lab)
             for p, lab in zip(sample[2:4], (True, False))]
    return rows_to_dataset(rows)


def test_both_rewards_in_one_grpo_step(tiny_path, sb, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    seen = []  # what each reward returned, per call

    def recording(fn):
        def wrapped(prompts, completions, **kw):
            out = fn(prompts, completions, **kw)
            seen.append((fn.__name__, list(kw["task"]), out, [c[0]["content"] for c in completions]))
            return out
        wrapped.__name__ = fn.__name__
        return wrapped

    code_r = make_code_reward(sandbox=sb)
    crit_r = make_critique_reward(scale=0.8)
    args = GRPOConfig(output_dir=str(tmp_path), per_device_train_batch_size=8, num_generations=2, max_completion_length=16,
                      max_steps=1, learning_rate=1e-2, report_to=[], logging_steps=1, save_strategy="no",
                      use_cpu=True, bf16=False, seed=0, temperature=1.0)
    model = AutoModelForCausalLM.from_pretrained(tiny_path)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    trainer = GRPOTrainer(model=model, reward_funcs=[recording(code_r), recording(crit_r)], args=args,
                          train_dataset=hybrid_dataset(), processing_class=AutoTokenizer.from_pretrained(tiny_path))
    trainer.train()

    (n1, tasks1, code_out, texts), (n2, tasks2, crit_out, _) = seen
    assert (n1, n2) == ("code_reward", "critique_reward") and tasks1 == tasks2
    assert sorted(set(tasks1)) == ["code", "critique"]
    for task, c, k in zip(tasks1, code_out, crit_out):  # exactly one reward per row
        assert (c is None) != (k is None)
        assert (c is not None) == (task == "code")
    # the tiny model writes no code and no verdict: 0 for every row, decided by the parsers, not assumed
    assert all(v == 0.0 for v in code_out + crit_out if v is not None)
    log = trainer.state.log_history[0]
    assert log["rewards/code_reward/mean"] == 0.0 and log["rewards/critique_reward/mean"] == 0.0
    assert log["code_reward/code_missing"] == 1.0 and log["critique_reward/verdict_missing"] == 1.0
    assert not math.isnan(log["reward"])
    changed = [n for n, p in trainer.model.named_parameters() if not torch.equal(before[n], p.detach())]
    assert changed or log.get("grad_norm", 0) == 0  # all-zero rewards give zero advantages: no update is right too


def test_rewards_score_real_answers_on_a_hybrid_batch(sb):
    "The same rows with hand-written answers: right and wrong programs, right and wrong verdicts."
    ds = hybrid_dataset()
    rows = list(ds)
    sol = [load_problems("sample")[i].solutions[0] for i in range(2)]
    answers = [f"<think>\nplan\n</think>\n```python\n{sol[0]}\n```", f"```python\n{sol[1]}\nprint('extra')\n```",
               "<think>\nit looks fine\n</think>\nIt handles every case.\n\\conclusion{T}",
               "<think>\n\\conclusion{F}\n</think>\nLooks correct to me.\n\\conclusion{T}"]
    batch = {k: [r[k] for r in rows] for k in rows[0]}
    batch["prompts"] = batch.pop("prompt")  # as TRL passes them
    batch["completions"] = [[{"role": "assistant", "content": a}] for a in answers]
    code_r, crit_r = get_rewards({"code": {"sandbox": sb}, "critique": {"scale": 0.8}})
    assert code_r(**batch) == [1.0, 0.0, None, None]
    assert crit_r(**batch) == [None, None, 0.8, 0.0]  # row 4 is labelled wrong; its final verdict says correct
    assert make_critique_reward(official=True)(**batch)[3] == 0.0  # official: last \conclusion anywhere, here T as well


def test_bad_rows_get_errors_that_name_the_row_and_field(sb):
    from critique_coder.core import DataError
    from critique_coder.prompts import extract_code, extract_verdict
    code_r, crit_r = make_code_reward(sandbox=sb), make_critique_reward()
    good = "```python\nprint(1)\n```"
    with pytest.raises(DataError) as e:
        code_r(prompts=[[], []], completions=[good, good], task=["code", "code"], tests=[[{"kind": "stdin", "input": "", "output": "1"}], "oops"])
    assert e.value.row == 1 and e.value.field == "tests"
    with pytest.raises(DataError) as e:
        code_r(prompts=[[]], completions=[good], tests=[[{"kind": "nope"}]])
    assert e.value.row == 0 and e.value.field == "tests[0]"
    with pytest.raises(DataError) as e:
        crit_r(prompts=[[], []], completions=["\\conclusion{T}"] * 2, task=["critique"] * 2, label=[True, None])
    assert e.value.row == 1 and e.value.field == "label"
    with pytest.raises(DataError) as e:
        code_r(prompts=[[]], completions=[good], tests=[[{"kind": "stdin", "input": "", "output": "1"}]] * 2)
    assert e.value.field == "tests"
    for f in (extract_code, extract_verdict):
        with pytest.raises(DataError): f(None)
