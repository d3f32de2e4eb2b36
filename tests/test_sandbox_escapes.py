"""Escapes through the kernel's other doors, at every level this machine offers: MPTCP, unix sockets of the machine,
kernel keyrings, System V and POSIX IPC, user namespaces, io_uring and netlink (the children's seccomp filter and the
workers' namespaces), files a program may read (a dataset holding expected outputs), disk and process bounds. Each
attack is shown to work from outside the sandbox first, so no test here can pass by testing nothing. Normal programs
(threads, fork, subprocess, fd passing, name lookup) keep working under all of it."""
import ctypes
import errno
import os
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from critique_coder.core import TestCase
from critique_coder.jail import own_cgroups
from test_sandbox_hostile import (DEFAULT, LEVELS, _stray_baseline, close_sandbox, code, f_test, hostile,  # noqa: F401
                                  make_sandbox, sandboxes, sb)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")
ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(os.environ.get("CC_TEST_SCRATCH", ROOT))  # a place under the project for "a dataset outside /tmp"
NR = {"x86_64": dict(keyctl=250, add_key=248, io_uring_setup=425, clone=56, unshare=272, bpf=321),
      "aarch64": dict(keyctl=219, add_key=217, io_uring_setup=425, clone=220, unshare=97, bpf=280)}.get(os.uname().machine)
needs_nr = pytest.mark.skipif(NR is None, reason="system-call numbers known for x86_64 and aarch64 only")
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

KERNEL_PROBE = code(r"""
    import ctypes, os, socket, signal
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    def f(nr, key_desc, ipc_key, mq_name):
        out = {}
        def did(name, fn):
            try: out[name] = bool(fn())
            except OSError: out[name] = False
        KEYCTL_SEARCH, KEYCTL_READ, SESSION = 10, 11, -3
        def read_key():
            kid = libc.syscall(nr["keyctl"], KEYCTL_SEARCH, SESSION, b"user", key_desc.encode(), 0)
            buf = ctypes.create_string_buffer(64)
            return kid >= 0 and libc.syscall(nr["keyctl"], KEYCTL_READ, kid, buf, 64) >= 0
        did("key_read", read_key)
        did("key_plant", lambda: libc.syscall(nr["add_key"], b"user", (key_desc + "-planted").encode(), b"x", 1, SESSION) >= 0)
        did("sysv_shm", lambda: libc.shmget(ipc_key, 1 << 20, 0o1666) >= 0)
        did("sysv_msg", lambda: libc.msgget(ipc_key + 1, 0o1666) >= 0)
        did("sysv_sem", lambda: libc.semget(ipc_key + 2, 1, 0o1666) >= 0)
        did("posix_mq", lambda: libc.mq_open(mq_name.encode(), os.O_CREAT | os.O_RDONLY, 0o666, None) >= 0)
        did("io_uring", lambda: libc.syscall(nr["io_uring_setup"], 8, ctypes.create_string_buffer(120)) >= 0)
        did("netlink_diag", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 4))
        did("packet", lambda: socket.socket(17, socket.SOCK_RAW, 0))
        did("mptcp", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262))
        def mount():
            d = os.path.abspath(f"mnt-{os.getpid()}"); os.mkdir(d)
            ok = libc.mount(b"tmpfs", d.encode(), b"tmpfs", 0, None) == 0
            if ok: libc.umount2(d.encode(), 2)
            os.rmdir(d)
            return ok
        did("mount", mount)
        def ptrace():
            pid = os.fork()
            if pid == 0:
                import time; time.sleep(5); os._exit(0)
            ok = libc.ptrace(16, pid, 0, 0) == 0  # PTRACE_ATTACH
            if ok: os.waitpid(pid, 0); libc.ptrace(17, pid, 0, 0)  # PTRACE_DETACH
            os.kill(pid, 9); os.waitpid(pid, 0)
            return ok
        did("ptrace", ptrace)
        attr = ctypes.create_string_buffer(bytes([2, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0]), 72)  # an array map
        did("bpf", lambda: libc.syscall(nr["bpf"], 0, attr, 72) >= 0)
        # last: once in a user namespace of its own, a process outside the sandbox would lose its powers for the rest
        def clone_user():
            pid = libc.syscall(nr["clone"], 0x10000000 | signal.SIGCHLD, 0, 0, 0, 0)
            if pid == 0: os._exit(0)
            if pid > 0: os.waitpid(pid, 0)
            return pid > 0
        did("clone_user", clone_user)
        did("unshare_user", lambda: libc.unshare(0x10000000) == 0)
        return out
""")
KERNEL_DOORS = ["key_read", "key_plant", "sysv_shm", "sysv_msg", "sysv_sem", "posix_mq", "unshare_user", "clone_user",
                "io_uring", "netlink_diag", "packet", "mptcp", "mount", "ptrace", "bpf"]


def _sysv_keys() -> set[str]:
    keys = set()
    for kind in ("shm", "msg", "sem"):
        try: keys |= {f"{kind}:{line.split()[0]}" for line in open(f"/proc/sysvipc/{kind}").read().splitlines()[1:]}
        except OSError: pass
    return keys


def _outside(*args) -> dict:
    "The kernel probe run outside the sandbox, in a forked child (it enters user namespaces: not in this process)."
    import json
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            probe = {}
            exec(KERNEL_PROBE, probe)
            os.write(w, json.dumps(probe["f"](*args)).encode())
        finally: os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    with os.fdopen(r) as f: return json.loads(f.read())


@needs_nr
def test_kernel_doors_are_shut_at_every_level(sb):
    desc, ipc_key, mq = f"cc-secret-{uuid.uuid4().hex[:8]}", 0x5A000000 + os.getpid() % 4096 * 4, f"/cc-{uuid.uuid4().hex[:8]}"
    kid = libc.syscall(NR["add_key"], b"user", desc.encode(), b"the caller's secret", 19, -3)  # the caller's session keyring
    assert kid >= 0, os.strerror(ctypes.get_errno())
    before = _sysv_keys()
    try:
        # from outside, every door opens (so the probe can tell an open door from a shut one)
        outside = _outside(NR, desc, ipc_key + 8, mq + "-outside")
        privileged = ("mount", "packet", "bpf", "ptrace")  # open outside to root only
        assert all(v for d, v in outside.items() if d not in privileged or os.geteuid() == 0), outside
        for kind, k in (("shm", ipc_key + 8), ("msg", ipc_key + 9), ("sem", ipc_key + 10)):  # remove what the probe made
            getter = {"shm": libc.shmget, "msg": libc.msgget, "sem": libc.semget}[kind]
            ident = getter(k, *((1 << 20, 0),) [0] if kind == "shm" else ((0,) if kind == "msg" else (1, 0)))
            if ident >= 0: {"shm": lambda i: libc.shmctl(i, 0, None), "msg": lambda i: libc.msgctl(i, 0, None), "sem": lambda i: libc.semctl(i, 0, 0)}[kind](ident)
        libc.mq_unlink((mq + "-outside").encode())
        libc.syscall(NR["keyctl"], 21, libc.syscall(NR["keyctl"], 10, -3, b"user", (desc + "-planted").encode(), 0))
        before = _sysv_keys()
        r = hostile(sb, KERNEL_PROBE, [f_test([NR, desc, ipc_key, mq], {d: False for d in KERNEL_DOORS})], "passed", max_s=10)
        assert r.fault is None
        planted = libc.syscall(NR["keyctl"], 10, -3, b"user", (desc + "-planted").encode(), 0)
        assert planted < 0, "a key was planted in the caller's session keyring"
        assert _sysv_keys() == before and not os.path.exists(f"/dev/mqueue{mq}")
    finally:
        libc.syscall(NR["keyctl"], 21, kid)  # KEYCTL_INVALIDATE


SOCKET_PROBE = code(r"""
    import socket
    def f(paths):
        out = []
        for p in paths:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(2)
            try:
                s.connect(p)
                out.append("C")
            except OSError:
                out.append("B")
            s.close()
        return out
""")


@pytest.mark.parametrize("level", ["strong", "landlock"])
def test_unix_sockets_of_the_machine_are_out_of_reach(level):
    "Sockets bound before the sandbox starts: world-writable in /tmp, the worker's own user's, and world-writable elsewhere."
    made, listeners = [], []
    elsewhere = Path(tempfile.mkdtemp(prefix=".cc-scratch-sockets-", dir=SCRATCH))
    try:
        for where, mode in ((Path(tempfile.mkdtemp(prefix="cc-sock-")), 0o777), (Path(tempfile.mkdtemp(prefix="cc-sock-")), 0o600), (elsewhere, 0o777)):
            os.chmod(where, 0o755)
            path = str(where / "agent.sock")
            s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(8); s.setblocking(False)
            os.chmod(path, mode)
            made.append(where); listeners.append(s)
            c = socket.socket(socket.AF_UNIX); c.connect(path); s.accept()[0].close(); c.close()  # reachable from outside
        sb = make_sandbox(level, workers=1)
        try:
            paths = [str(w / "agent.sock") for w in made]
            hostile(sb, SOCKET_PROBE, [f_test([paths], ["B"] * len(paths))], "passed", max_s=10)
        finally: close_sandbox(sb)
        for s in listeners:
            with pytest.raises(BlockingIOError): s.accept()  # no connection came from inside
    finally:
        for s in listeners: s.close()
        for w in made:
            for f in w.iterdir(): f.unlink()
            w.rmdir()


DATASET_PROBE = code("""
    import os, sys
    def f(paths, name):
        found = []
        for p in paths:
            try:
                found.append(open(p).read())
            except OSError:
                pass
        seen = 0
        for top in [p for p in sys.path if p] + [os.path.dirname(paths[0]), "/", os.path.expanduser("~")]:
            for dirpath, dirs, files in os.walk(top):
                seen += 1
                if dirpath.count("/") > 6 or seen > 20000 or dirpath in ("/proc", "/sys", "/dev"): dirs[:] = []
                if name in files:
                    try: found.append(open(os.path.join(dirpath, name)).read())
                    except OSError: pass
            if found: break
        return found[0] if found else "nothing"
""")


@pytest.mark.parametrize("level", LEVELS)
def test_a_dataset_with_the_expected_outputs_cannot_be_read(level):
    """Curated data under the project directory, world-readable, one copy under a 0700 parent: the program finds
    nothing; at the basic level, which promises nothing here, the same program does find it (the probe works)."""
    name = f"train-{uuid.uuid4().hex[:8]}.jsonl"
    answer = "cc-expected-" + uuid.uuid4().hex
    top = Path(tempfile.mkdtemp(prefix=".cc-scratch-data-", dir=SCRATCH))
    hidden = top / "private"; hidden.mkdir()
    for d, mode in ((top, 0o755), (hidden, 0o700)):
        (d / name).write_text(answer); os.chmod(d / name, 0o644); os.chmod(d, mode)
    try:
        assert (top / name).read_text() == answer  # readable from outside
        sb = make_sandbox(level, workers=1, timeout=20.0, wall_timeout=40.0)  # a search of the disk takes its time
        try:
            hostile(sb, DATASET_PROBE, [f_test([[str(top / name), str(hidden / name)], name], answer)],
                    "passed" if level == "basic" else "wrong_answer", max_s=60)
        finally: close_sandbox(sb)
    finally:
        os.chmod(top, 0o755); os.chmod(hidden, 0o755)
        for f in (top / name, hidden / name): f.unlink()
        hidden.rmdir(); top.rmdir()


SECRETS_PROBE = code("""
    import os
    def f(paths):
        read = []
        for p in paths:
            try:
                with open(p, "rb") as fh:
                    fh.read(1)
                read.append(p)
            except OSError:
                pass
        return read
""")


@pytest.mark.parametrize("level", ["strong", "landlock"])
def test_files_of_the_system_only_root_may_read_stay_unread(level):
    """What under /etc is not world-readable (/etc/shadow, /etc/gshadow, private keys, a database's access rules) is not
    read by a program, even one that keeps root's uid without its capabilities (the landlock level as root); what is
    world-readable there (/etc/passwd, /etc/hostname) still is."""
    secret = sorted(str(p) for p in Path("/etc").rglob("*") if p.is_file() and not p.is_symlink() and not p.stat().st_mode & 0o004)[:50]
    public = [p for p in ("/etc/passwd", "/etc/hostname", "/etc/os-release") if os.path.exists(p)]
    if not secret: pytest.skip("nothing under /etc that only its owner may read")
    sb = make_sandbox(level, workers=1)
    try:
        hostile(sb, SECRETS_PROBE, [f_test([secret], []), f_test([public], public)], "passed", max_s=10)
    finally: close_sandbox(sb)


NORMAL = code(r"""
    import array, concurrent.futures, os, socket, subprocess, threading
    def f(x):
        out = []
        with concurrent.futures.ThreadPoolExecutor(4) as ex: out.append(list(ex.map(abs, [-1, -2])) == [1, 2])
        pid = os.fork()
        if pid == 0: os._exit(7)
        out.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7)
        out.append(subprocess.run(["/bin/sh", "-c", "echo hi | tr a-z A-Z"], capture_output=True, timeout=10).stdout == b"HI\n")
        a, b = socket.socketpair(); r, w = os.pipe()
        a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))])
        _, anc, _, _ = b.recvmsg(1, socket.CMSG_LEN(4)); os.write(array.array("i", anc[0][2])[0], b"ok")
        out.append(os.read(r, 2) == b"ok")
        out.append(bool(socket.getaddrinfo("localhost", 80)))
        fd = os.memfd_create("x"); os.write(fd, b"abc"); out.append(os.pread(fd, 3, 0) == b"abc")
        open("out.txt", "w").write("x" * 100); out.append(os.path.getsize("out.txt") == 100)
        import numpy
        out.append(int(numpy.arange(4).sum()) == 6)
        return out
""")


def test_normal_programs_still_work_at_every_level(sb):
    hostile(sb, NORMAL, [f_test([0], [True] * 8)], "passed", max_s=20)


DISK_FILL = code("""
    import os
    total, k = 0, 0
    try:
        while total < (1 << 30):
            with open(f"f{k}", "wb") as f:
                for _ in range(2): f.write(b"x" * (1 << 20)); total += 1 << 20
            k += 1
    except OSError as e:
        print(total >> 20, e.errno)
""")


@pytest.mark.parametrize("level", ["strong", "landlock"])
def test_disk_is_bounded(level):
    sb = make_sandbox(level, workers=1, tmpfs_mb=32)
    try:
        r = hostile(sb, DISK_FILL, [TestCase.stdin("", "0")], "wrong_answer", max_s=10)
        written, err = map(int, r.tests[0].message.split("got ")[1].strip("'").split())
        assert written <= 32 and err == errno.ENOSPC, r.tests[0].message
    finally: close_sandbox(sb)


def test_process_cap_counts_only_the_sandbox_at_the_landlock_level():
    "Threads the caller starts after the spares were made do not count against a program (the cap is per user namespace)."
    if os.geteuid() == 0: pytest.skip("the kernel exempts root from RLIMIT_NPROC (tests/test_sandbox_unprivileged.py runs this as another user)")
    sb = make_sandbox("landlock", workers=1, max_procs=16)
    stop = threading.Event()
    extra = [threading.Thread(target=stop.wait) for _ in range(100)]
    for t in extra: t.start()
    try:
        threads = "import threading\nts = [threading.Thread(target=lambda: None) for _ in range(8)]\n[t.start() for t in ts]\n[t.join() for t in ts]\nprint('ok')"
        hostile(sb, threads, [TestCase.stdin("", "ok")], "passed", max_s=10)
        bomb = code('''
            import os, time
            n = 0
            try:
                for _ in range(64):
                    if os.fork() == 0:
                        time.sleep(5); os._exit(0)
                    n += 1
            except OSError:
                pass
            print(n)
        ''')
        r = hostile(sb, bomb, [TestCase.stdin("", "0")], "wrong_answer", max_s=15)
        assert int(r.tests[0].message.split("got ")[1].strip("'")) <= 16, r.tests[0].message  # of the 64 it tried
    finally:
        stop.set()
        for t in extra: t.join()
        close_sandbox(sb)


# ------------------------------------------------------------------------------------- limits on the program as a whole

GROUP = {
    "forked_children_share_the_memory": """
        import os, time
        kids = []
        for _ in range(4):                       # each child 60% of memory_mb: within its own limit, not together
            pid = os.fork()
            if pid == 0:
                b = b"x" * (150 << 20)              # filled by memset: fast, whatever the machine's load
                time.sleep(3); os._exit(0)
            kids.append(pid)
        for k in kids: os.waitpid(k, 0)
        print("survived")
    """,
    "memory_files": """
        import os
        fds = []
        for _ in range(200):                     # 200 x 2 MB of memory files: each within the file-size limit
            fd = os.memfd_create("m"); os.write(fd, b"x" * (2 << 20)); fds.append(fd)
        print("survived")
    """,
}


@pytest.mark.parametrize("how", sorted(GROUP))
def test_memory_is_bounded_for_the_program_as_a_whole(how):
    "Memory of all a program's processes and memory files together, where cgroups exist."
    sb = make_sandbox(DEFAULT, workers=1, memory_mb=256, timeout=5.0, wall_timeout=12.0)
    try:
        if "cgroup" not in sb.isolation.get("memory", ""):
            assert not (os.geteuid() == 0 and "memory" in own_cgroups()), f"root with a memory cgroup, yet: {sb.isolation}"
            pytest.skip(f"no cgroups here: {sb.isolation.get('cgroups')}")
        r = hostile(sb, code(GROUP[how]), [TestCase.stdin("", "survived"), TestCase.stdin("", "survived")], "memory_limit", max_s=30)
        assert r.fault is None
    finally: close_sandbox(sb)


CPU_IN_A_CHILD = code("""
    import os, time
    pid = os.fork()
    if pid == 0:                              # 1.8 s of CPU in a child while the parent sleeps in waitpid
        t = time.process_time()
        while time.process_time() - t < 1.8: pass
        os._exit(0)
    os.waitpid(pid, 0)
    print("survived")
""")


def test_a_cgroup_slot_kills_all_its_processes_at_once():
    "`Slot.kill_all` (`cgroup.kill`): one write kills every process of a program's cgroup, and says which it held."
    import signal, subprocess
    from critique_coder.jail import Cgroups
    if os.geteuid() != 0: pytest.skip("only root makes the sandbox's cgroups")
    cg = Cgroups(f"t{os.getpid()}", 1, 256, 8)
    procs = []
    try:
        if cg.roles.get("kill") != "v2": pytest.skip(f"no cgroup.kill here: {cg.report()['cgroups']}")
        slot = cg.acquire()
        procs = [subprocess.Popen(["sleep", "60"]) for _ in range(2)]
        for p in procs: slot.attach(p.pid)
        assert slot.pids() == sorted(p.pid for p in procs)
        assert slot.kill_all() == {p.pid for p in procs}
        assert [p.wait(5) for p in procs] == [-signal.SIGKILL] * 2
    finally:
        for p in procs: p.kill(); p.wait()
        cg.close()


def test_a_cgroup_slot_is_given_to_one_spare_at_a_time():
    """A spare moves into its slot only when it is used or the worker is idle: until then its slot is empty but held, and
    `acquire` gives it to no other spare (two spares in one slot would share a CPU clock, a memory cap and a kill); once
    released, it is given out again when what was left in it is gone."""
    import subprocess
    from critique_coder.jail import Cgroups
    if os.geteuid() != 0: pytest.skip("only root makes the sandbox's cgroups")
    cg = Cgroups(f"t{os.getpid()}", 3, 256, 8)
    proc = None
    try:
        if not cg.slots: pytest.skip(f"no cgroups here: {cg.report()['cgroups']}")
        held = [cg.acquire() for _ in range(3)]  # nothing attached to any of them
        assert len({id(s) for s in held}) == 3
        with pytest.raises(RuntimeError, match="no cgroup slot"): cg.acquire(wait=0.05)
        proc = subprocess.Popen(["sleep", "60"])
        held[1].attach(proc.pid)
        held[1].release()  # released with a process still in it: not free until that is gone
        with pytest.raises(RuntimeError, match="no cgroup slot"): cg.acquire(wait=0.05)
        proc.kill(); proc.wait()
        deadline = time.monotonic() + 5
        while held[1].pids() and time.monotonic() < deadline: time.sleep(0.01)
        assert cg.acquire(wait=1.0) is held[1]
    finally:
        if proc is not None: proc.kill(); proc.wait()
        cg.close()


@pytest.mark.parametrize("level", LEVELS)
def test_cpu_time_of_forked_children_counts(level):
    "The group's CPU time where cgroups exist; elsewhere the children the program waits for and its live descendants."
    sb = make_sandbox(level, workers=1, timeout=1.0, wall_timeout=5.0)
    try: hostile(sb, CPU_IN_A_CHILD, [TestCase.stdin("", "survived"), TestCase.stdin("", "survived")], "timeout", max_s=15)
    finally: close_sandbox(sb)
