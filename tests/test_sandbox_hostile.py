"""Hostile programs against the sandbox: every attack gets the right status, never a silent pass, leaves no process and no
directory behind, and the same sandbox serves a normal request right after. Cheap cases run at every isolation level the
machine grants (`strong` as root, `landlock`, `basic`), each checked only for what that level promises (see
`Sandbox.isolation`); expensive ones (timeouts, fork bomb) run once, at the strongest level.

Never run `os.kill(-1, ...)` or kill-the-caller programs at a level that does not confine signals: as root that kills
every process on the machine."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest

from critique_coder.core import TestCase
from critique_coder import jail
from critique_coder.jail import landlock_abi
from critique_coder.core import SandboxError
from critique_coder.sandbox import Sandbox

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")

LEVELS = ("strong", "landlock", "basic")
ABI = landlock_abi()
DEFAULT = "strong" if os.geteuid() == 0 else "landlock" if ABI >= 1 else "basic"
SECRET = "cc-secret-" + uuid.uuid4().hex
WORKERS, TIMEOUT, WALL, MEMORY_MB, OUTPUT_MB = 2, 1.0, 2.0, 256, 2
UID_BASE = 200_000

_LIVE: list[Sandbox] = []  # every sandbox this module has open: their workers are not leaks


def code(src: str) -> str: return textwrap.dedent(src).strip() + "\n"


def unavailable(level: str) -> str | None:
    if level == "strong" and os.geteuid() != 0: return "strong isolation needs root"
    if level == "landlock" and ABI < 1: return "the kernel has no Landlock"
    return None


def make_sandbox(level: str, **kw) -> Sandbox:
    reason = unavailable(level)
    if reason: pytest.skip(reason)
    opts = dict(workers=WORKERS, timeout=TIMEOUT, memory_mb=MEMORY_MB, wall_timeout=WALL, output_limit_mb=OUTPUT_MB,
                max_procs=32, isolation=level, allow_basic=level == "basic")
    sb = Sandbox(**{**opts, **kw}).start()
    _LIVE.append(sb)
    assert sb.isolation["level"] == level, sb.isolation
    return sb


def close_sandbox(sb: Sandbox) -> None:
    "Close and check that the workers and the root directory are gone."
    root, pids = sb._root, worker_pids(sb) + launcher_pids(sb)
    sb.close()
    _LIVE.remove(sb)
    assert root is not None and not root.exists(), f"{root} survived close()"
    alive = [p for p in pids if Path(f"/proc/{p}").exists()]
    assert not alive, f"workers {alive} survived close()"


def signals_confined(sb: Sandbox) -> bool:
    """Whether the level stops a program from signalling processes outside it: every level does (uid drop; Landlock ABI
    6+ scoping; else a seccomp filter that lets it signal only itself and its process group), and its report says how."""
    return sb.isolation["signals"].startswith(("to its own uid", "Landlock", "seccomp"))


# ---------------------------------------------------------------------------------------------------------------- leaks

def worker_pids(sb: Sandbox) -> list[int]:
    return [p.worker_pid for p in sb._procs if p is not None]


def launcher_pids(sb: Sandbox) -> list[int]:
    "Each worker runs under a launcher of its own (see `jail.worker_main`): the sandbox's, not a leak."
    return [p.proc.pid for p in sb._procs if p is not None]


def _proc_table() -> dict[int, dict]:
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit(): continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f: stat = f.read()
            with open(f"/proc/{name}/status") as f: status = f.read()
            with open(f"/proc/{name}/cmdline", "rb") as f: cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError: continue  # gone meanwhile
        head, rest = stat.rsplit(b")", 1)
        fields = rest.split()
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
        comm = head.split(b"(", 1)[-1].decode(errors="replace")
        table[int(name)] = {"ppid": int(fields[1]), "state": fields[0].decode(), "uid": uid, "comm": comm,
                            "cmd": cmd[:100] or comm}
    return table


# A worker may keep machinery of its own between programs: a zygote that forks the children, and idle children forked
# ahead for the next programs (`jail.SPARES` of them), named by prctl. Up to that many per worker are the sandbox's;
# anything else (a program's process, whatever name it gives itself) is a leak.
INFRA = {"cc-zygote": 1, "cc-spare": getattr(jail, "SPARES", 1)}


def _descendants(table: dict, root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for pid, p in table.items(): kids.setdefault(p["ppid"], []).append(pid)
    out, todo = [], [root]
    while todo:
        for k in kids.get(todo.pop(), []): out.append(k); todo.append(k)
    return out


def _strays_now(ignore=()) -> dict[int, str]:
    table, me = _proc_table(), os.getpid()
    workers = {pid for sb in _LIVE for pid in worker_pids(sb)}
    skip = workers | {pid for sb in _LIVE for pid in launcher_pids(sb)} | set(ignore) | {me}
    for w in workers:
        for name, most in INFRA.items():
            mine = [pid for pid in _descendants(table, w) if table[pid]["comm"] == name]
            if len(mine) <= most: skip.update(mine)

    def descends(pid: int) -> bool:
        seen = set()
        while pid > 1 and pid not in seen:
            seen.add(pid)
            pid = table[pid]["ppid"] if pid in table else 0
            if pid == me: return True
        return False

    def foreign(pid: int) -> bool:
        "Whether the process runs under another sandbox's live worker (another test run on this machine)."
        seen = set()
        while pid > 1 and pid not in seen and pid in table:
            seen.add(pid)
            pid = table[pid]["ppid"]
            p = table.get(pid)
            if p and pid not in workers and p["uid"] < UID_BASE and "worker_main" in p["cmd"]: return True
        return False

    def leaked(pid: int, p: dict) -> bool:
        if pid in skip: return False
        if descends(pid): return True  # zombies too: whoever forked them must reap them
        # sandbox processes that escaped their worker, but not a dead orphan waiting for init to reap it
        return p["uid"] >= UID_BASE and not (p["state"] == "Z" and p["ppid"] == 1) and not foreign(pid)

    return {pid: f"pid {pid} ppid {p['ppid']} uid {p['uid']} state {p['state']} comm {p['comm']}: {p['cmd']}"
            for pid, p in table.items() if leaked(pid, p)}


_BASELINE: set[int] = set()  # strays already there when the current test started: an earlier test's failure, not this one's


def stray_processes(ignore=(), grace: float = 1.0, baseline=None) -> list[str]:
    """Live processes (zombies included) descending from this test process, other than the sandbox's workers and their own
    machinery, plus every process running under a sandbox uid (>= 200000); those in `baseline` (default: the ones there
    when the test started) aside. Processes the sandbox is still starting for the next program (forked by its zygote, on
    their way to being adopted) get `grace` seconds to settle."""
    baseline = _BASELINE if baseline is None else baseline
    deadline = time.monotonic() + grace
    while True:
        strays = [d for pid, d in _strays_now(ignore).items() if pid not in baseline]
        if not strays or time.monotonic() >= deadline: return strays
        time.sleep(0.02)


def program_dirs(sb: Sandbox) -> list[str]:
    """What is left in the sandbox's directories: its root should hold only the worker dirs and logs, and each worker dir
    (seen from this side, and from inside the worker's mount namespace, where strong isolation mounts a tmpfs) only the
    empty directories made ahead for its idle spares and its own hidden machinery."""
    left = []
    slots = range(len(sb._procs))
    allowed = {f"w{i}" for i in slots} | {f"w{i}.log" for i in slots}
    left += [str(sb._root / n) for n in sorted(set(os.listdir(sb._root)) - allowed)]
    for i, p in enumerate(sb._procs):
        host = sb._root / f"w{i}"
        views = [host]
        if p is not None and p.alive(): views.append(Path(f"/proc/{p.worker_pid}/root") / str(host).lstrip("/"))
        for v in views:
            # hidden entries of the worker's own (uid < 200000) are its machinery (e.g. a read-only mirror of sys.path)
            entries = sorted(n for n in os.listdir(v) if not (n.startswith(".") and os.lstat(v / n).st_uid < UID_BASE))
            spare, gone = [], set()
            for n in entries:
                if not re.fullmatch(r"p\d+", n): continue
                try:
                    if not os.listdir(v / n): spare.append(n)
                except FileNotFoundError: gone.add(n)  # removed by the worker's tidy meanwhile: not left behind
                except NotADirectoryError: pass
            entries = [n for n in entries if n not in gone]
            if p is not None and p.alive() and len(spare) <= INFRA["cc-spare"]:
                entries = [n for n in entries if n not in spare]
            left += [str(v / n) for n in entries]
    return left


def tmp_entries() -> set[str]:
    return set(os.listdir(tempfile.gettempdir()))


def new_tmp_entries(before: set[str]) -> list[str]:
    "Entries that appeared in the temp dir and belong to a sandbox uid (other processes on the machine may add their own)."
    out = []
    for name in tmp_entries() - before:
        try:
            if os.lstat(os.path.join(tempfile.gettempdir(), name)).st_uid >= UID_BASE: out.append(name)
        except OSError: pass
    return sorted(out)


def assert_clean(sb: Sandbox, tmp_before: set[str], ignore=(), baseline=None) -> None:
    strays = stray_processes(ignore, baseline=baseline)
    assert not strays, "processes left behind:\n" + "\n".join(strays)
    deadline = time.monotonic() + 5.0  # a worker removes a finished program's directory once its processes are reaped (a deep tree under load: seconds)
    while (dirs := program_dirs(sb)) and time.monotonic() < deadline: time.sleep(0.02)
    assert not dirs, f"program directories left behind: {dirs}"
    new_tmp = new_tmp_entries(tmp_before)
    assert not new_tmp, f"new entries in {tempfile.gettempdir()}: {new_tmp}"


# ------------------------------------------------------------------------------------------------------ normal requests

GOOD_CODE = code("""
    import sys
    def add(a, b):
        return a + b
    if __name__ == "__main__":
        print(add(*map(int, sys.stdin.read().split())))
""")
GOOD_TESTS = [TestCase.stdin("2 3\n", "5"), TestCase.functional("add", [2, 3], 5),
              TestCase("assert", code="def check(candidate):\n    assert candidate(2, 3) == 5\n", entry_point="add")]
WRONG_CODE = GOOD_CODE.replace("return a + b", "return a - b")


def assert_serves(sb: Sandbox) -> None:
    "The sandbox judges normal programs right, on every worker (run_many spreads the requests over the workers)."
    results = sb.run_many([(GOOD_CODE, GOOD_TESTS)] * (2 * sb.workers) + [(WRONG_CODE, GOOD_TESTS)])
    for r in results[:-1]:
        assert r.statuses == ["passed"] * 3 and r.fault is None, r
    assert results[-1].statuses == ["wrong_answer"] * 3, results[-1]


def hostile(sb: Sandbox, src: str, tests, expect, *, max_s: float = 15.0, hang_s: float = 60, ignore=(),
            stop_on_failure=False):
    """Run a hostile program; check each test's status is in `expect` (a status, a set of them, or a list of either, one per
    test), the sandbox-fault invariants, that nothing is left behind, and that the sandbox then serves normal requests."""
    tmp_before, baseline = tmp_entries(), _BASELINE | set(_strays_now(ignore))
    t0 = time.monotonic()
    try: r = sb.submit(src, tests, stop_on_failure).result(timeout=max_s + hang_s)  # a hang fails the test, not pytest
    except TimeoutError: pytest.fail(f"no result after {max_s + hang_s:.0f}s: the sandbox hangs")
    elapsed = time.monotonic() - t0
    wants = expect if isinstance(expect, list) else [expect] * len(tests)
    wants = [{w} if isinstance(w, str) else set(w) for w in wants]
    detail = f"{r}: " + "; ".join(f"[{t.status}] {t.message} {t.stderr[-300:]!r}" for t in r.tests)
    assert len(r.tests) == len(tests), detail
    for got, want in zip(r.statuses, wants):
        assert got in want, f"expected {sorted(want)}, got {got}: {detail}"
    if r.fault is not None: assert set(r.statuses) == {"sandbox_error"}, detail
    if "sandbox_error" in r.statuses: assert r.fault, detail
    assert elapsed <= max_s, f"took {elapsed:.1f}s (> {max_s}s): {detail}"
    assert_clean(sb, tmp_before, ignore, baseline)
    assert_serves(sb)
    assert_clean(sb, tmp_before, ignore, baseline)
    r.elapsed = elapsed
    return r


NOT_PASSED = {"wrong_answer", "runtime_error", "timeout", "memory_limit", "output_limit", "syntax_error"}

# ------------------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _stray_baseline():
    _BASELINE.clear()
    _BASELINE.update(_strays_now())
    yield


@pytest.fixture(scope="module")
def sandboxes():
    "One sandbox per isolation level, made on first use, shared by the module; the secret is in our environment first."
    old = os.environ.get("CC_SECRET")
    os.environ["CC_SECRET"] = SECRET
    made: dict[str, Sandbox] = {}

    def get(level: str) -> Sandbox:
        if level not in made:
            name, _, fork = level.partition("+")  # "strong+fork": spares made by forking twice (`spare_fork="fork"`)
            made[level] = make_sandbox(name, **({"spare_fork": "fork"} if fork else {}))
        return made[level]

    yield get
    try:
        for sb in made.values(): close_sandbox(sb)
    finally:
        if old is None: os.environ.pop("CC_SECRET", None)
        else: os.environ["CC_SECRET"] = old


@pytest.fixture(params=LEVELS)
def sb(request, sandboxes) -> Sandbox:
    return sandboxes(request.param)


@pytest.fixture
def dsb(sandboxes) -> Sandbox:
    "The sandbox at the strongest level this machine grants."
    return sandboxes(DEFAULT)


@pytest.fixture
def outside():
    "A world-writable directory outside the sandbox holding a world-writable victim file: only isolation protects it."
    d = Path(tempfile.mkdtemp(prefix="cc-hostile-"))
    os.chmod(d, 0o777)
    victim = d / "victim.txt"
    victim.write_text("victim")
    os.chmod(victim, 0o666)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def f_test(args, expected, fn="f") -> TestCase: return TestCase.functional(fn, args, expected)


def assert_test(body: str, entry="f") -> TestCase:
    return TestCase("assert", code="def check(candidate):\n" + textwrap.indent(code(body), "    "), entry_point=entry)


# ------------------------------------------------------------------------------------------------ correct programs pass


def test_correct_program_passes_at_every_level(sb):
    r = hostile(sb, GOOD_CODE, GOOD_TESTS, "passed", max_s=5)
    assert r.fault is None


def test_correct_program_importing_stdlib_modules_passes_at_every_level(sb):
    "Modules the worker did not preload must be importable by the program (the uid it drops to must read the stdlib)."
    src = code("""
        import array, dataclasses, datetime, statistics
        print(statistics.mean([1, 2, 3]), datetime.date(2024, 1, 2).day, len(array.array("i", [1])))
    """)
    hostile(sb, src, [TestCase.stdin("", "2 2 1")], "passed", max_s=5)


# ------------------------------------------------------------------------------------------------- processes and limits


FORK_BOMBS = {
    # the classic: every process forks until fork fails, and then dies of the error
    "classic": ("import os\nwhile True:\n    os.fork()\n", {"runtime_error", "timeout"}),
    # forks forever, ignoring the errors, every child in its own session (killing the group is not enough)
    "setsid": (code("""
        import os
        while True:
            try:
                if os.fork() == 0:
                    os.setsid()
            except OSError:
                pass
    """), "timeout"),
}


def stop_programs(sb: Sandbox, settle: int = 5, limit_s: float = 30.0) -> int:
    """Stop, then kill, every program process still running under this sandbox's workers (not their machinery): the
    clean-up after a failed fork-bomb test, so that nothing runs on once the workers are gone. Stopped processes cannot
    fork (and keep their slot under the process limit), so stopping converges where killing one by one may not; it ends
    after `settle` scans in a row find nothing new. Returns how many processes it stopped."""
    stopped: set[int] = set()
    quiet, deadline = 0, time.monotonic() + limit_s
    while quiet < settle and time.monotonic() < deadline:
        table = _proc_table()
        live = [pid for w in worker_pids(sb) for pid in _descendants(table, w)
                if table[pid]["uid"] >= UID_BASE and table[pid]["comm"] not in INFRA and table[pid]["state"] not in ("Z", "T")]
        quiet = 0 if live else quiet + 1
        for pid in live:
            try: os.kill(pid, signal.SIGSTOP); stopped.add(pid)
            except ProcessLookupError: pass
        if not live: time.sleep(0.01)
    for pid in stopped:
        try: os.kill(pid, signal.SIGKILL)
        except ProcessLookupError: pass
    return len(stopped)


@pytest.mark.parametrize("kind", sorted(FORK_BOMBS))
@pytest.mark.parametrize("ntests", [1, 2])
def test_fork_bomb(kind, ntests):
    """A sandbox of its own. With two tests, the first test's child is killed on timeout while its bombers live on, and
    the second test runs in a fresh child: the sweep at the end must still get every bomber."""
    if unavailable("strong"): pytest.skip("only the uid drop of strong isolation bounds the number of processes")
    sb = make_sandbox("strong", max_procs=32)
    src, expect = FORK_BOMBS[kind]
    try:
        hostile(sb, src, [TestCase.stdin("", "1")] * ntests, expect, max_s=ntests * WALL + 5, hang_s=10)
    finally:
        left = stop_programs(sb)  # a no-op when the sandbox did its job; else nothing may outlive the workers
        time.sleep(0.2)
        close_sandbox(sb)
    assert not left, f"{left} bomb processes were still running after the test"


@pytest.mark.parametrize("src", [
    "a = []\nwhile True:\n    a.append(bytearray(1 << 24))\n",
    "s = 'x' * (1 << 40)\n",
], ids=["grow", "huge"])
def test_memory_bomb(sb, src):
    r = hostile(sb, src, [TestCase.stdin("", "1")], "memory_limit", max_s=5)
    assert r.tests[0].message == "MemoryError"


def test_infinite_loop(dsb):
    r = hostile(dsb, "while True:\n    pass\n", [TestCase.stdin("", "1")], "timeout", max_s=WALL + 3)
    assert r.tests[0].cpu_s >= 0.8 * TIMEOUT


def test_infinite_loop_in_function_then_later_tests_still_judged(dsb):
    src = code("""
        def f(x):
            while x == 1:
                pass
            return x
    """)
    hostile(dsb, src, [f_test([1], 1), f_test([2], 2)], ["timeout", "passed"], max_s=2 * WALL + 3)


def test_loop_ignoring_sigterm_and_sigxcpu(dsb):
    src = code("""
        import signal
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU, signal.SIGALRM, signal.SIGUSR1):
            signal.signal(s, signal.SIG_IGN)
        while True:
            pass
    """)
    hostile(dsb, src, [TestCase.stdin("", "1")], "timeout", max_s=WALL + 3)


def test_sleep_forever_hits_the_wall_time_limit(dsb):
    r = hostile(dsb, "import time\ntime.sleep(10 ** 6)\n", [TestCase.stdin("", "1")], "timeout", max_s=WALL + 3)
    assert WALL - 0.1 <= r.tests[0].wall_s <= WALL + 1.5 and r.tests[0].cpu_s < 0.5


def test_non_daemon_thread_that_sleeps_long(dsb):
    src = code("""
        import threading, time
        threading.Thread(target=time.sleep, args=(10 ** 6,)).start()
        print(1)
    """)
    hostile(dsb, src, [TestCase.stdin("", "1")], "timeout", max_s=WALL + 3)


def test_daemon_thread_does_not_outlive_the_program(dsb):
    src = code("""
        import threading, time
        def spin():
            while True:
                time.sleep(0.01)
        threading.Thread(target=spin, daemon=True).start()
        threading.Thread(target=time.sleep, args=(10 ** 6,), daemon=True).start()
        print(1)
    """)
    r = hostile(dsb, src, [TestCase.stdin("", "1"), TestCase.stdin("", "1")], "passed", max_s=3)
    assert all(t.wall_s < 1 for t in r.tests)


def _runner(new_session_each: bool) -> str:
    "A background process that keeps forking a successor and exiting, writing the file named on stdin once it has run 0.3 s."
    once, each = ("", "\n                    os.setsid()") if new_session_each else ("\n            os.setsid()", "")
    return code(f"""
        import os, time
        path = input()
        if os.fork() == 0:{once}
            t0 = time.time()
            while True:
                try:
                    if os.fork():
                        os._exit(0){each}
                except OSError:
                    pass
                if time.time() - t0 > 0.3:
                    try:
                        with open(path, "w") as f:
                            f.write("alive")
                    except OSError:
                        pass
        print("ok")
    """)


DAEMONS = {
    # double fork + setsid, signals ignored; writes a marker file a little later, then sleeps forever
    "double_fork": code("""
        import os, signal, time
        path = input()
        pid = os.fork()
        if pid == 0:
            os.setsid()
            if os.fork() == 0:
                for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
                    signal.signal(s, signal.SIG_IGN)
                time.sleep(0.3)
                try:
                    with open(path, "w") as f:
                        f.write("alive")
                except OSError:
                    pass
                time.sleep(10 ** 6)
            os._exit(0)
        os.waitpid(pid, 0)
        print("ok")
    """),
    # a process that keeps forking a successor and exiting, so its pid is never the same twice
    "runner": _runner(new_session_each=False),
    # the same, every successor in a new session of its own (killing the process group is not enough)
    "runner_setsid": _runner(new_session_each=True),
}


@pytest.mark.parametrize("kind", sorted(DAEMONS))
def test_daemon_processes_are_killed(sb, outside, kind):
    marker = outside / f"marker-{kind}"
    before = sb.leftovers
    hostile(sb, DAEMONS[kind], [TestCase.stdin(f"{marker}\n", "ok")], "passed", max_s=5)
    assert sb.leftovers > before, "the sweep found no background process"
    time.sleep(0.6)
    assert not marker.exists(), "a background process outlived the run and wrote its file"


@pytest.mark.parametrize("kind", sorted(DAEMONS))
def test_spares_forked_twice_leave_nothing_either(sandboxes, outside, kind):
    "The zygote's fallback path (`spare_fork=\"fork\"`: a middle process, the spare adopted by the worker) cleans up as well."
    sb = sandboxes(DEFAULT + "+fork")
    test_daemon_processes_are_killed(sb, outside, kind)
    assert_serves(sb)
    assert not stray_processes()


# -------------------------------------------------------------------------------------------------------------- output


def test_unbounded_stdout(dsb):
    r = hostile(dsb, "while True:\n    print('x' * 4096)\n", [TestCase.stdin("", "x")], "output_limit", max_s=5)
    assert r.tests[0].message


def test_unbounded_raw_stdout_in_a_functional_test(dsb):
    src = code("""
        import os
        def f(x):
            while True:
                os.write(1, b"y" * 65536)
    """)
    hostile(dsb, src, [f_test([1], 1)], "output_limit", max_s=5)


def test_unbounded_stderr(dsb):
    r = hostile(dsb, "import sys\nwhile True:\n    sys.stderr.write('e' * 4096)\n", [TestCase.stdin("", "x")],
                "output_limit", max_s=5)
    assert len(r.tests[0].stderr) <= 2000


def test_closing_stdout_then_printing(dsb):
    "Output a test could not write (its stdout was closed) must not turn up in the next test's stdout."
    src = code("""
        import os
        s = input()
        if s == "close":
            os.close(1)
        print(s)
    """)
    hostile(dsb, src, [TestCase.stdin("close\n", "close"), TestCase.stdin("ok\n", "ok")],
            [{"wrong_answer", "runtime_error"}, "passed"], max_s=5)
    hostile(dsb, "import sys\nsys.stdout.close()\nprint(3)\n", [TestCase.stdin("", "3")], "runtime_error", max_s=5)


def test_huge_correct_output_passes(dsb):
    n = 150_000  # 8 bytes a line: 1.2 MB, under the 2 MB output limit
    src = code(f"""
        import sys
        sys.stdout.write("1234567\\n" * {n})
    """)
    r = hostile(dsb, src, [TestCase.stdin("", "1234567\n" * n)], "passed", max_s=10)
    assert r.tests[0].wall_s < 5


def test_huge_wrong_output(dsb):
    r = hostile(dsb, "print('x' * 1_500_000)\n", [TestCase.stdin("", "1")], "wrong_answer", max_s=10)
    assert len(r.tests[0].message) < 300


def test_huge_functional_return_value(dsb):
    src = "def f(x):\n    return 'x' * (30 << 20)\n"
    hostile(dsb, src, [f_test([1], "x")], NOT_PASSED, max_s=WALL + 5)


def test_non_utf8_output(dsb):
    bad = code("""
        import sys
        sys.stdout.buffer.write(b"\\xff\\xfe\\x00\\x80abc\\n")
        sys.stderr.buffer.write(b"\\xff\\xfe bad stderr\\n")
    """)
    r = hostile(dsb, bad, [TestCase.stdin("", "abc")], "wrong_answer", max_s=5)
    assert "\ufffd" in r.tests[0].message
    ok = code("""
        import sys
        sys.stdout.buffer.write(b"42\\n")
        sys.stderr.buffer.write(b"\\xff\\xfe bad stderr\\n")
    """)
    r = hostile(dsb, ok, [TestCase.stdin("", "42")], "passed", max_s=5)
    assert "\ufffd" in r.tests[0].stderr
    lone = "def f(x):\n    return b'\\xff'.decode('utf-8', 'surrogateescape')\n"
    hostile(dsb, lone, [f_test([1], "\ufffd")], {"wrong_answer", "runtime_error"}, max_s=5)


def test_blocking_on_stdin_gets_eof(dsb):
    r = hostile(dsb, "a = input()\nb = input()\nprint(a, b)\n", [TestCase.stdin("1\n", "1 1")], "runtime_error", max_s=5)
    assert "EOFError" in r.tests[0].message and r.tests[0].wall_s < 1
    src = code("""
        import os, sys
        data = sys.stdin.read()
        rest = sys.stdin.read()
        raw = os.read(0, 1024)
        for line in sys.stdin:
            pass
        print(len(data), len(rest), len(raw))
    """)
    r = hostile(dsb, src, [TestCase.stdin("hello\n", "6 0 0")], "passed", max_s=5)
    assert r.tests[0].wall_s < 1
    r = hostile(dsb, "import sys\ndef f():\n    return sys.stdin.read()\n", [f_test([], "")], "passed", max_s=5)
    assert r.tests[0].wall_s < 1


# ------------------------------------------------------------------------------------------------------------ crashes


def test_deep_recursion(dsb):
    rec = "def f(n):\n    return f(n + 1) + 1\nf(0)\n"
    r = hostile(dsb, rec, [TestCase.stdin("", "1")], "runtime_error", max_s=5)
    assert "RecursionError" in r.tests[0].message
    # recursion through C frames with the limit lifted overflows the C stack: a crash, judged at once
    c_rec = "import sys\nsys.setrecursionlimit(10 ** 6)\ndef f(n):\n    return list(map(f, [n + 1]))\nf(0)\n"
    r = hostile(dsb, c_rec, [TestCase.stdin("", "1")], "runtime_error", max_s=5)
    assert "SIGSEGV" in r.tests[0].message
    # pure-Python recursion with the limit lifted grows the heap instead (Python 3.11+): bounded, never a hang
    py_rec = "import sys\nsys.setrecursionlimit(10 ** 6)\n" + rec
    hostile(dsb, py_rec, [TestCase.stdin("", "1")], {"runtime_error", "memory_limit", "timeout"}, max_s=WALL + 3)


def test_segfault_via_ctypes(sb):
    r = hostile(sb, "import ctypes\nctypes.string_at(0)\n", [TestCase.stdin("", "1")], "runtime_error", max_s=5)
    assert "SIGSEGV" in r.tests[0].message


# -------------------------------------------------------------------------------------------------------------- network

NET_PROBE = code(r"""
    import ctypes, os, struct
    libc = ctypes.CDLL(None, use_errno=True)   # raw syscalls: no dependence on what the child can import
    def inet(host, port):
        return struct.pack("=H", 2) + struct.pack("!H", port) + bytes(map(int, host.split("."))) + bytes(8)
    def abstract(name):
        return struct.pack("=H", 1) + b"\0" + name.encode()
    def attempt(family, kind, addr):
        fd = libc.socket(family, kind, 0)
        if fd < 0:
            return "B"
        tv = struct.pack("ll", 0, 500000)
        libc.setsockopt(fd, 1, 21, tv, len(tv))  # SO_SNDTIMEO bounds connect()
        if kind == 2:
            ok = libc.sendto(fd, b"x", 1, 0, addr, len(addr)) >= 0
        else:
            ok = libc.connect(fd, addr, len(addr)) == 0
        libc.close(fd)
        return "C" if ok else "B"
    def f(probes):
        out = []
        for what, a, b in probes:
            if what == "tcp": out.append(attempt(2, 1, inet(a, b)))
            elif what == "udp": out.append(attempt(2, 2, inet(a, b)))
            else: out.append(attempt(1, 1, abstract(a)))
        return out
""")


def test_network_connections_fail(sb):
    iso = sb.isolation
    if iso["network"] == "open": pytest.skip(f"{iso['level']} isolation does not promise network isolation")
    tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); tcp.listen(8); tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("127.0.0.1", 0)); udp.setblocking(False)
    name = f"cc-hostile-{uuid.uuid4().hex}"
    abst = socket.socket(socket.AF_UNIX); abst.bind("\0" + name); abst.listen(8); abst.setblocking(False)
    try:
        # the listeners do accept connections from outside the sandbox
        for s, addr, fam in ((tcp, tcp.getsockname(), socket.AF_INET), (abst, "\0" + name, socket.AF_UNIX)):
            c = socket.socket(fam); c.connect(addr); s.accept()[0].close(); c.close()
        probes = [("tcp", "127.0.0.1", tcp.getsockname()[1]), ("tcp", "1.1.1.1", 80)]
        netns = "network namespace" in iso["network"]
        if netns: probes.append(("udp", "127.0.0.1", udp.getsockname()[1]))  # own network namespace
        if netns or iso["landlock_abi"] >= 6: probes.append(("abstract", name, 0))  # netns / scoping
        hostile(sb, NET_PROBE, [f_test([probes], ["B"] * len(probes))], "passed", max_s=10)
        for s in (tcp, abst):
            with pytest.raises(BlockingIOError): s.accept()
        with pytest.raises(BlockingIOError): udp.recv(16)
    finally:
        for s in (tcp, udp, abst): s.close()


# ---------------------------------------------------------------------------------------------------------- file system

FILE_PROBE = code("""
    import os
    def f(p):
        def attempt(fn):
            try:
                fn()
                return "W"
            except OSError:
                return "B"
        def write(path, mode="w"):
            with open(path, mode) as fh:
                fh.write("pwned")
        def link_then_write():
            os.link(p["victim"], "vlink")
            write("vlink", "a")
        return [
            attempt(lambda: write("own.txt")),
            attempt(lambda: write(p["new"])),
            attempt(lambda: write(p["tmp"])),
            attempt(lambda: write(p["shm"])),
            attempt(lambda: write("../escape.txt")),
            attempt(lambda: write(p["victim"], "a")),
            attempt(lambda: os.truncate(p["victim"], 0)),
            attempt(lambda: os.remove(p["victim"])),
            attempt(lambda: os.rename(p["victim"], p["new"] + ".renamed")),
            attempt(lambda: os.mkdir(p["new"] + ".dir")),
            attempt(lambda: os.symlink("/etc/passwd", p["new"] + ".lnk")),
            attempt(link_then_write),
        ]
""")


def test_writing_and_deleting_outside_fail(sb, outside):
    iso = sb.isolation
    if iso["filesystem"] == "open": pytest.skip(f"{iso['level']} isolation does not promise file-system isolation")
    tag = uuid.uuid4().hex
    victim = outside / "victim.txt"
    paths = {"victim": str(victim), "new": str(outside / "new.txt"), "tmp": f"/tmp/xyz-{tag}", "shm": f"/dev/shm/xyz-{tag}"}
    try:
        hostile(sb, FILE_PROBE, [f_test([paths], ["W"] + ["B"] * 11)], "passed", max_s=5)
        assert victim.read_text() == "victim" and (victim.stat().st_mode & 0o777) == 0o666
        assert sorted(p.name for p in outside.iterdir()) == ["victim.txt"]
        assert not Path(paths["tmp"]).exists() and not Path(paths["shm"]).exists()
    finally:
        for p in (paths["tmp"], paths["shm"]):
            if os.path.lexists(p): os.unlink(p)


# --------------------------------------------------------------------------------------------------------- environment

ENV_PROBE = code(r"""
    import os, re
    pat = re.compile(rb"cc-secret-[0-9a-f]{32}")
    deep = input().strip() == "deep"
    def ppid_of(pid):
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return int(fh.read().rsplit(b")", 1)[1].split()[1])
    blobs = ["\0".join(f"{k}={v}" for k, v in os.environ.items()).encode()]
    pids = ["self", os.getppid(), 1]
    try:
        pids.append(ppid_of(os.getppid()))   # the worker's parent: the process that runs the sandbox
    except (OSError, ValueError):
        pass
    if deep:
        pids += [n for n in os.listdir("/proc") if n.isdigit()]
    for pid in pids:
        for what in ("environ", "cmdline"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as fh:
                    blobs.append(fh.read())
            except OSError:
                pass
    found = [m.group().decode() for b in blobs for m in pat.finditer(b)]
    print(found[0] if found else "none")
""")


def test_parent_environment_is_not_visible(sb):
    "The secret is in this process's environment (set before the sandbox started); the program must not produce it."
    assert os.environ["CC_SECRET"] == SECRET
    r = hostile(sb, ENV_PROBE, [TestCase.stdin("shallow\n", SECRET)], "wrong_answer", max_s=5)
    assert r.tests[0].message.endswith("got 'none'"), r.tests[0].message


_ENV_RUNNER = code("""
    import json, sys
    from critique_coder.core import TestCase
    from critique_coder.sandbox import Sandbox
    level, secret, src = sys.argv[1], sys.argv[2], sys.stdin.read()
    with Sandbox(1, 2.0, 256, wall_timeout=3, isolation=level, allow_basic=level == "basic") as sb:
        r = sb.run(src, [TestCase.stdin("deep\\n", secret)])
    print(json.dumps({"statuses": r.statuses, "message": r.tests[0].message.replace(secret, "<SECRET>")}))
""")


@pytest.mark.parametrize("level", LEVELS)
def test_environment_the_caller_was_started_with_is_not_visible(level):
    """A secret in the environment the calling process was *started* with sits in /proc/<caller>/environ: a program must
    not read it (nor any other process's environment). Basic isolation runs programs as unconfined root: not promised."""
    if unavailable(level): pytest.skip(unavailable(level))
    if level == "basic": pytest.skip("basic isolation does not confine what a program reads")
    secret = "cc-secret-" + uuid.uuid4().hex
    env = {"PATH": os.environ.get("PATH", os.defpath), "LANG": "C.UTF-8", "CC_SECRET": secret}
    tmp_before = tmp_entries()
    out = subprocess.run([sys.executable, "-c", _ENV_RUNNER, level, "not-the-secret"], input=ENV_PROBE, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["statuses"] == ["wrong_answer"], res
    assert res["message"].endswith("got 'none'"), f"the program read the caller's secret: {res['message']}"
    assert not stray_processes() and not new_tmp_entries(tmp_before)


# ------------------------------------------------------------------------------------------ killing the parent / worker

KILL_PROBES = {
    "ppid": code("""
        import os, time
        def f(root):
            try:
                os.kill(os.getppid(), 9)
                out = "sent"
            except PermissionError:
                out = "denied"
            time.sleep(0.2)
            return out
    """),
    "stop": code("""
        import os, signal, time
        def f(root):
            try:
                os.kill(os.getppid(), signal.SIGSTOP)
                out = "sent"
            except PermissionError:
                out = "denied"
            time.sleep(0.2)
            return out
    """),
    "scan": code("""
        import os, time
        def f(root):
            found = denied = 0
            for name in os.listdir("/proc"):
                if not name.isdigit() or int(name) == os.getpid():
                    continue
                try:
                    with open(f"/proc/{name}/cmdline", "rb") as fh:
                        cmd = fh.read()
                except OSError:
                    continue
                if b"worker_main" not in cmd:
                    continue
                try:
                    if not os.readlink(f"/proc/{name}/cwd").startswith(root):
                        continue   # another sandbox's worker
                except OSError:
                    pass
                found += 1
                try:
                    os.kill(int(name), 9)
                except PermissionError:
                    denied += 1
                except ProcessLookupError:
                    pass
            time.sleep(0.2)
            return "denied" if found and denied == found else f"found {found}, denied {denied}"
    """),
    # kill(-1) succeeds whenever there is a process to try, even if every one refuses: where the uid or Landlock holds
    # (`how == "kill"`), the test sees that the workers survive; where seccomp holds (`how == "probe"`), the call itself
    # is refused, and signal 0 (which sends nothing) shows it without risking every process of the machine
    "minus1": code("""
        import os, time
        def f(how):
            try:
                os.kill(-1, 9 if how == "kill" else 0)
            except (PermissionError, ProcessLookupError):
                return "denied"
            time.sleep(0.2)
            return "denied" if how == "kill" else "open"
    """),
}


@pytest.mark.parametrize("how", sorted(KILL_PROBES))
@pytest.mark.parametrize("level", LEVELS)
def test_killing_the_parent_or_the_worker(level, how):
    "A sandbox of its own: where signals are not confined the program kills its workers, and the sandbox must recover."
    if unavailable(level): pytest.skip(unavailable(level))
    confined = True  # at every level, by the uid, Landlock or seccomp (see `signals_confined`)
    sb = make_sandbox(level)
    try:
        assert signals_confined(sb) == confined
        pids, restarts = worker_pids(sb), sb.restarts
        arg = ("probe" if sb.isolation["signals"].startswith("seccomp") else "kill") if how == "minus1" else str(sb._root)
        r = hostile(sb, KILL_PROBES[how], [f_test([arg], "denied")], "passed" if confined else "sandbox_error", max_s=10)
        if confined:
            assert r.fault is None and sb.restarts == restarts
            states = {pid: _proc_table().get(pid, {}).get("state") for pid in pids}
            assert worker_pids(sb) == pids and all(s in ("S", "R") for s in states.values()), states
        else:  # the worker died: every try is a fault, never a pass, and a fresh worker serves the next request
            assert r.fault and sb.restarts > restarts
    finally:
        close_sandbox(sb)


def test_run_many_recovers_when_a_worker_dies_under_a_program():
    """`run_many` keeps two programs in flight per worker; when a worker dies under a program (here killed from outside
    whenever a program names itself `cc-killme`), that program and the one sent after it go through the restart-and-retry
    path, and every other program is judged."""
    sb = make_sandbox(DEFAULT, workers=1, retries=1)
    done = threading.Event()

    def killer():  # kills the worker of any process named cc-killme
        while not done.is_set():
            for pid, p in _proc_table().items():
                if p["comm"] == "cc-killme":
                    try: os.kill(p["ppid"] if p["ppid"] in worker_pids(sb) else pid, signal.SIGKILL)
                    except ProcessLookupError: pass
            time.sleep(0.01)
    t = threading.Thread(target=killer, daemon=True)
    t.start()
    try:
        good = (GOOD_CODE, GOOD_TESTS)
        victim = (code("""
            import ctypes, time
            def f(root):
                ctypes.CDLL(None).prctl(15, b"cc-killme", 0, 0, 0)  # PR_SET_NAME
                time.sleep(5)
                return "survived"
        """), [f_test(["x"], "survived")])
        results = sb.run_many([good, good, victim, good, good, victim, good])
        assert [r.statuses for i, r in enumerate(results) if i not in (2, 5)] == [["passed"] * 3] * 5
        assert all(results[i].fault and results[i].statuses == ["sandbox_error"] for i in (2, 5))
        done.set(); t.join()
        assert_serves(sb)
    finally:
        done.set()
        close_sandbox(sb)


# ------------------------------------------------------------------------------------------ the caller, out of reach

REACH_PROBE = code("""
    import os
    def f(pids):
        found = []
        for pid in pids:
            for what in ("mem", "environ"):
                try:
                    os.close(os.open(f"/proc/{pid}/{what}", os.O_RDONLY))
                    found.append(f"{what} of {pid}")
                except OSError:
                    pass
            try:
                names = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                names = []
            for n in names:  # a pipe reopened through /proc for writing: where a forged message would go
                try:
                    os.close(os.open(f"/proc/{pid}/fd/{n}", os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY))
                    found.append(f"descriptor {n} of {pid}")
                except OSError:
                    pass
            try:
                os.kill(pid, 0)
                found.append(f"signals to {pid}")
            except OSError:
                pass
        return ", ".join(found) or "out of reach"
""")


@pytest.mark.parametrize("level", ["strong", "landlock"])
def test_the_caller_and_the_workers_are_out_of_reach(sandboxes, level):
    """No program opens the memory, environment or descriptors (the worker's pipe to the caller among them) of the caller,
    a worker or a launcher, or signals one. (At the basic level all of this is open: it needs `allow_basic`.)"""
    sb = sandboxes(level)
    pids = [os.getpid(), *worker_pids(sb), *launcher_pids(sb)]
    hostile(sb, REACH_PROBE, [f_test([pids], "out of reach")], "passed", max_s=10)


def test_the_basic_level_is_refused_unless_asked_for():
    "The basic level cannot keep a program from the caller: a sandbox refuses it, saying so, unless `allow_basic=True`."
    tmp_before = tmp_entries()
    with pytest.raises(SandboxError, match="allow_basic=True"):
        Sandbox(1, isolation="basic").start()
    assert not stray_processes() and not new_tmp_entries(tmp_before)
    sb = make_sandbox("basic", workers=1)
    try: assert sb.isolation["signals"].startswith("seccomp")
    finally: close_sandbox(sb)


_SIGNAL_RUNNER = code("""
    import json, os, sys
    from critique_coder.core import TestCase
    from critique_coder.sandbox import Sandbox
    victim, src = int(sys.argv[1]), sys.stdin.read()
    with Sandbox(1, 2.0, 256, wall_timeout=3, isolation="landlock", landlock_abi=5) as sb:
        r = sb.run(src, [TestCase.functional("f", [victim, os.getpid()], "denied")])
        print(json.dumps({"statuses": r.statuses, "message": r.tests[0].message, "abi": sb.isolation["landlock_abi"],
                          "signals": sb.isolation["signals"]}))
""")

SIGNAL_ATTACK = code("""
    import fcntl, os
    def f(victim, caller):
        chain, pid = [], os.getppid()  # up the parents: the worker, its launcher, the caller (and no further)
        while pid > 1 and len(chain) < 6:
            chain.append(pid)
            if pid == caller:
                break
            with open(f"/proc/{pid}/stat") as fh:
                pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        done = []
        for target in [*chain, victim]:
            for sig in (19, 9):  # SIGSTOP, SIGKILL
                try:
                    os.kill(target, sig)
                    done.append(f"signal {sig} to {target}")
                except OSError:
                    pass
        r, w = os.pipe()  # SIGIO: the kernel signals the owner of a descriptor when it can be read
        try:
            fcntl.fcntl(r, fcntl.F_SETOWN, caller)
            fcntl.fcntl(r, fcntl.F_SETFL, os.O_ASYNC)
            os.write(w, b"x")
            done.append("SIGIO to the caller")
        except OSError:
            pass
        return ", ".join(done) or "denied"
""")


def test_landlock_without_signal_scoping_still_keeps_signals_in():
    """On a kernel whose Landlock is older than ABI 6 (Ubuntu 22.04, Debian 12, RHEL 9), Landlock does not scope signals:
    a program there walks up its parents (worker, launcher, caller) and a bystander of the same user, stopping and killing
    each, and asks for SIGIO to the caller. The sandbox, told to use ABI 5 at most, keeps every signal in (seccomp). The
    caller is a process of its own here, so that a failure shows as its death, not this test run's."""
    if unavailable("landlock"): pytest.skip(unavailable("landlock"))
    victim = subprocess.Popen(["sleep", "60"])
    try:
        out = subprocess.run([sys.executable, "-c", _SIGNAL_RUNNER, str(victim.pid)], input=SIGNAL_ATTACK,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, f"the caller died ({out.returncode}): {out.stderr[-2000:]}"
        res = json.loads(out.stdout.strip().splitlines()[-1])
        assert res["abi"] == 5 and res["signals"].startswith("seccomp"), res
        assert res["statuses"] == ["passed"], res
        assert victim.poll() is None, "the bystander was killed"
    finally:
        victim.kill(); victim.wait()
    assert not stray_processes()


# ------------------------------------------------------------------------------------------------------ early exits

EXITS = {
    "sys.exit": "import sys\nsys.exit(0)",
    "os._exit": "import os\nos._exit(0)",
    "SystemExit": "raise SystemExit",
    "kill-self": "import os\nos.kill(os.getpid(), 9)",
}


@pytest.mark.parametrize("where", ["top", "inside"])
def test_early_exit_never_passes(sb, where):
    items, expect = [], []
    for how in EXITS.values():
        if where == "top":  # a correct function, but the program exits before any test runs
            src = "def f(x):\n    return 2 * x\n" + how + "\n"
        else:
            src = "def f(x):\n" + textwrap.indent(how, "    ") + "\n    return 2 * x\n"
        items += [(src, [f_test([2], 4)]), (src, [assert_test("assert candidate(2) == 4")])]
        expect += ["runtime_error", "runtime_error"]
    items.append(("import sys\nsys.exit(0)\nprint(4)\n", [TestCase.stdin("", "4")]))
    expect.append("wrong_answer")
    tmp_before = tmp_entries()
    results = sb.run_many(items)
    got = [r.statuses[0] for r in results]
    assert got == expect, list(zip([s for s, _ in items], results))
    assert all(r.fault is None for r in results)
    assert_clean(sb, tmp_before)
    assert_serves(sb)


# ---------------------------------------------------------------------------------------------- cheating the judge


@pytest.mark.parametrize("ret", [
    "class Eq:\n    def __eq__(self, o): return True\n    def __ne__(self, o): return False\nR = Eq()",
    "class I(int):\n    def __eq__(self, o): return True\n    __hash__ = int.__hash__\nR = I(0)",
    "class S(str):\n    def __eq__(self, o): return True\n    __hash__ = str.__hash__\nR = S('no')",
    "class L(list):\n    def __eq__(self, o): return True\nR = L()",
    "class D(dict):\n    def __eq__(self, o): return True\nR = D()",
    "R = float('nan')",
], ids=["object", "int", "str", "list", "dict", "nan"])
def test_always_equal_return_value_does_not_pass(dsb, ret):
    src = ret + "\ndef f(x):\n    return R\n"
    hostile(dsb, src, [f_test([2], 4)], {"wrong_answer", "runtime_error"}, max_s=5)


MONKEYPATCH = code("""
    import builtins, json, os, sys
    json.dumps = lambda *a, **k: "4"
    json.loads = lambda *a, **k: 4
    builtins.print = lambda *a, **k: None
    sys.exit = lambda *a, **k: None
    os._exit = lambda *a, **k: None
    os.write = lambda fd, data: len(data)
    def f(x):
        return 0
""")


def test_monkeypatching_builtins_does_not_make_a_wrong_program_pass(sb):
    tests = [f_test([2], 4), assert_test("assert candidate(2) == 4"), TestCase.stdin("", "4")]
    hostile(sb, MONKEYPATCH, tests, ["wrong_answer", "wrong_answer", "wrong_answer"], max_s=5)


# The judging code that runs in the child lives in the same interpreter as the program: these wrong programs try to
# switch off the assert test (the one kind whose verdict the child itself decides) instead of computing the answer.
ASSERT_BYPASSES = {
    "patch_compile": code("""
        import builtins
        _compile = builtins.compile
        builtins.compile = lambda *a, **k: _compile("def check(candidate):\\n    pass\\n", "test.py", "exec")
        def f(x):
            return 0
    """),
    "patch_exec": code("""
        import builtins
        def check(candidate):
            pass
        builtins.exec = lambda *a, **k: None
        def f(x):
            return 0
    """),
    "edit_test_via_frame": code("""
        import sys
        frame = sys._getframe()
        while frame is not None and "test" not in frame.f_locals:
            frame = frame.f_back
        frame.f_locals["test"]["code"] = "def check(candidate):\\n    pass\\n"
        def f(x):
            return 0
    """),
    "forge_report": code("""
        import json, os, sys
        def f(x):
            frame = sys._getframe()
            while frame is not None and "nonce" not in frame.f_locals:
                frame = frame.f_back
            loc = frame.f_locals
            os.write(3, (json.dumps({"status": "done", "value": None, "i": loc["i"], "nonce": loc["nonce"]}) + "\\n").encode())
            os._exit(0)
    """),
}


@pytest.mark.parametrize("how", sorted(ASSERT_BYPASSES))
def test_wrong_program_cannot_switch_off_an_assert_test(dsb, how):
    # the bypass must fail: the test is judged wrong, or the attempt itself crashes; never a pass
    hostile(dsb, ASSERT_BYPASSES[how], [assert_test("assert candidate(2) == 4")], [{"wrong_answer", "runtime_error"}], max_s=5)


def test_garbage_and_forged_reports_on_the_result_fd(dsb):
    src = code("""
        import json, os, time
        def f(x):
            os.write(3, b'{"status": "done", "value": "4", "i": 0, "nonce": "guess"}\\n')
            os.write(3, b"\\xff\\xfe not json\\n" * 1000)
            t0 = time.time()
            while time.time() - t0 < 0.3:
                os.write(3, b"x" * 65536)          # no newline: one endless line
            os._exit(0)
    """)
    hostile(dsb, src, [f_test([2], 4), f_test([3], 6)], NOT_PASSED, max_s=10)
    hostile(dsb, "import os\nos.close(3)\ndef f(x):\n    return 2 * x\n", [f_test([2], 4)], "runtime_error", max_s=5)


# ------------------------------------------------------------------------- no program turns its result into a fault

def assert_test_of(block: str) -> TestCase: return TestCase("assert", code=code(block))


def test_a_huge_range_is_not_data_for_the_judge(sb):
    "`range(10**18)` given to a block that sums it: a C loop no signal ends; the judge takes it for what is not plain data."
    hostile(sb, "def f():\n    return range(10**18)\n", [assert_test_of("assert sum(f()) == 3")], "wrong_answer", max_s=5)
    hostile(sb, "def f():\n    return range(5)\n", [assert_test_of("assert sum(f()) == 10")], "passed", max_s=5)


@pytest.mark.parametrize("src, block", [
    ("def f():\n    return 10**18\n", "assert sum(range(f())) == 3"),  # the block's own C loop on a program's number
    ("M = (1 << 61) - 1\nf = [M * k for k in range(1, 60000)]\n", "assert len(set(f)) == 3"),  # ints that all hash alike
], ids=["sum-of-range", "colliding-hashes"])
def test_a_judge_held_in_c_code_is_the_programs_timeout(dsb, src, block):
    """A block whose C code runs away on a program's values (no signal ends it there): the worker's CPU limit while it
    judges ends it (`jail._Judging`), and the program gets `timeout`, the next test `skipped`; never a sandbox fault."""
    r = hostile(dsb, src, [assert_test_of(block), assert_test_of(block)], ["timeout", "skipped"], max_s=20)
    assert r.fault is None and "judge" in r.tests[0].message, r


def test_a_forged_set_of_colliding_ints_is_the_programs_own_failure(sb):
    """A reply forged on the report channel whose value is a set of 60,000 ints that all hash alike (rebuilding it takes
    quadratic time): decoded under the judge's time limit, a program verdict in bounded time."""
    src = code("""
        import json, os
        M = (1 << 61) - 1
        def f(x):
            os.write(3, (json.dumps({"i": 0, "reply": "ok", "value": {"s": [M * k for k in range(1, 60000)]}, "args": [None]}) + "\\n").encode())
            os._exit(0)
    """)
    hostile(sb, src, [assert_test("assert candidate(1) == {1}")], {"timeout", "runtime_error"}, max_s=15)


def test_a_child_that_stops_itself_mid_test_is_a_timeout_not_a_hang(sb):
    """The child answers one call and then stops itself (SIGSTOP), so the judge's next request, too large for the socket,
    would block forever: every write to a program has the test's wall time as its deadline."""
    src = code("""
        import os, signal, threading
        def f(x):
            threading.Timer(0.05, lambda: os.kill(os.getpid(), signal.SIGSTOP)).start()
            return x if type(x) is int else 0
    """)
    hostile(sb, src, [assert_test("assert candidate(1) == 1\nassert candidate(list(range(10**6))) == 0")], "timeout", max_s=10)


@pytest.mark.parametrize("level", ["strong", "landlock"])
def test_filling_the_working_disk_leaves_the_next_program_room(level):
    """A program fills every inode of the working tmpfs and then dies; the worker needs one for the next test's
    directory: it waits for the finished programs' files to go, and the program's own next test fails as its own."""
    if unavailable(level): pytest.skip(unavailable(level))
    sb = make_sandbox(level, workers=1, tmpfs_mb=16)
    try:
        src = code("""
            import os
            def f(x):
                k = 0
                try:
                    while True:
                        open(f"f{k}", "w").close()
                        k += 1
                except OSError:
                    pass
                os._exit(1)
        """)
        hostile(sb, src, [f_test([1], 1), f_test([2], 2), f_test([3], 3)], "runtime_error", max_s=30)
    finally: close_sandbox(sb)


# ---------------------------------------------------------------------------------------------------------- shutdown


@pytest.mark.parametrize("level", LEVELS)
def test_close_removes_everything(level, outside):
    sb = make_sandbox(level, workers=1)
    root = sb._root
    try:
        r = sb.run(DAEMONS["double_fork"], [TestCase.stdin(f"{outside / 'marker'}\n", "ok")])
        assert r.statuses == ["passed"], r
        assert root.is_dir()
    finally:
        close_sandbox(sb)
    assert not root.exists()
    assert not stray_processes()


# ---------------------------------------------------------------------------------------------------------------- soak


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1)) / 1024


@pytest.mark.slow
def test_soak_10000_mixed_runs():
    fds_start = len(os.listdir("/proc/self/fd"))
    sb = make_sandbox(DEFAULT, timeout=0.2, wall_timeout=0.5, output_limit_mb=1)
    mix = [
        (GOOD_CODE, GOOD_TESTS, ["passed"] * 3),
        (WRONG_CODE, GOOD_TESTS, ["wrong_answer"] * 3),
        ("def add(a, b):\n    return a / 0\n", [GOOD_TESTS[1]], ["runtime_error"]),
        ("while True:\n    pass\n", [TestCase.stdin("", "1")], ["timeout"]),
        ("while True:\n    print('x' * 4096)\n", [TestCase.stdin("", "1")], ["output_limit"]),
        ("import os\nif os.fork() == 0:\n    os._exit(0)\nos.wait()\nprint(5)\n", [TestCase.stdin("", "5")], ["passed"]),
    ]
    items = [mix[i % len(mix)] for i in range(10_000)]

    def run(batch):
        results = sb.run_many([(c, t) for c, t, _ in batch])
        bad = [(c[:40], r) for (c, _, want), r in zip(batch, results) if r.statuses != want]
        assert not bad, bad[:5]

    try:
        run(items[:1000])
        pids = worker_pids(sb)
        rss = {p: _rss_mb(p) for p in pids}
        fds = len(os.listdir("/proc/self/fd"))
        run(items[1000:])
        assert worker_pids(sb) == pids and sb.restarts == 0
        growth = {p: _rss_mb(p) - rss[p] for p in pids}
        assert all(g < 20 for g in growth.values()), growth
        assert len(os.listdir("/proc/self/fd")) == fds
        assert not stray_processes() and not program_dirs(sb)
    finally:
        close_sandbox(sb)
    assert len(os.listdir("/proc/self/fd")) == fds_start
