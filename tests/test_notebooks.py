"""One pytest case per notebook in nbs/, run by nbdev's own notebook runner.

Cells carrying a flag from settings.ini's `tst_flags` (`#| slow`, `#| gpu`) are skipped unless the flag
is enabled with CC_TEST_FLAGS, exactly as `nbdev_test --flags ...` would.
"""
from pathlib import Path

import pytest
from conftest import ROOT, enabled_flags, tst_flags

NOTEBOOKS = sorted(p for p in (ROOT / "nbs").rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and not p.name.startswith("_"))


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "nbs")))
def test_notebook(nb: Path):
    from nbdev.test import test_nb
    ok, secs = test_nb(nb, skip_flags=tst_flags(), force_flags=sorted(enabled_flags()), basepath=ROOT)
    assert ok, f"{nb.name} failed (traceback above, in the captured stderr)"


def test_notebooks_keep_their_outputs_and_no_output_is_volatile():
    """The committed notebooks show their results (tools/run_notebooks.py writes them): every notebook but the
    GPU-only tutorial holds outputs, and none names a temporary folder, this machine's paths, a timing or an address."""
    import json
    import subprocess
    import sys
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "run_notebooks.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    for nb in NOTEBOOKS:
        if nb.name == "reproduce.ipynb": continue  # commands for GPUs: nothing runs here
        cells = json.loads(nb.read_text())["cells"]
        assert any(c.get("outputs") for c in cells if c["cell_type"] == "code"), f"{nb.name} has no saved output"
