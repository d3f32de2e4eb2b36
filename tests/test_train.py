"""GRPO training on the tiny model, on CPU, with the real TRL trainer, the real sandbox and real files: full and LoRA
steps on both tasks, dynamic sampling, resume, two processes, and a run whose reward rises."""
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from conftest import ROOT
from datasets import Dataset
from trl import GRPOConfig, ModelConfig

from critique_coder.core import DataError
from critique_coder.prompts import critique_prompt_text
from critique_coder.tiny import tiny_model_path
from critique_coder.train import (CritiqueGRPOTrainer, TrainConfig, build_trainer, filter_long_prompts, load_split,
                                  merge_adapter, sandbox_workers, train, warm_start)

NO_THINK = {"enable_thinking": False}
CLI = [sys.executable, "-m", "critique_coder.cli"]


def grpo(out, **kw) -> GRPOConfig:
    base = dict(output_dir=str(out), use_cpu=True, bf16=False, gradient_checkpointing=False, seed=0, max_steps=2,
                num_generations=4, per_device_train_batch_size=16, max_completion_length=16, learning_rate=1e-3,
                weight_decay=0.0, beta=0.0, temperature=1.0, report_to=[], logging_steps=1, save_strategy="no",
                chat_template_kwargs=NO_THINK, disable_tqdm=True)
    return GRPOConfig(**{**base, **kw})


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    "A small hybrid dataset made by curation itself (half critique rows, so most batches hold both tasks)."
    from critique_coder.curate import CurateConfig, curate
    out = tmp_path_factory.mktemp("curated")
    curate(CurateConfig(limit=12, mutants_per_solution=1, crl_ratio=0.5, validation=0.25, timeout=2.0, workers=2), out, progress=False)
    return out


@pytest.fixture(scope="module")
def warm(curated, tmp_path_factory):
    "The tiny model taught the answer formats (verdicts at random, a code block), so GRPO has rewards to move."
    rng = random.Random(0)
    rows = load_split(str(curated), "train")
    examples = [(r["prompt"], "\\conclusion{%s}" % rng.choice("TF") if r["task"] == "critique" else "```python\nprint(1)\n```")
                for r in rows]
    out = tmp_path_factory.mktemp("warm")
    warm_start(str(tiny_model_path()), examples, out, steps=60, template_kwargs=NO_THINK)
    return str(out)


def test_full_parameter_steps_on_both_tasks_change_every_weight(curated, warm, tmp_path):
    cfg = TrainConfig(dataset=str(curated), eval_split=None, sandbox_timeout=1.0, dynamic_sampling="filter")
    trainer, data = build_trainer(cfg, grpo(tmp_path, max_steps=3), ModelConfig(model_name_or_path=warm))
    assert data["train"]["rows_out"] == data["train"]["rows_in"] and data["train"]["tasks"]["critique"] > 0
    before = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
    trainer.train()
    after = dict(trainer.model.named_parameters())
    assert [n for n, p in before.items() if torch.equal(p, after[n].detach())] == []
    steps = [h for h in trainer.state.log_history if "reward" in h]
    assert any(h["rewards/code_reward/mean"] is not None and h["rewards/critique_reward/mean"] is not None for h in steps)
    # each reward scores its own rows only: None (NaN here) on the other task's rows, a number on its own
    logs = trainer._logs
    for prompt, code, critique in zip(logs["prompt"], logs["rewards"]["code_reward"], logs["rewards"]["critique_reward"]):
        is_critique = "\\conclusion{T} for correct" in prompt[-1]["content"]
        assert math.isnan(code) == is_critique and math.isnan(critique) == (not is_critique)


def test_lora_adapter_trains_alone_saves_reloads_and_merges(curated, warm, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM
    cfg = TrainConfig(dataset=str(curated), eval_split=None, sandbox_timeout=1.0)
    margs = ModelConfig(model_name_or_path=warm, use_peft=True, lora_r=8, lora_alpha=16, lora_dropout=0.0,
                        lora_target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    run = tmp_path / "run"
    trainer, _ = build_trainer(cfg, grpo(run, max_steps=6), margs)
    trainable = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if p.requires_grad}
    frozen = {n: p.detach().clone() for n, p in trainer.model.named_parameters() if not p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    trainer.train()
    trainer.save_model(str(run))
    now = dict(trainer.model.named_parameters())
    assert [n for n, p in trainable.items() if torch.equal(p, now[n].detach())] == []  # every adapter weight moved
    assert all(torch.equal(p, now[n].detach()) for n, p in frozen.items())           # the base did not
    assert (run / "adapter_config.json").exists() and (run / "adapter_model.safetensors").exists()
    reloaded = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(warm), str(run))
    again = dict(reloaded.named_parameters())
    for n, p in now.items():
        if "lora_" in n: assert torch.equal(p.detach(), again[n].detach()), n
    merged = AutoModelForCausalLM.from_pretrained(merge_adapter(run, tmp_path / "merged"))
    ids = torch.tensor([[1, 5, 9, 42, 7, 3]])
    with torch.no_grad():
        want, got = reloaded(ids).logits, merged(ids).logits
        base = AutoModelForCausalLM.from_pretrained(warm)(ids).logits
    assert torch.allclose(want, got, atol=1e-5) and not torch.allclose(base, got, atol=1e-5)


class Spy(CritiqueGRPOTrainer):
    "Keeps what dynamic sampling saw and left."
    def _generate_and_score_completions(self, inputs):
        self.kinds = [x["kind"] for x in inputs]
        return super()._generate_and_score_completions(inputs)

    def _filter_groups(self, out):
        self.mask_before = out["completion_mask"].clone()
        super()._filter_groups(out)
        self.filtered = out


def kinds_dataset(kinds=("flat", "vary", "flat", "vary")):
    return Dataset.from_list([{"prompt": [{"role": "user", "content": f"question {i}"}], "kind": k, "problem_id": f"{k}-{i}"}
                              for i, k in enumerate(kinds)])


def flat_or_vary(prompts, completions, kind, **kw):
    "Equal rewards in the groups of 'flat' prompts, unequal in those of 'vary' prompts."
    return [1.0 if k == "flat" else float(i % 2) for i, k in enumerate(kind)]


def test_dynamic_sampling_drops_zero_variance_groups_from_loss_and_normaliser(tmp_path):
    trainer = Spy(model=str(tiny_model_path()), reward_funcs=flat_or_vary, args=grpo(tmp_path, max_steps=1), train_dataset=kinds_dataset(),
                  dynamic_sampling="filter")
    trainer.train()
    flat = torch.tensor([k == "flat" for k in trainer.kinds])
    out = trainer.filtered
    assert flat.sum() == 8 and (~flat).sum() == 8  # two groups of each
    assert out["completion_mask"][flat].sum() == 0 and torch.all(out["advantages"][flat] == 0)
    assert torch.equal(out["completion_mask"][~flat], trainer.mask_before[~flat])
    assert out["num_items_in_batch"].item() == trainer.mask_before[~flat].sum().item()
    step = next(h for h in trainer.state.log_history if "reward" in h)
    assert step["dynamic_sampling/kept_fraction"] == 0.5 and step["dynamic_sampling/kept_groups"] == 2
    assert step["frac_reward_zero_std"] == 0.5


class Kept(CritiqueGRPOTrainer):
    "Keeps the batches it hands to training."
    def _generate_and_score_completions(self, inputs):
        out = super()._generate_and_score_completions(inputs)
        self.batches = getattr(self, "batches", []) + [out]
        return out


def test_dynamic_sampling_refill_replaces_zero_variance_groups_with_new_prompts(tmp_path):
    ds = kinds_dataset(["flat"] * 6 + ["vary"] * 6)
    trainer = Kept(model=str(tiny_model_path()), reward_funcs=flat_or_vary, args=grpo(tmp_path, max_steps=3, save_strategy="steps", save_steps=2),
                   train_dataset=ds, dynamic_sampling="refill", max_refill_rounds=6)
    trainer.train()
    steps = [h for h in trainer.state.log_history if "dynamic_sampling/extra_rounds" in h]
    assert len(steps) == 3 and all(h["dynamic_sampling/kept_fraction"] == 1.0 and h["dynamic_sampling/kept_groups"] == 4 for h in steps)
    assert sum(h["dynamic_sampling/extra_rounds"] for h in steps) >= 1  # half the prompts are flat: some batch needed more
    order = [json.loads(l)["problem_ids"] for l in (tmp_path / "batches.jsonl").read_text().splitlines()]
    assert len(order) == 3 and all(len(ids) == 4 and all(i.startswith("vary-") for i in ids) for ids in order)
    for out in trainer.batches:  # 16 rows, every one in the loss, the normaliser their tokens
        assert out["completion_ids"].shape[0] == 16 and out["prompt_ids"].shape[0] == 16
        assert torch.all(out["completion_mask"].sum(1) > 0) and out["num_items_in_batch"].item() == out["completion_mask"].sum().item()
        assert torch.all(out["advantages"].view(-1, 4).abs().sum(1) > 0)
    assert json.loads((tmp_path / "checkpoint-2" / "refill_state_0.json").read_text())["position"] == trainer._refill_position - \
        4 * steps[2]["dynamic_sampling/extra_rounds"]


def test_two_processes_train_and_normalise_across_both(curated, tmp_path):
    """accelerate launch --num_processes 2 on CPU (torchrun; gloo, since there is no GPU): the normaliser check, then
    `critique-coder train` itself. (`--cpu` would make accelerate start one plain process.)"""
    launch = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
              "--mixed_precision", "no", "--dynamo_backend", "no"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    p = subprocess.run([*launch, str(ROOT / "tests" / "ddp_dynamic_sampling.py"), str(tmp_path / "ds")], capture_output=True, text=True, env=env, timeout=600)
    assert p.stdout.count("normaliser ok") == 2 and p.stdout.count("refill ok") == 2, p.stderr[-3000:]
    assert finished_cleanly(p), p.stderr[-3000:]
    out = tmp_path / "run"
    p = subprocess.run([*launch, "-m", "critique_coder.cli", "train", "--config", str(ROOT / "recipes" / "cpu-tiny.yaml"),
                        "--dataset", str(curated), "--output_dir", str(out), "--max_steps", "2", "--save_steps", "2",
                        "--eval_steps", "2", "--max_eval_rows", "4", "--per_device_eval_batch_size", "2"],
                       capture_output=True, text=True, env=env, timeout=600)
    assert (out / "run.json").exists(), p.stderr[-3000:]
    assert finished_cleanly(p), p.stderr[-3000:]
    batches = [json.loads(l) for l in (out / "batches.jsonl").read_text().splitlines()]
    assert [b["step"] for b in batches] == [0, 1] and all(len(b["problem_ids"]) == 4 for b in batches)  # 2 x 8 rows / 4 generations
    run = json.loads((out / "run.json").read_text())
    assert run["global_step"] == 2 and run["selection"]["best_checkpoint"] == "checkpoint-2"
    assert (out / "checkpoint-2").is_dir()


def finished_cleanly(p) -> bool:
    """A launch exited 0, or every rank finished its work and one then died in teardown with gloo's known abort
    ("terminate called without an active exception", seen about once in ten CPU launches, after the last collective)."""
    return p.returncode == 0 or "terminate called without an active exception" in p.stderr


def run_cli_train(curated, out, *extra, **popen):
    args = [*CLI, "train", "--config", str(ROOT / "recipes" / "cpu-tiny.yaml"), "--dataset", str(curated), "--output_dir", str(out),
            "--max_steps", "8", "--save_steps", "2", "--eval_strategy", "no", "--eval_split", "none", *extra]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **popen)


def data_order(out) -> dict:
    "The problems of each step; a step recorded twice (before a kill and after the resume) keeps its later record."
    return {b["step"]: b["problem_ids"] for b in map(json.loads, (out / "batches.jsonl").read_text().splitlines())}


def test_a_killed_run_resumes_to_the_same_step_with_the_same_data_order(curated, tmp_path):
    whole = run_cli_train(curated, tmp_path / "whole")
    assert whole.wait(timeout=600) == 0, whole.stderr.read()[-3000:]
    out = tmp_path / "killed"
    proc = run_cli_train(curated, out, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and not (out / "checkpoint-2" / "trainer_state.json").exists():
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL); proc.wait()
    assert not (out / "run.json").exists()
    resumed = run_cli_train(curated, out, "--resume_from_checkpoint", "last")
    assert resumed.wait(timeout=600) == 0, resumed.stderr.read()[-3000:]
    run = json.loads((out / "run.json").read_text())
    assert run["resumed_from"].endswith("checkpoint-" + run["resumed_from"].rsplit("-", 1)[1]) and run["global_step"] == 8
    state = lambda d: json.loads((d / "trainer_state.json").read_text())
    assert state(out)["global_step"] == state(tmp_path / "whole")["global_step"] == 8
    assert data_order(out) == data_order(tmp_path / "whole") and len(data_order(out)) == 8


def test_the_mean_reward_rises_on_a_learnable_critique_task(tmp_path):
    """Critique rows of one question with two candidates (a right one, labelled True; a wrong one, False), three to one.
    After a warm start that teaches the verdict format with verdicts at random, GRPO raises the mean reward: the
    model learns the verdict the data favours (measured: 0.51 over the first 15 steps, 0.71 over the last 15; a
    learning rate of 2e-3 instead collapses the format of this 2-layer model, so the settings matter)."""
    question = "Write a function add(a, b) that returns the sum of a and b."
    right, wrong = "def add(a, b):\n    return a + b", "import os\nwhile True:\n    os.fork()"
    row = lambda label: {"problem_id": "add", "task": "critique", "label": label,
                         "prompt": [{"role": "user", "content": critique_prompt_text(question, right if label else wrong)}]}
    rng = random.Random(0)
    warm = tmp_path / "warm"
    warm_start(str(tiny_model_path()), [(row(rng.random() < .5)["prompt"], "\\conclusion{%s}" % rng.choice("TF")) for _ in range(64)],
               warm, steps=100, template_kwargs=NO_THINK)
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps(row(i % 4 != 0)) + "\n" for i in range(400)))
    cfg = TrainConfig(dataset=str(data), eval_split=None, tasks=["critique"])
    args = grpo(tmp_path / "run", max_steps=60, per_device_train_batch_size=32, num_generations=8, learning_rate=1e-3,
                warmup_steps=10, lr_scheduler_type="constant_with_warmup")
    out = train(cfg, args, ModelConfig(model_name_or_path=str(warm)))
    rewards = [h["reward"] for h in json.loads((tmp_path / "run" / "trainer_state.json").read_text())["log_history"] if "reward" in h]
    assert len(rewards) == 60 and out["global_step"] == 60
    first, last = sum(rewards[:15]) / 15, sum(rewards[-15:]) / 15
    print(f"mean reward, first 15 steps {first:.3f}, last 15 steps {last:.3f}")
    assert last > first + 0.1 and last > 0.6


def test_the_data_step_names_bad_rows_and_reports_what_it_drops(tmp_path, curated):
    bad = tmp_path / "bad.jsonl"
    rows = [{"problem_id": "a", "task": "critique", "label": True, "prompt": [{"role": "user", "content": "q"}]},
            {"problem_id": "b", "task": "critique", "label": None, "prompt": [{"role": "user", "content": "q"}]}]
    bad.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with pytest.raises(DataError) as e: load_split(str(bad), "train")
    assert "row 1" in str(e.value) and "label" in str(e.value) and "bad.jsonl" in str(e.value)
    with pytest.raises(DataError, match="no 'test' split"): load_split(str(curated), "test")
    bad.write_text(json.dumps({"problem_id": "c", "task": "code", "prompt": [{"role": "user", "content": "q"}],
                               "tests": [{"kind": "stdout", "input": "1"}]}) + "\n")
    with pytest.raises(DataError, match=r"row 0 \(id 'c'\), field 'tests\[0\]'"): load_split(str(bad), "train")
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(str(tiny_model_path()))
    ds = load_split(str(curated), "train")
    kept, stats = filter_long_prompts(ds, tok, 200, NO_THINK)
    assert stats["rows_in"] == len(ds) and stats["rows_out"] == len(kept) == len(ds) - len(stats["dropped"]) and stats["dropped"]
    from critique_coder.generate import prompt_ids
    assert all(d["tokens"] > 200 for d in stats["dropped"]) and all(len(prompt_ids(tok, p, NO_THINK)) <= 200 for p in kept["prompt"])


@pytest.mark.skipif(__import__("importlib").util.find_spec("vllm") is not None, reason="vLLM is installed here")
def test_asking_for_vllm_without_it_names_the_extra(curated, tmp_path, capsys):
    from critique_coder.cli import main
    assert main(["train", "--config", str(ROOT / "recipes" / "cpu-tiny.yaml"), "--dataset", str(curated),
                 "--output_dir", str(tmp_path), "--use_vllm", "true"]) == 2
    assert "pip install 'critique-coder[vllm]'" in capsys.readouterr().err


def test_sandbox_workers_share_the_node(monkeypatch):
    monkeypatch.setenv("LOCAL_WORLD_SIZE", str(os.cpu_count() or 1))
    assert sandbox_workers(TrainConfig()) == 1
    monkeypatch.setenv("LOCAL_WORLD_SIZE", "1")
    assert sandbox_workers(TrainConfig()) == (os.cpu_count() or 1) and sandbox_workers(TrainConfig(sandbox_workers=3)) == 3
