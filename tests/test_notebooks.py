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
