"""Programs that try to win a verdict they did not earn, or to turn their own failure into the sandbox's: assert tests
judged on plain data in the worker (issue: always-equal objects, tracers, shadowed builtins, forged reports, answers
searched for in memory), messages that break the protocol, outputs and values that judging must survive, and correct
programs that must pass (LiveCodeBench's prelude, deep recursion, numpy scalars, per-test limits). Every case checks
the statuses, that no fault is reported for a program's doing, that nothing is left behind and that the sandbox then
serves normal programs (`hostile`, shared with the hostile suite)."""
import sys

import pytest

from critique_coder.core import DataError, TestCase
from test_sandbox_hostile import (LEVELS, NOT_PASSED, _stray_baseline, assert_test, close_sandbox, code, dsb, f_test,  # noqa: F401
                                  hostile, make_sandbox, sandboxes, sb)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")
FAILED = NOT_PASSED - {"syntax_error"}  # what a program that runs but does not earn its pass may get


# ------------------------------------------------------------------------------------ assert tests: no object decides

LIARS = {
    "always_equal": "class R:\n    def __eq__(self, o): return True\n    def __ne__(self, o): return False\n    def __bool__(self): return True\nR = R()",
    "int_subclass": "class I(int):\n    def __eq__(self, o): return True\n    def __lt__(self, o): return True\n    __hash__ = int.__hash__\nR = I(0)",
    "str_subclass": "class S(str):\n    def __eq__(self, o): return True\n    __hash__ = str.__hash__\nR = S('no')",
    "list_subclass": "class L(list):\n    def __eq__(self, o): return True\nR = L()",
    "tuple_subclass": "class T(tuple):\n    def __eq__(self, o): return True\n    __hash__ = tuple.__hash__\nR = T()",
    "dict_subclass": "class D(dict):\n    def __eq__(self, o): return True\nR = D()",
    "float_subclass": "class F(float):\n    def __eq__(self, o): return True\n    def __sub__(self, o): return 0.0\n    def __abs__(self): return 0.0\n    __hash__ = float.__hash__\nR = F(9.0)",
}
LIAR_CHECK = """
    assert candidate(2) == 4
    assert not (candidate(2) != 4)
    assert abs(candidate(2) - 4) < 1e-9
"""


@pytest.mark.parametrize("how", sorted(LIARS))
def test_objects_that_lie_about_equality_never_pass_an_assert_test(sb, how):
    hostile(sb, LIARS[how] + "\ndef f(x):\n    return R\n", [assert_test(LIAR_CHECK)], FAILED, max_s=5)


def test_truthy_object_and_is_true_checks(dsb):
    """An object of the program's crosses as a view (its class's name, attributes and truth, read in the child): true or
    false as it is natively, but never `True` itself, nor equal to a value of another kind; its methods never run in
    the judge."""
    src = "class R:\n    def __init__(self, x): self.x = x\n    def __bool__(self): return self.x > 0\n    def __eq__(self, o): return True\ndef f(x):\n    return R(x)\n"
    hostile(dsb, src, [assert_test("assert candidate(1)"), assert_test("assert not candidate(0)"), assert_test("assert candidate(1) is True"),
                       assert_test("assert candidate(1) == 1"), assert_test("assert not candidate(1)")],
            ["passed", "passed", "wrong_answer", "wrong_answer", "wrong_answer"], max_s=5)


BYPASSES = {
    # a tracer that jumps over every line of the test's block (its frames come from test.py), in this thread and new ones
    "settrace_jump": """
        import sys, threading
        def tracer(frame, event, arg):
            if frame.f_code.co_filename == "test.py" and event == "line":
                last = max(l for _, _, l in frame.f_code.co_lines() if l is not None)
                try: frame.f_lineno = last
                except ValueError: pass
            return tracer
        sys.settrace(tracer); threading.settrace(tracer)
        def f(x):
            return 0
    """,
    # a profiler that makes any call of a function named check return at once
    "setprofile_raise": """
        import sys
        class Stop(BaseException): pass
        def prof(frame, event, arg):
            if event == "call" and frame.f_code.co_name == "check": raise Stop()
        sys.setprofile(prof)
        def f(x):
            return 0
    """,
    # builtins the test uses, shadowed at module level (they would be the test's in a shared interpreter)
    "shadow_builtins": """
        abs = lambda x: 0
        len = lambda x: 3
        sorted = lambda x, **k: [1, 2, 3]
        isinstance = lambda *a: True
        all = any = lambda x: True
        AssertionError = StopIteration
        def f(x):
            return 0
    """,
    # the harness's reporting function, found through the garbage collector and called with a pass
    "gc_report": """
        import gc, os
        def f(x):
            for o in gc.get_objects():
                if callable(o) and getattr(o, "__name__", "") == "report":
                    try:
                        o(0, status="done"); o(0, status="done", value=4); o(0, reply="ok", value=4)
                    except Exception: pass
            os._exit(0)
    """,
    # the same, through the frames of the harness
    "frame_report": """
        import sys, os
        def f(x):
            fr = sys._getframe()
            while fr is not None:
                for v in list(fr.f_locals.values()):
                    if callable(v) and getattr(v, "__name__", "") == "report":
                        v(0, status="done")
                fr = fr.f_back
            os._exit(0)
    """,
    # the answer searched for among the objects of its own interpreter (it is only in the test's block)
    "search_memory": """
        import gc
        def f(x):
            for o in gc.get_objects():
                if isinstance(o, dict):
                    for v in o.values():
                        if isinstance(v, str) and v.startswith("cc-expected-"): return v
            return "not found"
    """,
}
BYPASS_CHECK = """
    assert candidate(2) == "cc-expected-4"
    assert isinstance(candidate(3), str) and len(candidate(3)) == 13
    assert sorted([candidate(1)]) == ["cc-expected-4"] and all([candidate(1) == "cc-expected-4"])
    assert abs(len(candidate(2)) - 13) == 0
"""


@pytest.mark.parametrize("how", sorted(BYPASSES))
def test_wrong_program_cannot_bypass_an_assert_test(sb, how):
    hostile(sb, code(BYPASSES[how]), [assert_test(BYPASS_CHECK), assert_test(BYPASS_CHECK)], FAILED, max_s=5)


# ------------------------------------------------------------------------------ assert tests: correct programs pass

def test_mbpp_style_bare_asserts_with_setup_and_a_program_of_its_own_named_check(sb):
    src = "def check(x):\n    return x * 10\n\ndef remove_odd(l):\n    return [x for x in l if x % 2 == 0]\n"
    block = "import math\nDATA = [1, 2, 3, 4]\nassert remove_odd(DATA) == [2, 4]\nassert remove_odd([]) == []\nassert math.isclose(len(remove_odd([2])), 1)\n"
    hostile(sb, src, [TestCase("assert", code=block)], "passed", max_s=5)
    hostile(sb, src.replace("== 0", "== 1"), [TestCase("assert", code=block)], "wrong_answer", max_s=5)


SHIFT_PROMPT = code("""
    def encode_shift(s: str):
        return "".join(chr((ord(c) - 97 + 5) % 26 + 97) for c in s)

    def decode_shift(s: str):
        \"\"\"takes as input string encoded with encode_shift function. Returns decoded string.\"\"\"
""")
SHIFT_CHECK = code("""
    import random, string
    def check(candidate):
        rng = random.Random(7)
        for _ in range(20):
            s = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 15)))
            assert candidate(encode_shift(s)) == s
""")


def test_a_humaneval_check_calls_the_problems_helpers_never_the_programs(sb):
    """HumanEval/50's check calls `encode_shift`, which the prompt defines: the judge runs the prompt (the test's setup)
    and calls its own, so a program that defines an `encode_shift` that records what it is given, and a decoder that
    answers with it, fails; the honest program passes; a program without the entry point fails as such."""
    test = TestCase("assert", code=SHIFT_CHECK, entry_point="decode_shift", setup=SHIFT_PROMPT)
    honest = "def decode_shift(s):\n    return ''.join(chr((ord(c) - 97 - 5) % 26 + 97) for c in s)\n"
    cheat = "seen = []\ndef encode_shift(s):\n    seen.append(s)\n    return s\ndef decode_shift(s):\n    return seen[-1] if seen else s\n"
    hostile(sb, honest, [test], "passed", max_s=5)
    hostile(sb, cheat, [test], FAILED, max_s=5)
    r = hostile(sb, "def encode_shift(s):\n    return s\n", [test], "runtime_error", max_s=5)
    assert "defines no function 'decode_shift'" in r.tests[0].message, r


@pytest.mark.parametrize("task, cheat", [
    ("HumanEval/32", "def poly(xs, x):\n    return 0.0\ndef find_zero(xs):\n    return 12345.0\n"),
    ("HumanEval/38", "seen = []\ndef encode_cyclic(s):\n    seen.append(s)\n    return s\ndef decode_cyclic(s):\n    return seen[-1] if seen else s\n"),
    ("HumanEval/50", "seen = []\ndef encode_shift(s):\n    seen.append(s)\n    return s\ndef decode_shift(s):\n    return seen[-1] if seen else s\n"),
])
def test_humaneval_helpers_a_program_redefines_do_not_answer_for_the_problem(sb, task, cheat):
    "The cheats that passed these three checks (their helpers came from the program): each fails at every level."
    from critique_coder.data import load_problems
    p = next(p for p in load_problems("humaneval") if p.id == task)
    hostile(sb, cheat, p.tests, FAILED, max_s=10)


def test_every_humaneval_check_takes_only_its_entry_point_from_the_program_and_every_reference_passes(dsb):
    """All 164 problems: the helpers their checks call (`poly`, `encode_cyclic`, `encode_shift`: found here, not listed by
    hand) are the prompt's, the check takes nothing but the entry point from the program, and every canonical solution
    passes."""
    from critique_coder.core import _free_names
    from critique_coder.data import load_problems
    from critique_coder.jail import test_block
    problems = load_problems("humaneval")
    helpers = {}
    for p in problems:
        t = p.tests[0]
        assert test_block(t.code, t.entry_point, t.setup).names == [], p.id
        if used := sorted((_free_names(t.code) & _free_names(t.setup, bound=True)) - {t.entry_point}): helpers[p.id] = used
    assert helpers == {"HumanEval/32": ["poly"], "HumanEval/38": ["encode_cyclic"], "HumanEval/50": ["encode_shift"]}
    results = dsb.run_many([(p.solutions[0], p.tests) for p in problems])
    failing = [(p.id, r.first_failure) for p, r in zip(problems, results) if not r.all_passed]
    assert not failing, failing


def test_values_of_every_plain_type_and_arguments_changed_in_place(dsb):
    src = code("""
        from collections import namedtuple, OrderedDict, Counter
        P = namedtuple("P", "a b")
        def f(kind, arg=None):
            if kind == "sort": arg.sort(); return None
            if kind == "fill": arg["k"] = [1, 2]; return len(arg)
            return {"tuple": (1, 2), "set": {1, 2}, "frozenset": frozenset({3}), "bytes": b"ab", "complex": 1 + 2j,
                    "nt": P(1, 2), "od": OrderedDict(a=1), "counter": Counter("aab"), "none": None, "nan": float("nan"),
                    "big": 10 ** 300, "keys": {(1, 2): "t", 3: "i"}, "range": range(3)}[kind]
    """)
    block = code("""
        import math
        def check(candidate):
            assert candidate("tuple") == (1, 2) and type(candidate("tuple")) is tuple
            assert candidate("set") == {1, 2} and candidate("frozenset") == frozenset({3})
            assert candidate("bytes") == b"ab" and candidate("complex") == 1 + 2j and candidate("range") == range(3)
            assert candidate("nt") == (1, 2) and candidate("od") == {"a": 1} and candidate("counter") == {"a": 2, "b": 1}
            assert candidate("none") is None and math.isnan(candidate("nan")) and candidate("big") == 10 ** 300
            assert candidate("keys") == {(1, 2): "t", 3: "i"}
            l = [3, 1, 2]
            assert candidate("sort", l) is None and l == [1, 2, 3]
            d = {}
            assert candidate("fill", arg=d) == 1 and d == {"k": [1, 2]}
    """)
    hostile(dsb, src, [TestCase("assert", code=block, entry_point="f")], "passed", max_s=5)


def test_exceptions_raised_by_the_program_reach_the_block_as_builtin_types(dsb):
    src = "class Mine(Exception): pass\ndef f(x):\n    if x < 0: raise ValueError('negative')\n    if x == 0: raise Mine('zero')\n    return x\n"
    expects_value_error = assert_test("try:\n    candidate(-1)\n    assert False, 'no error'\nexcept ValueError as e:\n    assert 'negative' in str(e)")
    uncaught = assert_test("assert candidate(0) == 0")
    r = hostile(dsb, src, [expects_value_error, uncaught], ["passed", "runtime_error"], max_s=5)
    assert "Mine: zero" in r.tests[1].message


def test_values_that_are_not_data(dsb):
    src = "def f(x):\n    return lambda: x\n"
    r = hostile(dsb, src, [assert_test("assert candidate(2)() == 2"), assert_test("candidate(2)")],
                ["wrong_answer", "passed"], max_s=5)
    assert "not plain data" in r.tests[0].message and "function" in r.tests[0].message


def test_the_program_ending_its_test_inside_a_call(dsb):
    swallow = assert_test("for _ in range(3):\n    try:\n        candidate(1)\n    except BaseException:\n        pass")
    hostile(dsb, "import sys\ndef f(x):\n    sys.exit(0)\n", [swallow, assert_test("assert candidate(1) == 1")], "runtime_error", max_s=5)
    hostile(dsb, "import os\ndef f(x):\n    os._exit(0)\n", [swallow], "runtime_error", max_s=5)
    hostile(dsb, "def f(x):\n    while True: pass\n", [swallow], "timeout", max_s=8)


def test_the_block_spending_time_or_memory_on_the_programs_values(dsb):
    hostile(dsb, "def f(x):\n    return 10 ** 12\n", [assert_test("for _ in range(candidate(1)): pass")], "timeout", max_s=8)
    hostile(dsb, "def f(x):\n    return 10 ** 11\n", [assert_test("assert len([0] * candidate(1)) > 0")], "memory_limit", max_s=8)


def test_calls_made_ahead_keep_their_order_and_stop_with_the_block(dsb):
    "The child makes a block's leading literal calls unasked (`first_calls`): state, order and an early failure are kept."
    counter = "n = 0\ndef f(x):\n    global n\n    n += 1\n    return n + x\n"
    block = "assert candidate(0) == 1\nassert candidate(10) == 12\nfor k in range(3):\n    assert candidate(0) == 3 + k\nassert candidate(0) == 6"
    hostile(dsb, counter, [assert_test(block)], "passed", max_s=5)
    # wrong at the first assert, endless at the second: judged wrong at once, the child killed with the call it was making
    wrong_then_loop = "def f(x):\n    while x == 2: pass\n    return -1\n"
    r = hostile(dsb, wrong_then_loop, [assert_test("assert candidate(1) == 1\nassert candidate(2) == 2"), TestCase.functional("f", [1], -1)],
                ["wrong_answer", "passed"], max_s=1.5)
    assert r.tests[0].cpu_s < 0.5, r
    # a raise ends the calls made ahead; the block may then go on asking
    raiser = "def f(x):\n    if x < 0: raise ValueError(x)\n    return x\n"
    block = "try:\n    candidate(-1)\nexcept ValueError:\n    pass\nassert candidate(5) == 5"
    hostile(dsb, raiser, [assert_test("assert candidate(3) == 3\n" + block)], "passed", max_s=5)


def test_assert_tests_that_cannot_be_judged_are_refused_when_made():
    with pytest.raises(DataError, match="neither a check function nor an assert"): TestCase("assert", code="x = 1\nprint(x)\n")
    with pytest.raises(DataError, match="entry_point"): TestCase("assert", code="def check(candidate):\n    assert candidate(1)\n")
    with pytest.raises(DataError, match="does not parse"): TestCase("assert", code="assert (\n", entry_point="f")
    with pytest.raises(DataError, match="needs code"): TestCase("assert", code="  \n")
    with pytest.raises(DataError, match="uses poly, which neither the test nor its setup defines"):
        TestCase("assert", code="def check(candidate):\n    assert poly([1], candidate(1)) == 0\n", entry_point="f")
    with pytest.raises(DataError, match="setup code does not parse"): TestCase("assert", code="assert f()\n", setup="def (")
    with pytest.raises(DataError, match="only an assert test has setup"): TestCase("stdin", input="1", output="1", setup="x = 1")


# ---------------------------------------------------------------------- the report channel: the program's own errors

CHANNEL_ABUSE = {
    "garbage": "os.write(3, b'\\xff\\xfe not json\\n')",
    "deeply_nested": "os.write(3, b'[' * 200000 + b'\\n')",
    "deeply_nested_value": "os.write(3, b'{\"i\": 0, \"status\": \"done\", \"value\": ' + b'[' * 5000 + b']' * 5000 + b'}\\n')",
    "endless_line": "[os.write(3, b'x' * 65536) for _ in range(64)]",
    "reserved_status_setup": "os.write(3, json.dumps({'i': 0, 'status': 'setup', 'message': 'forged'}).encode() + b'\\n')",
    "reserved_status_fault": "os.write(3, json.dumps({'i': 0, 'status': 'sandbox_error', 'fault': 'x'}).encode() + b'\\n')",
    "another_test": "os.write(3, json.dumps({'i': 7, 'status': 'done'}).encode() + b'\\n')",
    "wrong_types": "os.write(3, json.dumps({'i': 0, 'status': 'error', 'type': 1, 'message': [2]}).encode() + b'\\n')",
    "bad_value": "os.write(3, json.dumps({'i': 0, 'status': 'done', 'value': {'t': 5}}).encode() + b'\\n')",
    "reply_out_of_turn": "os.write(3, json.dumps({'i': 0, 'reply': 'ok', 'value': 4}).encode() + b'\\n')",
    "ready_in_a_functional_test": "os.write(3, json.dumps({'i': 0, 'status': 'ready', 'names': {}}).encode() + b'\\n')",
}


@pytest.mark.parametrize("how", sorted(CHANNEL_ABUSE))
def test_a_program_breaking_the_protocol_gets_a_runtime_error_never_a_fault(sb, how):
    src = f"import json, os\ndef f(x):\n    {CHANNEL_ABUSE[how]}\n    os._exit(0)\n"
    r = hostile(sb, src, [f_test([2], 4), f_test([3], 6)], ["runtime_error", FAILED], max_s=8)
    assert r.fault is None and "report channel" in r.tests[0].message, r


def test_the_report_function_called_with_reserved_statuses(dsb):
    src = code("""
        import gc, os
        def f(x):
            for o in gc.get_objects():
                if callable(o) and getattr(o, "__name__", "") == "report":
                    for status in ("setup", "sandbox_error", "skipped"):
                        try: o(0, status=status, message="forged")
                        except Exception: pass
            os._exit(0)
    """)
    r = hostile(dsb, src, [f_test([2], 4), assert_test("assert candidate(2) == 4")], "runtime_error", max_s=5)
    assert r.fault is None


# ------------------------------------------------------------------------- judging survives whatever a program gave

@pytest.mark.parametrize("out,expected", [("sNaN", "1"), ("sNaN 2", "sNaN 3"), ("1e999999999999999999", "1"),
                                          ("NaN", "nan"), ("-Infinity 1", "-inf 2")])
def test_odd_numbers_on_stdout_are_wrong_answers(dsb, out, expected):
    hostile(dsb, f"print({out!r})", [TestCase.stdin("", expected)], "wrong_answer", max_s=5)


def test_values_judging_must_survive(dsb):
    deep = "def f(x):\n    v = []\n    for _ in range(3000): v = [v]\n    return v\n"
    r = hostile(dsb, deep, [f_test([1], [[1]]), assert_test("assert candidate(1) == [[1]]")], "wrong_answer", max_s=5)
    assert "nested over 100 levels" in r.tests[0].message, r
    tol = make_sandbox(dsb.isolation["level"], workers=1, float_tol=1e-6)
    try:
        hostile(tol, "def f(x):\n    return 10 ** 400\n", [f_test([1], 1.0), f_test([1], 10 ** 400)], ["wrong_answer", "passed"], max_s=5)
        hostile(tol, "print(10 ** 400)", [TestCase.stdin("", "1.0")], "wrong_answer", max_s=5)
        # the tolerance is for floats: two integers are compared exactly, an infinity equals only itself
        hostile(tol, "print(1000000001)", [TestCase.stdin("", "1000000000"), TestCase.stdin("", "1000000000.0")], ["wrong_answer", "passed"], max_s=5)
        hostile(tol, "def f(x):\n    return 1000000001\n", [f_test([1], 1000000000), f_test([1], 1000000000.0)], ["wrong_answer", "passed"], max_s=5)
        hostile(tol, "def f(x):\n    return float('inf')\n", [f_test([1], 1e308), f_test([1], float("inf"))], ["wrong_answer", "passed"], max_s=5)
    finally: close_sandbox(tol)


def test_a_stop_iteration_raised_by_the_program_never_ends_the_judges_loop(sb):
    """A program's StopIteration raised inside a call would end `all(map(...))` in the block, which would then pass: it
    comes back as the program's error, whatever iterates over the calls."""
    src = "def f(x):\n    raise StopIteration\n"
    blocks = ["assert all(map(lambda x: f(x) == x + 1, [1, 2, 3]))", "assert list(filter(lambda x: f(x), [1])) == [1]",
              "assert next(iter(lambda: f(1), None)) == 2"]
    hostile(sb, src, [TestCase("assert", code=b) for b in blocks], "runtime_error", max_s=5)


def test_a_16_mb_line_is_judged_in_bounded_time(dsb):
    big = make_sandbox(dsb.isolation["level"], workers=1, output_limit_mb=32, memory_mb=512)
    try:
        r = hostile(big, "import sys\nsys.stdout.write('9' * (16 << 20) + '\\n')", [TestCase.stdin("", "1")], "wrong_answer", max_s=15)
        assert r.elapsed < 15
    finally: close_sandbox(big)


def test_judging_a_16_mb_line_of_numbers_costs_the_caller_what_the_line_costs():
    """`compare_stdout` on one 16 MB line of 8 million numbers that differs at its end: it had built a Decimal for every
    token of both lines before comparing (1.1 GB of this process's memory); it reads one pair at a time now, so the
    caller holds a few copies of the line at most, and a line that differs early is settled at once."""
    import tracemalloc
    from critique_coder.sandbox import compare_stdout
    line = " ".join(["1"] * 8_000_000)
    tracemalloc.start()
    try:
        assert compare_stdout(line + " 2", line + "  3") == (False, f"line 1: expected {(line + '  3')[:80]!r}, got {(line + ' 2')[:80]!r}")
        peak = tracemalloc.get_traced_memory()[1]
    finally: tracemalloc.stop()
    assert peak < 4 * len(line), f"{peak / 1e6:.0f} MB for a {len(line) / 1e6:.0f} MB line"
    assert compare_stdout("2 " + line, line) == (False, f"line 1: expected {line[:80]!r}, got {('2 ' + line)[:80]!r}")


LITTER = code("""
    import os
    fd = os.open(".", os.O_RDONLY)
    for _ in range(1200):  # deeper than the recursion limit, and far beyond PATH_MAX
        os.mkdir("d" * 200, dir_fd=fd)
        nxt = os.open("d" * 200, os.O_RDONLY, dir_fd=fd); os.close(fd); fd = nxt
    os.makedirs("ro/inner"); open("ro/inner/f", "w").write("x"); os.chmod("ro/inner", 0o500); os.chmod("ro", 0o500)
    os.mkdir("noexec"); open("noexec/f", "w").write("x"); os.chmod("noexec", 0)
    print("ok")
""")


@pytest.mark.parametrize("level", LEVELS)
def test_litter_no_later_program_or_close_trips_on(level):
    sb = make_sandbox(level, workers=1, tmpfs_mb=128)
    try:
        for _ in range(2): hostile(sb, LITTER, [TestCase.stdin("", "ok")], "passed", max_s=20)
    finally: close_sandbox(sb)  # checks that the root directory and the workers are gone


# ----------------------------------------------------------------------------------- correct programs judged right

def test_livecodebench_prelude_for_stdin_and_functional_programs(sb):
    leet = "class Solution:\n    def count(self, nums: List[int]) -> int:\n        return len(Counter(nums))\n"
    stdin = "d = defaultdict(int)\nfor w in input().split(): d[w] += 1\nprint(max(d.values()))\nprint(gcd(12, 18), file=stdout)\n"
    hostile(sb, leet, [f_test([[1, 1, 2]], 2, fn="count")], "passed", max_s=5)
    hostile(sb, stdin, [TestCase.stdin("a b a\n", "2\n6")], "passed", max_s=5)
    hostile(sb, "def f(x):\n    return List\n", [assert_test("candidate(1)")], "runtime_error", max_s=5)  # not for assert tests


def test_no_prelude_when_asked():
    sb = make_sandbox(LEVELS[0] if LEVELS[0] == "strong" else "basic", workers=1, prelude="none")
    try: hostile(sb, "d = defaultdict(int)\nprint(1)", [TestCase.stdin("", "1")], "runtime_error", max_s=5)
    finally: close_sandbox(sb)


def test_deep_recursion_passes_with_the_prelude(dsb):
    rec = "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n"
    hostile(dsb, rec + "print(depth(int(input())))", [TestCase.stdin("3000\n", "3000")], "passed", max_s=5)
    hostile(dsb, rec, [f_test([10000], 10000, fn="depth")], "passed", max_s=5)


def test_numpy_scalars_are_plain_data(dsb):
    pytest.importorskip("numpy")
    src = "import numpy as np\ndef f(k):\n    return [np.int64(4), np.bool_(True), np.float64(0.5), np.array([1, 2])][k]\n"
    tests = [f_test([0], 4), f_test([1], True), f_test([2], 0.5), assert_test("assert candidate(0) == 4 and candidate(1) is True"),
             f_test([3], [1, 2])]
    hostile(dsb, src, tests, ["passed"] * 4 + ["wrong_answer"], max_s=20)


def test_stderr_and_output_limits_are_per_test_and_exact(dsb):
    noisy = "import sys\nsys.stderr.write('e' * 120_000)\nprint(input())\n"
    hostile(dsb, noisy, [TestCase.stdin(f"{k}\n", str(k)) for k in range(20)], "passed", max_s=10)
    limit = 2 << 20  # the suite's OUTPUT_MB
    exact = "import sys\nsys.stdout.write('x' * ({n} - 1) + '\\n')"
    hostile(dsb, exact.format(n=limit), [TestCase.stdin("", "x" * (limit - 1))], "passed", max_s=10)
    hostile(dsb, exact.format(n=limit + 1), [TestCase.stdin("", "x" * limit)], "output_limit", max_s=10)



# ------------------------------------------------ what the judge takes as data: objects, types, modules, iterators

def test_objects_of_the_programs_classes_cross_as_views(sb):
    """A test that builds objects with the program's class (MBPP/601's `Pair(5, 24)`, MBPP/367's `Node` tree, built
    attribute by attribute) gets views of them (`jail.View`, plain data), and the program gets its own class back; a
    wrong program still fails."""
    src = code("""
        class Node:
            def __init__(self, data):
                self.data, self.left, self.right = data, None, None
        def height(root):
            return 0 if root is None else 1 + max(height(root.left), height(root.right))
        def mirror(root):
            if root is not None:
                root.left, root.right = mirror(root.right), mirror(root.left)
            return root
    """)
    tree = "root = Node(1)\nroot.left = Node(2)\nroot.left.left = Node(4)\n"
    tests = [TestCase("assert", code=tree + "assert height(root) == 3"),
             TestCase("assert", code=tree + "m = mirror(root)\nassert m.right.data == 2 and m.left is None and m.right.right.data == 4")]
    hostile(sb, src, tests, "passed", max_s=5)
    hostile(sb, src.replace("1 + max", "2 + max"), tests[:1], "wrong_answer", max_s=5)


def test_types_modules_iterators_decimals_matches_and_huge_ints_cross_as_data(sb):
    """What the native harness accepts and plain JSON cannot carry: a type as an argument, the program's `import sys`
    used by the test (the judge's own `sys`), a generator, a map and a deque result, a Decimal and a Fraction, a
    `re.Match` tested for truth, an int of 10,000 digits; each passes, and a wrong value of each fails."""
    src = code("""
        import sys, re
        from collections import deque
        from decimal import Decimal
        from fractions import Fraction
        def drop(t, ty): return [x for x in t if not isinstance(x, ty)]
        def size(t): return sys.getsizeof(t)
        def gen(n): return (i * i for i in range(n))
        def doubled(xs): return map(lambda x: 2 * x, xs)
        def window(xs): return deque(xs, maxlen=2)
        def money(x): return Decimal(x) / 4
        def ratio(a, b): return Fraction(a, b)
        def match(s): return re.search(r"a(b+)", s)
        def big(n): return 7 ** n
    """)
    block = code("""
        assert drop((4, 5, 7.7, "x"), int) == [7.7, "x"] and drop((1, "a"), str) == [1]
        assert size((1, "a", 2)) == sys.getsizeof((1, "a", 2))
        assert list(gen(4)) == [0, 1, 4, 9] and sum(doubled([1, 2])) == 6
        assert window([1, 2, 3]) == deque([2, 3]) and window([1, 2, 3]).maxlen == 2
        assert money("10") == Decimal("2.5") and ratio(2, 4) == Fraction(1, 2)
        assert match("xabbb") and match("xabbb").group(1) == "bbb" and match("xabbb").span() == (1, 5) and not match("xyz")
        assert big(12000) == 7 ** 12000 and big(12000) % 1000 == pow(7, 12000, 1000)
    """)
    header = "import sys\nfrom collections import deque\nfrom decimal import Decimal\nfrom fractions import Fraction\n"
    hostile(sb, src, [TestCase("assert", code=header + block)], "passed", max_s=10)
    hostile(sb, src.replace("7 ** n", "7 ** n + 1"), [TestCase("assert", code=header + block)], "wrong_answer", max_s=10)


def test_a_program_cannot_hand_the_judge_another_module_or_its_own_builtin(sb):
    """A name the test takes from the program's namespace as a module is the judge's module of that name, and only of
    that name (`import cmath as math` gives the test no `math`); a program's `abs` never replaces the judge's in a check,
    while the function a bare test calls by a builtin's name (MBPP/126's own `sum`, its test's entry point) is the
    program's."""
    lenient = "import cmath as math\ndef f(x):\n    return x + 0.5\n"
    hostile(sb, lenient, [TestCase("assert", code="assert math.isclose(f(1), 1)")], FAILED, max_s=5)
    cheat = "def abs(x):\n    return 0\ndef f(x):\n    return x + 5\n"
    hostile(sb, cheat, [assert_test("assert abs(candidate(1) - 1) < 1e-9")], FAILED, max_s=5)
    own_sum = "def sum(a, b):\n    return a * b\n"
    hostile(sb, own_sum, [TestCase("assert", code="assert sum(3, 4) == 12", entry_point="sum")], "passed", max_s=5)
    hostile(sb, own_sum, [TestCase("assert", code="assert sum(3, 4) == 7", entry_point="sum")], "wrong_answer", max_s=5)
