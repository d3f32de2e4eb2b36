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
