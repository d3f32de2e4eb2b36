"""The landlock level as it is meant to be used, by an ordinary user: when the tests run as root (as CI does), this test
runs every landlock-level case of the sandbox suites again as an unprivileged uid, in a private mount namespace where
the interpreter is reachable (a Python under /root, mode 0700, is bound back beneath a world-readable tmpfs; nothing
else of /root is visible). A skip says why it could not."""
import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from critique_coder.jail import landlock_abi

ROOT = Path(__file__).resolve().parent.parent
UID = 65534  # nobody
SUITES = ["tests/test_sandbox_hostile.py", "tests/test_sandbox_verdicts.py", "tests/test_sandbox_escapes.py"]


def _reachable(needed: list[str]) -> None:
    """In this (child) process's own mount namespace: make every directory of `needed` reachable by any uid, by covering
    each ancestor that others cannot search with a tmpfs that holds only the way down (bound back)."""
    libc = ctypes.CDLL(None, use_errno=True)
    def mount(src, dst, fstype, flags, data=None):
        if libc.mount(src and src.encode(), dst.encode(), fstype and fstype.encode(), ctypes.c_ulong(flags), data and data.encode()) != 0:
            raise OSError(ctypes.get_errno(), f"mount {dst}")
    if libc.unshare(0x00020000) != 0: raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    mount(None, "/", None, (1 << 18) | 16384)  # MS_PRIVATE | MS_REC
    for path in needed:
        parts = Path(path).parts
        for k in range(1, len(parts)):
            top, below = Path(*parts[:k]), Path(*parts[:k + 1])
            if os.stat(top).st_mode & 0o001: continue
            fd = os.open(below, os.O_PATH | os.O_DIRECTORY)
            mount("tmpfs", str(top), "tmpfs", 0, "mode=0755,size=1m")
            os.mkdir(below, 0o755)
            mount(f"/proc/self/fd/{fd}", str(below), None, 4096 | 16384)  # MS_BIND | MS_REC
            os.close(fd)


def test_landlock_cases_as_an_unprivileged_user():
    if os.geteuid() != 0: pytest.skip("already unprivileged: the suites themselves ran the landlock cases as this user")
    if landlock_abi() < 1: pytest.skip("the kernel has no Landlock")
    scratch = ROOT / ".cc-scratch-unprivileged"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    os.chown(scratch, UID, UID)
    needed = [sys.base_prefix, sys.prefix, str(ROOT), *(p for p in sys.path if p and os.path.isdir(p))]

    def drop():
        _reachable(needed)
        os.setgroups([]); os.setresgid(UID, UID, UID); os.setresuid(UID, UID, UID)

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}, "HOME": str(scratch),
           "CC_TEST_SCRATCH": str(scratch), "CRITIQUE_CODER_CACHE": str(scratch / "cache"), "TMPDIR": "/tmp"}
    try:
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES, "-k", "landlock"],
                           cwd=ROOT, env=env, preexec_fn=drop, capture_output=True, text=True, timeout=900)
    finally: shutil.rmtree(scratch, ignore_errors=True)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out[-6000:]
    summary = out.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, summary
    print(summary)
