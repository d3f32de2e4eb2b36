"""Record what the official Critique-Coder reward code returns on crafted inputs, as test vectors.

The official code is not part of this project: check it out somewhere else, with the Python it was written for
(3.10: verl's code scoring imports `pyext`, which does not install on 3.11), and run this script with that Python:

    git clone https://github.com/TIGER-AI-Lab/Critique-Coder /tmp/official/repo   # outside this repository
    python3.10 -m venv /tmp/official/venv && /tmp/official/venv/bin/pip install pyext numpy regex
    /tmp/official/venv/bin/python tools/official_vectors.py /tmp/official/repo > tests/fixtures/official/vectors.json

It calls the released functions themselves: `CRLRewardManager.get_cft_data_score` (the verdict), the two
statements of `CRLRewardManager.__call__` that read the program (`<think>` removal, then `parse_code` in the
manager's own `parse_code_mode`), and verl's `prime_code.compute_score(..., continuous=True)` as the manager calls
it. Modules those files import but these functions never use (verl's DataProto, the reward-manager registry, torch,
acecoder) are stand-ins. Only the inputs and the outputs observed are committed.
"""
import ast
import contextlib
import io
import json
import platform
import subprocess
import sys
import types
from pathlib import Path

REPO = Path(sys.argv[1]).resolve()


def load_prime_code():
    "verl's prime_code package, loaded alone (verl's own package __init__ pulls in ray, torch and the rest)."
    import importlib.util
    where = REPO / "verl" / "verl" / "utils" / "reward_score" / "prime_code"
    spec = importlib.util.spec_from_file_location("prime_code", where / "__init__.py", submodule_search_locations=[str(where)])
    mod = importlib.util.module_from_spec(spec)
    sys.modules["prime_code"] = mod
    spec.loader.exec_module(mod)
    return mod


prime_code = load_prime_code()


def load_crl():
    "crl.py as a module, its unused imports stood in for."
    stubs = {"torch": {}, "verl": {"DataProto": object}, "verl.workers": {}, "verl.workers.reward_manager": {"register": lambda name: (lambda cls: cls)},
             "verl.workers.reward_manager.prime": {"parallel_compute_score_async": None}, "acecoder": {"evaluate_test_cases": None},
             "crlpkg": {}, "crlpkg.reward_score": {"_default_compute_score": None}}
    for name, attrs in stubs.items():
        mod = types.ModuleType(name)
        mod.__dict__.update(attrs)
        mod.__path__ = []
        sys.modules[name] = mod
    sys.modules["verl.utils"] = types.ModuleType("verl.utils")
    sys.modules["verl.utils.reward_score"] = types.ModuleType("verl.utils.reward_score")
    sys.modules["verl.utils.reward_score.prime_code"] = prime_code
    path = REPO / "verl_tool" / "workers" / "reward_manager" / "crl.py"
    mod = types.ModuleType("crlpkg.crl")
    mod.__package__ = "crlpkg"
    exec(compile(path.read_text(), str(path), "exec"), mod.__dict__)
    return mod, path


CRL, CRL_PATH = load_crl()
MANAGER = CRL.CRLRewardManager(tokenizer=None, num_examine=0)


def official_verdict(text: str):
    "True, False or None: scored against both labels by the released function."
    with contextlib.redirect_stdout(io.StringIO()):
        right = CRL.CRLRewardManager.get_cft_data_score(MANAGER, [0], [text], None, None, [True])[0]["score"]
        wrong = CRL.CRLRewardManager.get_cft_data_score(MANAGER, [0], [text], None, None, [False])[0]["score"]
    return True if right == 1.0 else False if wrong == 1.0 else None


def _extraction_statements():
    "The statements of CRLRewardManager.__call__ that assign `extracted_answers`, compiled from the released source."
    tree = ast.parse(CRL_PATH.read_text())
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "__call__")
    body = [n for n in call.body if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "extracted_answers" for t in n.targets)]
    assert len(body) == 2, "the released __call__ changed shape"
    return compile(ast.Module(body=body, type_ignores=[]), str(CRL_PATH), "exec")


EXTRACT = _extraction_statements()


def official_code(text: str) -> str:
    scope = {"re": CRL.re, "parse_code": CRL.parse_code, "self": MANAGER, "response_str": [text]}
    exec(EXTRACT, scope)
    return scope["extracted_answers"][0]


def official_score(code: str, tests: dict) -> float:
    "As the manager's prime_code_compute_score_async does, on the extracted program."
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return CRL.prime_code_compute_score_async("taco", code, json.dumps(tests))


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from official_inputs import CODE_CASES, EXTRACTION_CASES, VERDICT_CASES
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = {"official_repo": "TIGER-AI-Lab/Critique-Coder", "commit": commit or "unknown", "python": platform.python_version(),
           "verdict": [{"name": n, "text": t, "official": official_verdict(t)} for n, t in VERDICT_CASES],
           "extraction": [{"name": n, "text": t, "official": official_code(t)} for n, t in EXTRACTION_CASES],
           "code": []}
    for name, completion, tests in CODE_CASES:
        code = official_code(completion)
        out["code"].append({"name": name, "completion": completion, "tests": tests, "official_code": code,
                            "official": official_score(code, tests)})
        print(f"{name}: {out['code'][-1]['official']}", file=sys.stderr)
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
