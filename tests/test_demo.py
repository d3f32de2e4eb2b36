"""`critique-coder demo` and `critique-coder ablate` end to end at small sizes: every stage's files, the report with its
figures, a second run that finds everything done, and the ablation's table and plot."""
import json

import pytest

from critique_coder.cli import main
from critique_coder.core import ConfigError

SMALL = ["--limit", "6", "--train_steps", "2", "--eval_problems", "2", "--warm_steps", "20", "--quiet", "true"]


def test_the_demo_runs_every_stage_into_one_directory_and_reports(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--output_dir", str(out), *SMALL]) == 0
    printed = capsys.readouterr().out
    assert f"report: {out}/report/report.md" in printed and "trained: 2 GRPO steps" in printed
    for f in ("data/curation.json", "data/data/train-00000-of-00001.parquet", "warm-model/config.json", "train/run.json",
              "train/trainer_state.json", "eval-taught/summary.json", "eval-trained/samples.jsonl", "report/report.md", "demo.json"):
        assert (out / f).exists(), f
    curation = json.loads((out / "data" / "curation.json").read_text())
    st = curation["stats"]
    assert {"solution", "mutant"} <= set(st["origins"])  # references and their mutants, labelled in the sandbox
    sampled = st["origins"].get("sample", {}).get("candidates", 0) + st["answers_without_code"]
    assert sampled == st["problems"]["problems_out"]  # one tiny-model answer a problem (untaught, it seldom writes code)
    md = (out / "report" / "report.md").read_text()
    assert "## Curation: data" in md and "## Training" in md and "| metric | eval-taught | eval-trained |" in md
    assert all((out / "report" / l.split("](")[1].rstrip(")")).stat().st_size > 1000 for l in md.splitlines() if l.startswith("!["))
    state = (out / "train" / "trainer_state.json").read_bytes()
    assert main(["demo", "--output_dir", str(out), *SMALL]) == 0  # again: every stage done, nothing trained twice
    assert (out / "train" / "trainer_state.json").read_bytes() == state


def test_the_ablation_trains_one_run_per_share_and_plots_them(tmp_path, capsys):
    out = tmp_path / "ablate"
    assert main(["ablate", "--crl_ratio", "0", "1.0", "--output_dir", str(out), *SMALL]) == 0
    printed = capsys.readouterr().out
    assert "critique share 0: score" in printed and "critique share 1: score" in printed
    table = json.loads((out / "ablation.json").read_text())["table"]
    assert [row[0] for row in table] == [0.0, 1.0] and [row[4] for row in table] == [45.7, 44.5]  # the paper's points beside
    for share in ("0", "1"):
        assert (out / f"crl-{share}" / "train" / "run.json").exists()
    rows = lambda s: json.loads((out / f"crl-{s}" / "data" / "curation.json").read_text())["stats"]["splits"]["train"]
    assert rows("0")["critique"] == 0 and rows("1")["code"] == 0  # the two ends of the ablation
    md = (out / "ablation.md").read_text()
    assert (out / "ablation.png").read_bytes()[:4] == b"\x89PNG" and "![ablation](ablation.png)" in md
    rows = [l.split(" | ") for l in md.splitlines() if l.startswith("| 0 ") or l.startswith("| 1 ")]
    assert [r[0] for r in rows] == ["| 0", "| 1"]  # the share as written; every other figure with one decimal, 0.0 too
    assert all(c.strip(" |") == "-" or "." in c for r in rows for c in r[1:]), rows
    with pytest.raises(ConfigError, match="crl_ratio must be shares"):
        from critique_coder.demo import AblateConfig
        AblateConfig(crl_ratio=[0.2, 1.5])
