"""Mutants over every HumanEval and bundled-sample reference: each parses, is a different program from the original and
from its siblings, changes one region of the source only, and is the same for the same seed."""
import ast
import difflib

import pytest

from critique_coder.core import ConfigError, DataError
from critique_coder.data import load_problems
from critique_coder.mutate import OPERATORS, mutant_candidates, mutants


@pytest.fixture(scope="module")
def references():
    return [(p.id, p.solutions[0]) for name in ("humaneval", "sample") for p in load_problems(name)]


def regions(a: str, b: str) -> int:
    return sum(op != "equal" for op, *_ in difflib.SequenceMatcher(None, a.splitlines(), b.splitlines()).get_opcodes())


def test_every_mutant_is_one_parseable_edit_away(references):
    ops, total = set(), 0
    for pid, code in references:
        ms = mutants(code, n=10, seed=0)
        dumps = {ast.dump(ast.parse(m.code)) for m in ms}
        assert len(dumps) == len(ms) and ast.dump(ast.parse(code)) not in dumps, pid
        for m in ms:
            assert regions(code, m.code) == 1, (pid, m)
        ops |= {m.operator for m in ms}
        total += len(ms)
    assert ops == set(OPERATORS) and total > 6 * len(references)


def test_same_seed_same_mutants_other_seed_other_choice(references):
    pid, code = references[0]
    assert mutants(code, n=5, seed=7) == mutants(code, n=5, seed=7)
    assert [m.code for m in mutants(code, n=5, seed=7)] != [m.code for m in mutants(code, n=5, seed=8)]
    every = mutants(code)  # all of them
    assert {m.code for m in mutants(code, n=5, seed=7)} <= {m.code for m in every}


def test_candidates_and_bad_input():
    cs = mutant_candidates("p1", "x = 1\nif x > 0:\n    print(x)\n", n=3, seed=0)
    assert len(cs) == 3 and all(c.origin == "mutant" and c.problem_id == "p1" and "operator" in c.metadata for c in cs)
    with pytest.raises(DataError): mutants("def f(:\n")
    with pytest.raises(ConfigError): mutants("x = 1", operators=["explode"])
    assert mutants("pass\n") == []  # nothing to edit
