"""`critique-coder curate` end to end, offline: HumanEval plus the bundled sample, with mutants and tiny-model samples;
labels checked against the sandbox; a run killed mid-way and resumed writes the dataset an uninterrupted run writes."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from critique_coder.core import read_parquet
from critique_coder.curate import CurateConfig, decisive_failures, filter_tests, mix, reference_candidates, split_by_problem, token_counter
from critique_coder.data import load_problems
from critique_coder.sandbox import Sandbox

CLI = [sys.executable, "-m", "critique_coder.cli"]
COMMON = ["--mutants_per_solution", "1", "--samples_per_problem", "1", "--model", "tiny", "--max_new_tokens", "16", "--timeout", "1", "--quiet"]


def run_cli(out, *extra, env=None):
    return subprocess.run([*CLI, "curate", "--output_dir", str(out), *COMMON, *extra], capture_output=True, text=True, env=env)


def data(out):
    return {s: read_parquet(Path(out) / "data" / f"{s}-00000-of-00001.parquet") for s in ("train", "validation")}


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    out = tmp_path_factory.mktemp("curated")
    p = run_cli(out)
    assert p.returncode == 0, p.stderr[-2000:]
    return out, p.stdout


def test_builds_a_mixed_dataset_with_a_card(full):
    out, stdout = full
    d = data(out)
    stats = json.loads((out / "curation.json").read_text())["stats"]
    assert stats["problems"]["problems_in"] == 164 + 24
    assert set(stats["origins"]) == {"solution", "mutant"}  # the tiny model writes no code: its samples are counted, not kept
    assert stats["answers_without_code"] == stats["problems"]["problems_out"]
    for split, rows in d.items():
        code = [r for r in rows if r["task"] == "code"]
        crl = [r for r in rows if r["task"] == "critique"]
        assert len(crl) == round(0.2 * len(rows)) and len(code) + len(crl) == stats["splits"][split]["rows"]
        assert all(r["tests"] for r in code) and all(isinstance(r["label"], bool) and r["solution"] for r in crl)
        assert len({r["problem_id"] for r in rows}) == len(rows)  # each question once, as a code row or a critique row
    assert stats["tests"]["tokenizer"].startswith("critique-coder/tiny's (the model being sampled)")
    train_ids = {r["problem_id"] for r in d["train"]}
    assert not train_ids & {r["problem_id"] for r in d["validation"]}  # split by problem
    card = (out / "README.md").read_text()
    for part in ("## Splits", "## Tests", "## Candidates and labels", "| pass rate | candidates |", "## Settings", "path: data/train-*.parquet"):
        assert part in card
    from datasets import load_dataset
    ds = load_dataset(str(out))
    assert ds["train"].num_rows == len(d["train"]) and set(ds) == {"train", "validation"}


def test_labels_agree_with_the_sandbox(full):
    out, _ = full
    problems = load_problems("humaneval") + load_problems("sample")
    problems, _ = filter_tests(problems, token_counter(), 200, 30, 0)
    by_id = {p.id: p for p in problems}
    crl = [r for rows in data(out).values() for r in rows if r["task"] == "critique"]
    with Sandbox(workers=2, timeout=1.0) as sb:  # each as curate ran it: stopped once its label was decided
        results = [sb.run(r["solution"], by_id[r["problem_id"]].tests,
                          stop_on_failure=decisive_failures(len(by_id[r["problem_id"]].tests), 0.8)) for r in crl]
        exact = sb.run_many([(r["solution"], by_id[r["problem_id"]].tests) for r in crl])
    assert [(r["label"], r["pass_rate"]) for r in crl] == [(x.pass_rate > 0.8, x.pass_rate) for x in results]
    assert [json.loads(r["metadata"])["statuses"] for r in crl] == [x.statuses for x in results]
    assert [r["label"] for r in crl] == [x.pass_rate > 0.8 for x in exact]  # the early stop never changes a label
    assert all(r["pass_rate"] <= x.pass_rate for r, x in zip(crl, exact))
    assert {r["label"] for r in crl} == {True, False}


def test_a_killed_run_resumes_to_the_identical_dataset(tmp_path):
    args = ["--sources", "humaneval", "sample", "--limit", "20", "--label_chunk", "8"]
    p = run_cli(tmp_path / "whole", *args)
    assert p.returncode == 0, p.stderr[-2000:]
    out = tmp_path / "resumed"
    scratch = tmp_path / "tmp"  # the killed run cannot remove its sandbox's directory: keep it in this test's own
    scratch.mkdir()
    proc = subprocess.Popen([*CLI, "curate", "--output_dir", str(out), *COMMON, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, "TMPDIR": str(scratch)})
    labels = out / "cache" / "labels.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(labels) as db: n = db.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
        except sqlite3.Error: n = 0
        if n >= 8: break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL); proc.wait()
    assert not (out / "data").exists()
    p = run_cli(out, *args, "--json")
    assert p.returncode == 0, p.stderr[-2000:]
    stats = json.loads(p.stdout)
    assert stats["label"]["from_cache"] >= 8 and stats["label"]["labelled_now"] < stats["candidates"]
    assert data(out) == data(tmp_path / "whole")
    strip = lambda t: "\n".join(l for l in t.splitlines() if not l.startswith("Labelling:"))
    assert strip((out / "README.md").read_text()) == strip((tmp_path / "whole" / "README.md").read_text())


def test_mix_keeps_the_total_and_refuses_too_few_critique_rows():
    from critique_coder.core import ConfigError, CRLRow, RLRow, TestCase
    rl = [RLRow(f"p{i}", [{"role": "user", "content": "q"}], [TestCase.stdin("", "1")]) for i in range(10)]
    crl = [CRLRow(f"p{i}", [{"role": "user", "content": "c"}], "print(1)", label=i % 2 == 0) for i in range(5)]
    crl += [CRLRow("p0", [{"role": "user", "content": "c2"}], "print(2)", label=False)]  # a second candidate of p0
    for mode in ("per_question", "independent"):
        rows = mix(rl, crl, 0.4, seed=1, mode=mode)
        assert len(rows) == 10 and sum(r.task == "critique" for r in rows) == 4 and mix(rl, crl, 0.4, seed=1, mode=mode) == rows
    rows = mix(rl, crl, 0.4, seed=1)  # per question: each question once, as a code row or as a critique row
    assert sorted(r.problem_id for r in rows) == sorted(f"p{i}" for i in range(10))
    assert sum(r.label for r in rows if r.task == "critique") == 2  # labels balanced at true_ratio 0.5
    with pytest.raises(ConfigError, match="needs 6 questions with a critique row; there are 5"): mix(rl, crl, 0.6)
    with pytest.raises(ConfigError, match="needs 7 critique rows; there are 6"): mix(rl, crl, 0.7, mode="independent")
    s = split_by_problem([f"p{i}" for i in range(10)], 0.2, seed=0)
    assert len(s["validation"]) == 2 and not s["validation"] & s["train"] and len(s["train"]) == 8
    with pytest.raises(ConfigError): CurateConfig(crl_ratio=1.5)


def test_test_lengths_use_the_named_or_sampled_tokenizer_and_say_when_a_stand_in_counts():
    from critique_coder.curate import TINY_STAND_IN, length_tokenizer
    from critique_coder.generate import ModelArgs
    assert length_tokenizer(CurateConfig(tokenizer="Qwen/Qwen3-4B")) == ("Qwen/Qwen3-4B", "Qwen/Qwen3-4B")
    tok, name = length_tokenizer(CurateConfig(), ModelArgs(model="tiny").make())
    assert tok is not None and name.startswith("critique-coder/tiny's")
    assert length_tokenizer(CurateConfig()) == (None, TINY_STAND_IN) and "stand-in" in TINY_STAND_IN


def test_an_empty_split_writes_no_file_and_the_dataset_still_loads(tmp_path):
    from datasets import load_dataset
    from critique_coder.curate import curate
    curate(CurateConfig(sources=["sample"], limit=6, mutants_per_solution=1, validation=0, timeout=2.0, workers=2), tmp_path, progress=False)
    assert not (tmp_path / "data" / "validation-00000-of-00001.parquet").exists()
    ds = load_dataset(str(tmp_path))
    assert set(ds) == {"train"} and ds["train"].num_rows == 6


def test_empty_input_and_no_candidates_are_errors_that_say_why(tmp_path):
    from critique_coder.core import ConfigError, DataError
    from critique_coder.curate import curate
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(DataError, match="no problems to curate: the sources are empty"):
        curate(CurateConfig(sources=[str(empty)]), tmp_path / "a", progress=False)
    bare = tmp_path / "bare.jsonl"
    bare.write_text(json.dumps({"id": "p", "question": "Print 1.", "tests": [{"kind": "stdin", "input": "", "output": "1"}]}) + "\n")
    with pytest.raises(ConfigError, match="the sources have no reference solutions and samples_per_problem is 0"):
        curate(CurateConfig(sources=[str(bare)]), tmp_path / "b", progress=False)


def test_the_label_cache_keys_on_every_limit_that_can_change_a_label(tmp_path):
    from critique_coder.curate import LabelCache, label
    problems = {p.id: p for p in load_problems("sample", limit=3)}
    cands = reference_candidates(list(problems.values()))
    cache = LabelCache(tmp_path / "labels.sqlite")
    with Sandbox(workers=2, timeout=1.0) as sb: _, first = label(cands, problems, sb, cache=cache, progress=False)
    with Sandbox(workers=2, timeout=1.0) as sb: _, same = label(cands, problems, sb, cache=cache, progress=False)
    with Sandbox(workers=2, timeout=2.0) as sb: _, longer = label(cands, problems, sb, cache=cache, progress=False)
    with Sandbox(workers=2, timeout=1.0, memory_mb=1024) as sb: _, smaller = label(cands, problems, sb, cache=cache, progress=False)
    assert first["labelled_now"] == len(cands) and same["from_cache"] == len(cands)
    assert longer["labelled_now"] == len(cands) and smaller["labelled_now"] == len(cands)


def test_labels_are_reused_only_at_the_same_isolation_level_and_judge_version(tmp_path, monkeypatch):
    """A label made at another isolation level (a program may pass at a weaker one what a stronger one stops) or by
    another version of the judge is not reused: the cache key holds the level the sandbox was granted and JUDGE_VERSION."""
    import critique_coder.sandbox as sandbox_module
    from critique_coder.curate import LabelCache, label, sandbox_settings
    problems = {p.id: p for p in load_problems("sample", limit=2)}
    cands = reference_candidates(list(problems.values()))
    cache = LabelCache(tmp_path / "labels.sqlite")
    run = lambda sb: label(cands, problems, sb, cache=cache, progress=False)[1]
    with Sandbox(workers=1, timeout=1.0, isolation="strong") as sb:
        assert sandbox_settings(sb)["isolation"] == "strong" and sandbox_settings(sb)["judge_version"] == sandbox_module.JUDGE_VERSION
        assert run(sb)["labelled_now"] == len(cands) and run(sb)["from_cache"] == len(cands)
    unstarted = Sandbox(workers=1, timeout=1.0, isolation="landlock")  # the level is learnt by starting it
    try:
        assert sandbox_settings(unstarted)["isolation"] == "landlock"
        assert run(unstarted)["labelled_now"] == len(cands)  # strong's labels are not landlock's
    finally: unstarted.close()
    monkeypatch.setattr(sandbox_module, "JUDGE_VERSION", sandbox_module.JUDGE_VERSION + 1)
    with Sandbox(workers=1, timeout=1.0, isolation="strong") as sb:
        assert run(sb)["labelled_now"] == len(cands)  # a newer judge labels again
        assert run(sb)["from_cache"] == len(cands)

def test_huge_tests_are_dropped_without_tokenizing():
    from critique_coder.core import Problem, TestCase
    seen = []
    count = lambda text: seen.append(len(text)) or len(text.split())
    huge = TestCase.stdin("x" * 50_000_000, "1")
    p = Problem("p", "q", [huge, TestCase.stdin("1 2", "3")])
    kept, stats = filter_tests([p], count, max_tokens=200)
    assert stats["tests_too_long"] == 1 and len(kept[0].tests) == 1 and max(seen) < 1000


def test_the_same_question_under_two_ids_lands_in_one_split():
    ids = [f"p{i}" for i in range(40)]
    questions = {i: f"Question {i}" for i in ids}
    questions["p7"] = "  question P3 "  # p3 again, up to case and spacing
    questions["p3"] = "Question p3"
    for seed in range(10):
        s = split_by_problem(ids, 0.5, seed, questions)
        assert ("p3" in s["train"]) == ("p7" in s["train"]) and s["train"] | s["validation"] == set(ids)


def test_written_files_get_the_users_umask(tmp_path):
    from critique_coder.core import atomic_write
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "a.json") as f: f.write("{}")
    finally: os.umask(old)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o644


def test_rows_with_prompts_over_the_limit_are_dropped_and_counted(tmp_path):
    from critique_coder.curate import curate
    stats = curate(CurateConfig(sources=["sample"], limit=8, mutants_per_solution=1, validation=0, timeout=2.0, workers=2,
                                max_prompt_tokens=790), tmp_path, progress=False)
    dropped = stats["prompts_too_long"]
    assert dropped["code"] > 0 and stats["splits"]["train"]["rows"] == 8 - dropped["code"]
    counts = token_counter()
    for r in read_parquet(tmp_path / "data" / "train-00000-of-00001.parquet"):
        assert counts("\n".join(m["content"] for m in r["prompt"])) <= 790
    assert "Rows dropped for a prompt over 790 tokens" in (tmp_path / "README.md").read_text()


def test_labels_do_not_depend_on_the_load_of_the_machine(tmp_path):
    """Curation twice with the same settings, the second beside a CPU hog (twice as many busy processes as cores): the
    datasets are the same row for row (limits are on CPU time, the wall time is only a generous backstop, and a timeout
    stands only once a second run times out too)."""
    opts = ["--mutants_per_solution", "2", "--samples_per_problem", "0", "--timeout", "1", "--quiet"]
    quiet = subprocess.run([*CLI, "curate", "--output_dir", str(tmp_path / "quiet"), *opts], capture_output=True, text=True)
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2 * (os.cpu_count() or 1))]
    try: loaded = subprocess.run([*CLI, "curate", "--output_dir", str(tmp_path / "loaded"), *opts], capture_output=True, text=True)
    finally:
        for h in hogs: h.kill(); h.wait()
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    a, b = data(tmp_path / "quiet"), data(tmp_path / "loaded")
    assert {s: len(r) for s, r in a.items()} == {s: len(r) for s, r in b.items()} and all(len(r) for r in a.values())
    assert a == b, [(s, i) for s in a for i, (x, y) in enumerate(zip(a[s], b[s])) if x != y][:5]
