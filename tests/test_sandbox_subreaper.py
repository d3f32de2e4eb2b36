"""A caller that is a subreaper (PID 1 of a container, a process manager) collects every orphan below it: whatever a
dying worker leaves must never reach it. Run in a process of its own that makes itself a subreaper, uses a sandbox,
has its worker killed from outside (as the kernel's OOM killer would) and closes it: no child, live or zombie, is left
to it but those it made itself."""
import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")

SCRIPT = textwrap.dedent("""
    import ctypes, json, os, signal, subprocess, time
    from critique_coder.core import TestCase
    from critique_coder.sandbox import Sandbox
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(36, 1, 0, 0, 0) == 0   # PR_SET_CHILD_SUBREAPER
    mine = subprocess.Popen(["sleep", "30"])  # a child of the caller's own, which must be left alone
    def children():
        out = {}
        for t in os.listdir("/proc/self/task"):
            for c in open(f"/proc/self/task/{t}/children").read().split():
                try: out[int(c)] = open(f"/proc/{c}/stat").read().rsplit(")", 1)[1].split()[0]
                except OSError: pass
        return out
    t = [TestCase.stdin("", "1")]
    sb = Sandbox(workers=1, timeout=2.0)
    daemon = "import os, time\\nif os.fork() == 0:\\n    os.setsid()\\n    time.sleep(30)\\nprint(1)"
    first = sb.run(daemon, t).statuses
    os.kill(sb._procs[0].worker_pid, signal.SIGKILL)  # the worker dies with a zygote and spares alive
    time.sleep(0.5)
    second = sb.run("print(1)", t).statuses          # a fresh worker
    os.kill(sb._procs[0].worker_pid, signal.SIGKILL)
    time.sleep(0.5)
    sb.close()
    time.sleep(0.5)
    left = {pid: state for pid, state in children().items() if pid != mine.pid}
    mine.kill(); mine.wait()
    print(json.dumps({"first": first, "second": second, "left": left}))
""")


def test_no_orphan_reaches_a_subreaper_caller():
    p = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["first"] == ["passed"] and got["second"] == ["passed"], got
    assert got["left"] == {}, f"left to the caller: {got['left']}"
