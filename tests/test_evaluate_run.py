"""`critique-coder evaluate` end to end: a tiny model taught a few answers (so some samples pass and some fail), the
run directory and its resume after a kill, critique accuracy, benchmarks and `compare`."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import FIXTURES, ROOT

from critique_coder.core import ConfigError, CRLRow, Problem, TestCase, write_jsonl
from critique_coder.evaluate import EvalConfig, answer_code, compare, evaluate, load_benchmark, pass_at_k, resume_point
from critique_coder.generate import ModelArgs
from critique_coder.prompts import code_prompt, critique_prompt

ADD = Problem(id="add", question="Read two integers and print their sum.", difficulty="easy",
              tests=[TestCase.stdin("2 3\n", "5\n"), TestCase.stdin("10 -4\n", "6\n")], solutions=["print(sum(map(int, input().split())))"])
MUL = Problem(id="mul", question="Read two integers and print their product.", difficulty="easy",
              tests=[TestCase.stdin("2 3\n", "6\n"), TestCase.stdin("10 -4\n", "-40\n")], solutions=["a, b = map(int, input().split())\nprint(a * b)"])
SUB = Problem(id="sub", question="Read two integers and print the first minus the second.", difficulty="hard",
              tests=[TestCase.stdin("2 3\n", "-1\n"), TestCase.stdin("10 -4\n", "14\n")], solutions=["a, b = map(int, input().split())\nprint(a - b)"])
WRONG_ADD = "print(0)"


def fenced(code: str) -> str: return f"<think>\nok\n</think>\n\n```python\n{code}\n```"


@pytest.fixture(scope="module")
def taught(tmp_path_factory):
    """The tiny model taught, in a few supervised steps, to answer `add` and `mul` with their solutions and to judge two
    critiques of `add` (the right program T, a wrong one F); `sub` it was never taught. Returns (model dir, problems file,
    critique rows file)."""
    from critique_coder.tiny import tiny_model_path
    from critique_coder.train import warm_start
    d = tmp_path_factory.mktemp("taught")
    examples = [(code_prompt(p, thinking=True), fenced(p.solutions[0])) for p in (ADD, MUL)]
    examples += [(critique_prompt(ADD, ADD.solutions[0], thinking=True), "<think>\nok\n</think>\n\nIt is right. \\conclusion{T}"),
                 (critique_prompt(ADD, WRONG_ADD, thinking=True), "<think>\nok\n</think>\n\nIt is wrong. \\conclusion{F}")]
    warm_start(str(tiny_model_path()), examples, d / "model", steps=120, batch_size=4, template_kwargs={"enable_thinking": True})
    write_jsonl(d / "problems.jsonl", [p.to_dict() for p in (ADD, MUL, SUB)])
    rows = [CRLRow("add", critique_prompt(ADD, ADD.solutions[0], thinking=True), ADD.solutions[0], True, source="own", metadata={"origin": "solution", "difficulty": "easy"}),
            CRLRow("add", critique_prompt(ADD, WRONG_ADD, thinking=True), WRONG_ADD, False, source="own", metadata={"origin": "mutant", "difficulty": "easy"})]
    write_jsonl(d / "critiques.jsonl", [r.to_record() for r in rows])
    return d / "model", d / "problems.jsonl", d / "critiques.jsonl"


def config(problems, **kw) -> EvalConfig:
    base = dict(benchmarks=[str(problems)], n=3, ks=[1, 3], max_new_tokens=40, batch_size=2, temperature=0.6)
    return EvalConfig(**{**base, **kw})


def test_an_evaluation_grades_each_sample_in_the_sandbox_and_scores_pass_at_k(taught, tmp_path):
    model, problems, crit = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    s = evaluate(config(problems, critique_data=str(crit), critique_split="train", critique_n=2), backend, tmp_path / "run", progress=False)
    samples = [json.loads(l) for l in open(tmp_path / "run" / "samples.jsonl")]
    assert [(r["problem_id"], r["sample"]) for r in samples] == [(p, k) for p in ("add", "mul", "sub") for k in range(3)]
    by = {p: [r["passed"] for r in samples if r["problem_id"] == p] for p in ("add", "mul", "sub")}
    assert all(by["add"]) and all(by["mul"]) and not any(by["sub"])  # taught answers pass; `sub` gets a taught, wrong one
    first = samples[0]
    assert first["code"].strip() == ADD.solutions[0] and first["statuses"] == ["passed", "passed"] and first["finish_reason"] == "stop"
    assert first["completion_tokens"] > 0 and first["prompt_tokens"] > 0 and first["completion"].startswith("<think>")
    sub = [r for r in samples if r["problem_id"] == "sub"][0]
    assert sub["difficulty"] == "hard" and sub["status"] in ("wrong_answer", "no_code")
    if sub["status"] == "no_code": assert sub["code"] is None and sub["statuses"] == []
    m = s["benchmarks"]["problems"]
    assert m["pass@1"] == pytest.approx(2 / 3) and m["pass@3"] == pytest.approx(2 / 3) and m["problems"] == 3 and m["n"] == 3
    assert m["by_difficulty"] == {"easy": {"problems": 2, "pass@1": 1.0, "pass@3": 1.0}, "hard": {"problems": 1, "pass@1": 0.0, "pass@3": 0.0}}
    share = lambda f: sum(map(f, samples)) / 9
    assert m["no_code"] == share(lambda r: r["code"] is None) and m["truncated"] == share(lambda r: r["finish_reason"] == "length")
    assert m["timeout"] == 0 and m["no_code"] <= 1 / 3  # only `sub` may lack code
    crits = [json.loads(l) for l in open(tmp_path / "run" / "critiques.jsonl")]
    assert [(c["row"], c["sample"], c["label"], c["verdict"]) for c in crits] == [(0, 0, True, True), (0, 1, True, True), (1, 0, False, False), (1, 1, False, False)]
    assert s["critique"]["all"]["accuracy"] == 1.0 and set(s["critique"]["by_origin"]) == {"solution", "mutant"}
    md = (tmp_path / "run" / "summary.md").read_text()
    assert f"| 3 | 3 | 66.7 | 66.7 | {100 * m['no_code']:.1f} | 0.0 | {100 * m['truncated']:.1f} |" in md and "## Critique accuracy" in md and "| all | 4 | 100.0 | 0.0 |" in md
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["benchmarks"]["problems"]["pass@1"] == pytest.approx(2 / 3)
    timing = json.loads((tmp_path / "run" / "timing.jsonl").read_text())
    assert timing["samples_graded"] == 9 and timing["samples_generated"] == 9 and timing["grading_s"] > 0


def test_pass_at_k_of_a_run_is_the_estimator_over_its_graded_samples(taught, tmp_path):
    "At a high temperature answers vary; the summary is the mean over problems of pass_at_k(n, correct, k)."
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    s = evaluate(config(problems, n=6, ks=[1, 2, 6], temperature=1.6, seed=3), backend, tmp_path / "hot", progress=False)
    samples = [json.loads(l) for l in open(tmp_path / "hot" / "samples.jsonl")]
    correct = {p: sum(r["passed"] for r in samples if r["problem_id"] == p) for p in ("add", "mul", "sub")}
    for k in (1, 2, 6):
        assert s["benchmarks"]["problems"][f"pass@{k}"] == pytest.approx(sum(pass_at_k(6, c, k) for c in correct.values()) / 3)


def run_cli(args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "critique_coder.cli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_a_run_killed_midway_resumes_to_the_files_of_an_uninterrupted_run(taught, tmp_path):
    model, problems, _ = taught
    args = ["evaluate", "--model", str(model), "--benchmarks", str(problems), "humaneval", "--limit", "6", "--n", "2", "--ks", "1", "2",
            "--max_new_tokens", "24", "--batch_size", "1", "--quiet", "true"]
    whole = run_cli([*args, "--output_dir", str(tmp_path / "whole")])
    assert whole.wait(300) == 0, whole.stderr.read()
    killed = run_cli([*args, "--output_dir", str(tmp_path / "part")])
    samples = tmp_path / "part" / "samples.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and (not samples.exists() or samples.read_text().count("\n") < 4): time.sleep(0.05)
    killed.send_signal(signal.SIGKILL); killed.wait()
    lines = samples.read_text().count("\n")
    assert 4 <= lines < 18, lines  # stopped midway (9 problems, 2 samples each)
    with open(samples, "a") as f: f.write('{"benchmark": "half a li')  # as if killed while writing
    again = run_cli([*args, "--output_dir", str(tmp_path / "part"), "--batch_size", "3"])  # batch_size may change
    assert again.wait(300) == 0, again.stderr.read()
    for name in ("samples.jsonl", "summary.json", "summary.md", "config.json"):
        assert (tmp_path / "part" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    sessions = [json.loads(l) for l in open(tmp_path / "part" / "timing.jsonl")]
    assert len(sessions) == 1 and sessions[0]["samples_resumed"] >= 4  # the killed session never got to write its timing


def test_a_run_directory_refuses_other_settings_and_foreign_lines(taught, tmp_path):
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    evaluate(config(problems, n=2, ks=[1]), backend, tmp_path / "run", progress=False)
    with pytest.raises(ConfigError, match=r"other settings \(eval.n: 2 -> 3"):
        evaluate(config(problems, n=3, ks=[1]), backend, tmp_path / "run", progress=False)
    with pytest.raises(ConfigError, match="does not follow this run's plan at item 0"):
        resume_point(tmp_path / "run" / "samples.jsonl", [("other", "x")], 2, lambda r: (r["benchmark"], r["problem_id"], r["sample"]))
    before = (tmp_path / "run" / "samples.jsonl").read_bytes()
    evaluate(config(problems, n=2, ks=[1], batch_size=5), backend, tmp_path / "run", progress=False)  # nothing left to do
    assert (tmp_path / "run" / "samples.jsonl").read_bytes() == before


def test_a_resumed_run_grades_its_answers_again_so_an_edited_verdict_does_not_count(taught, tmp_path, caplog):
    """samples.jsonl and budget.jsonl lines of a wrong answer edited to "passed": the resume grades every kept answer
    again, the summary counts what the sandbox says, and the files come back as they were written."""
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    cfg = config(problems, n=2, ks=[1], budget_rounds=1, thinking_budget=20, answer_tokens=40)
    first = evaluate(cfg, backend, tmp_path / "run", progress=False)
    assert first["benchmarks"]["problems"]["pass@1"] == pytest.approx(2 / 3)
    files = {name: tmp_path / "run" / name for name in ("samples.jsonl", "budget.jsonl")}
    honest = {name: f.read_bytes() for name, f in files.items()}
    for f in files.values():
        lines = [json.loads(l) for l in f.read_text().splitlines()]
        forged = next(l for l in lines if l["problem_id"] == "sub")  # never taught: wrong, or no code at all
        assert not forged["passed"]
        forged.update(passed=True, status="passed", statuses=["passed"])
        f.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines))
    with caplog.at_level("WARNING", logger="critique_coder.evaluate"):
        again = evaluate(cfg, backend, tmp_path / "run", progress=False)
    assert again["benchmarks"]["problems"] == first["benchmarks"]["problems"]  # the forged pass does not count
    assert again["budget_forcing"] == first["budget_forcing"]
    assert {name: f.read_bytes() for name, f in files.items()} == honest
    assert sum("1 resumed line(s) differ from a fresh grading" in r.getMessage() for r in caplog.records) == 2
    session = json.loads((tmp_path / "run" / "timing.jsonl").read_text().splitlines()[-1])
    assert session["lines_corrected"] == 2 and session["samples_regraded"] > 0 and session["samples_generated"] == 0


def test_a_run_refuses_to_resume_when_the_checkpoint_path_holds_other_weights(taught, tmp_path):
    "The run is keyed on the model's files: a copy of the same weights resumes, other weights at the same path are refused."
    import shutil
    from critique_coder.tiny import tiny_model_path
    model, problems, _ = taught
    ckpt = tmp_path / "checkpoint"
    shutil.copytree(model, ckpt)
    make = lambda: ModelArgs(model=str(ckpt)).make({"enable_thinking": True})
    evaluate(config(problems, n=1, ks=[1]), make(), tmp_path / "run", progress=False)
    assert set(json.loads((tmp_path / "run" / "config.json").read_text())["model_files"]["files"]) >= {"config.json", "model.safetensors"}
    shutil.copyfile(model / "model.safetensors", ckpt / "model.safetensors")  # the same weights, written again
    evaluate(config(problems, n=1, ks=[1]), make(), tmp_path / "run", progress=False)
    other = tiny_model_path() / "model.safetensors"  # the untaught weights: same architecture, same size
    assert other.stat().st_size == (ckpt / "model.safetensors").stat().st_size
    shutil.copyfile(other, ckpt / "model.safetensors")
    with pytest.raises(ConfigError, match=r"holds a run of other model files \(changed: model.safetensors\).*another output_dir"):
        evaluate(config(problems, n=1, ks=[1]), make(), tmp_path / "run", progress=False)

def test_compare_puts_runs_side_by_side_from_the_command_line(taught, tmp_path, capsys):
    from critique_coder.cli import main
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    evaluate(config(problems, n=1, ks=[1]), backend, tmp_path / "taught", progress=False)
    evaluate(config(problems, n=1, ks=[1], limit=1), backend, tmp_path / "first", progress=False)
    assert main(["compare", str(tmp_path / "taught"), str(tmp_path / "first")]) == 0
    out = capsys.readouterr().out
    assert "| problems pass@1 | 66.7 | 100.0 |" in out and "| metric | taught | first |" in out
    assert compare([tmp_path / "taught"]).startswith("| metric | taught |")
    assert main(["compare", str(tmp_path / "taught"), str(tmp_path / "first"), "--outputs", "true", "--tokenizer", str(model)]) == 0
    out = capsys.readouterr().out
    row = next(l for l in out.splitlines() if l.startswith("| problems thinking (tokens), mean |"))
    assert row.endswith("| 4.0 |")  # `first` holds the taught answer of `add` only: "\nok\n", four tokens of thinking
    assert "| problems functions, mean | 0.0 | 0.0 |" in out
    assert main(["compare", str(tmp_path)]) == 2 and "not a run directory" in capsys.readouterr().err


def test_benchmarks_load_by_name_with_their_windows_and_splits():
    assert len(load_benchmark("humaneval", limit=3)) == 3
    assert [p.id for p in load_benchmark("mbpp", FIXTURES / "mbpp.jsonl")] == ["mbpp/166"]  # the test split: task ids 11-510
    lcb = load_benchmark("lcb-v5-paper", FIXTURES / "livecodebench.jsonl")
    assert [p.metadata["contest_date"] for p in lcb] == ["2024-11-09"]
    assert len(load_benchmark("lcb-v5", FIXTURES / "livecodebench.jsonl")) == 1 and len(load_benchmark("livecodebench", FIXTURES / "livecodebench.jsonl")) == 4
    with pytest.raises(ConfigError, match=r"unknown benchmark 'nope'"): load_benchmark("nope")


def test_evaluation_settings_are_checked():
    with pytest.raises(ConfigError, match=r"1 <= k <= n \(n=2\); got k=\[5\]"): EvalConfig(n=2, ks=[1, 5])
    with pytest.raises(ConfigError, match="benchmark_paths names benchmarks not evaluated"): EvalConfig(benchmark_paths='{"mbpp": "x.jsonl"}')
    with pytest.raises(ConfigError, match="have the same name"): EvalConfig(benchmarks=["humaneval", "humaneval"])
    with pytest.raises(ConfigError, match="have the same name"): EvalConfig(benchmarks=["a/mine.jsonl", "b/mine.parquet"])
    assert EvalConfig().sampling().top_k == 20 and EvalConfig().max_new_tokens == 32768


def test_self_critique_selection_votes_with_the_models_own_critiques(taught, tmp_path):
    from critique_coder.evaluate import pick
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    s = evaluate(config(problems, n=3, ks=[1], temperature=1.2, seed=1, self_critiques=2), backend, tmp_path / "sel", progress=False)
    samples = [json.loads(l) for l in open(tmp_path / "sel" / "samples.jsonl")]
    votes = [json.loads(l) for l in open(tmp_path / "sel" / "selection.jsonl")]
    assert [(v["problem_id"], v["sample"], v["critique"]) for v in votes] == [(s["problem_id"], s["sample"], j) for s in samples for j in range(2)]
    for smp in samples:  # a sample without a program is not critiqued
        mine = [v for v in votes if (v["problem_id"], v["sample"]) == (smp["problem_id"], smp["sample"])]
        assert all(v["completion"] is None for v in mine) == (smp["code"] is None)
    assert any(v["verdict"] is not None for v in votes)
    sel = s["self_critique"]["problems"]
    picks = [samples[3 * i + pick([v for v in votes if v["problem_id"] == pid])]["passed"] for i, pid in enumerate(("add", "mul", "sub"))]
    assert sel["pick_pass@1"] == sum(picks) / 3 and sel["critiques"] == 2 and sel["n"] == 3
    assert sel["pass@1"] == pytest.approx(sum(x["passed"] for x in samples) / 9) and sel["oracle"] >= sel["pick_pass@1"]
    assert "## Self-critique selection" in (tmp_path / "sel" / "summary.md").read_text()


class Recording:
    "A budget-forcing driver that keeps every sequence it is asked to continue (wrapping the real one)."
    def __init__(self, forcer): self.forcer, self.calls = forcer, []
    def __getattr__(self, name): return getattr(self.forcer, name)
    def extend(self, seq, max_new, thinking, sampling, seed):
        got = self.forcer.extend(seq, max_new, thinking, sampling, seed)
        self.calls.append((list(seq) if not isinstance(seq, str) else seq, max_new, thinking, got))
        return got


def test_budget_forcing_replaces_the_end_of_the_thinking_by_wait_and_keeps_the_budget(taught):
    from critique_coder.evaluate import THINK_END, force_budget, make_forcer
    from critique_coder.generate import Sampling
    model, _, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    forcer = Recording(make_forcer(backend))
    tok, prompt = backend.tokenizer, code_prompt(ADD, thinking=True)
    budget = 24
    rounds = force_budget(forcer, prompt, budget, 2, 40, Sampling(), seed=0)
    start = forcer.forcer.start(prompt)
    wait, end = tok("Wait", add_special_tokens=False)["input_ids"], tok.convert_tokens_to_ids(THINK_END)
    thinking = [c for c in forcer.calls if c[2]]
    first_ids, first_n, first_stopped = thinking[0][3]
    assert first_stopped and thinking[0][0] == start and thinking[0][1] == budget  # round 0 thinks within the whole budget
    assert thinking[1][0] == start + first_ids + wait  # the end of the thinking left out, "Wait" in its place, at token level
    assert thinking[1][1] == budget - first_n - len(wait)  # and only what is left of the budget to think on
    assert end not in thinking[1][0][len(start):]
    answers = [c for c in forcer.calls if not c[2]]
    assert answers[0][0] == start + first_ids + [end]  # round 0 answers after its own end of thinking
    assert [r["round"] for r in rounds] == [0, 1, 2] and all(r["thinking_tokens"] <= budget for r in rounds)
    assert rounds[0]["waits"] == 0 and rounds[0]["forced"] is False and answer_code(rounds[0]["completion"]).strip() == ADD.solutions[0]
    assert rounds[1]["completion"].startswith(tok.decode(first_ids) + "Wait")
    last = thinking[-1]  # the last thinking ran to the end of its budget, or stopped
    assert len(last[0]) - len(start) + last[3][1] <= budget


def test_budget_forcing_through_a_text_completion_server(taught):
    from critique_coder.evaluate import force_budget, make_forcer
    from critique_coder.generate import OpenAIBackend, OpenAIServer, Sampling
    model, _, _ = taught
    local = ModelArgs(model=str(model)).make({"enable_thinking": True})
    with OpenAIServer(local) as srv:
        remote = OpenAIBackend(srv.url, "local", template_kwargs={"enable_thinking": True})
        with pytest.raises(ConfigError, match="needs the model's tokenizer"): make_forcer(remote)
        rounds = force_budget(make_forcer(remote, str(model)), code_prompt(ADD, thinking=True), 24, 1, 40, Sampling(), seed=0)
    assert rounds[0]["completion"].startswith("<think>\nok\n</think>") and answer_code(rounds[0]["completion"]).strip() == ADD.solutions[0]
    assert "ok\nWait" in rounds[1]["completion"] and all(r["thinking_tokens"] <= 24 for r in rounds)


def test_an_evaluation_with_budget_forcing_grades_every_round(taught, tmp_path):
    model, problems, _ = taught
    backend = ModelArgs(model=str(model)).make({"enable_thinking": True})
    s = evaluate(config(problems, n=2, ks=[1], budget_rounds=2, thinking_budget=20, answer_tokens=40), backend, tmp_path / "bf", progress=False)
    lines = [json.loads(l) for l in open(tmp_path / "bf" / "budget.jsonl")]
    assert [(l["problem_id"], l["sample"], l["round"]) for l in lines] == [(p, k, r) for p in ("add", "mul", "sub") for k in range(2) for r in range(3)]
    assert all(l["passed"] for l in lines if l["problem_id"] in ("add", "mul") and l["round"] == 0)  # the taught answers, before any Wait
    assert all(l["thinking_tokens"] <= 20 for l in lines) and all(("Wait" in l["completion"]) == (l["waits"] > 0) for l in lines)
    rows = s["budget_forcing"]["problems"]
    assert [r["round"] for r in rows] == [0, 1, 2] and rows[0]["pass@1"] == pytest.approx(2 / 3)
    for r in rows:
        mine = [l for l in lines if l["round"] == r["round"]]
        per = {p: [l["passed"] for l in mine if l["problem_id"] == p] for p in ("add", "mul", "sub")}
        assert r["pass@1"] == pytest.approx(sum(sum(v) / 2 for v in per.values()) / 3)
        assert r["thinking_tokens"] == pytest.approx(sum(l["thinking_tokens"] for l in mine) / 6)
    assert "## Budget forcing" in (tmp_path / "bf" / "summary.md").read_text()


def test_the_tiny_recipe_evaluates_humaneval_and_the_sample_from_the_command_line(tmp_path, capsys):
    from critique_coder.cli import main
    out = tmp_path / "tiny"
    assert main(["evaluate", "--config", str(ROOT / "recipes" / "evaluate" / "tiny-humaneval.yaml"), "--output_dir", str(out),
                 "--limit", "2", "--max_new_tokens", "16", "--quiet", "true"]) == 0
    printed = capsys.readouterr().out
    assert "| humaneval | 2 | 2 |" in printed and "| sample | 2 | 2 |" in printed and f"written: {out}/summary.md" in printed
    samples = [json.loads(l) for l in open(out / "samples.jsonl")]
    assert [(s["benchmark"], s["sample"]) for s in samples] == [(b, k) for b in ("humaneval", "sample") for _ in range(2) for k in range(2)]
    assert json.loads((out / "config.json").read_text())["model"] == "critique-coder/tiny"
