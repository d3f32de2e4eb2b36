"""Every figure drawn from real run files (a curation, a short training run, evaluations of the tiny model), and
checked to hold the numbers of those files; the report links figures that exist."""
import json

import pytest
from conftest import FIXTURES

from critique_coder.core import DataError
from critique_coder.evaluate import EvalConfig, analyze_outputs, evaluate, summarize
from critique_coder.generate import ModelArgs
from critique_coder.plots import (PAPER_ABLATION, PAPER_RESULTS, curation_stats, log_history, plot_ablation, plot_benchmarks,
                                  plot_budget, plot_confusion, plot_curation, plot_outputs, plot_training, run_kind, series,
                                  smooth)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    "A small curation, three GRPO steps of the tiny model on it (with an evaluation), and an evaluation run."
    from critique_coder.cli import main
    from critique_coder.curate import CurateConfig, curate
    root = tmp_path_factory.mktemp("runs")
    curate(CurateConfig(limit=12, mutants_per_solution=1, crl_ratio=0.5, validation=0.25, timeout=2.0, workers=2), root / "curated", progress=False)
    assert main(["train", "--config", "recipes/cpu-tiny.yaml", "--dataset", str(root / "curated"), "--output_dir", str(root / "train"),
                 "--max_steps", "3", "--max_completion_length", "16"]) == 0
    cfg = EvalConfig(benchmarks=["humaneval", "lcb-v5-paper"], benchmark_paths={"lcb-v5-paper": str(FIXTURES / "livecodebench.jsonl")},
                     limit=2, n=2, ks=[1], max_new_tokens=16, critique_data=str(root / "curated"), critique_limit=6,
                     budget_rounds=1, thinking_budget=8, answer_tokens=8)
    evaluate(cfg, ModelArgs(model="tiny").make({"enable_thinking": True}), root / "eval", progress=False)
    return root


def bars(ax): return [round(p.get_height(), 9) for p in ax.patches]


def test_training_curves_hold_the_log_history_raw_and_smoothed(runs):
    history = log_history(runs / "train")
    fig = plot_training(runs / "train")
    ax = next(a for a in fig.axes if a.get_title() == "reward (mean)")
    steps, values = series(history, "reward")
    assert len(steps) == 3 and list(ax.lines[0].get_xdata()) == steps and list(ax.lines[0].get_ydata()) == values
    assert list(ax.lines[1].get_ydata()) == pytest.approx(smooth(values)) and ax.lines[0].get_alpha() < 1
    titles = {a.get_title() for a in fig.axes}
    assert {"code reward", "learning rate", "share of the step in rewards", "validation: critique reward", "validation: selection score"} <= titles
    assert "critique reward" not in titles  # no critique row in these three training batches: no empty panel
    assert smooth([1.0, 0.0], 0.5) == [1.0, pytest.approx(1 / 3)]  # debiased: (0.5 * 0.5 * 1) / (1 - 0.25)


def test_benchmark_bars_are_the_runs_pass_rates_with_the_papers_beside(runs):
    s = summarize(runs / "eval")
    fig = plot_benchmarks({"tiny": s, "again": s}, paper="4B")
    ax = fig.axes[0]
    ours = [100 * s["benchmarks"][b]["pass@1"] for b in ("humaneval", "lcb-v5-paper")]
    assert bars(ax)[:4] == ours + ours  # two runs, two benchmarks each
    paper = [p for p in ax.patches if p.get_hatch() == "//"]
    assert [p.get_height() for p in paper] == [v["LCB v5"] for v in PAPER_RESULTS["4B"].values()]  # only LCB v5 is in both
    assert [t.get_text() for t in ax.get_xticklabels()] == ["humaneval", "lcb-v5-paper"]


def test_the_ablation_curve_and_the_papers_points():
    fig = plot_ablation({0.0: 10.0, 0.2: 12.5, 0.5: 11.0, 1.0: 9.0})
    ours, paper = fig.axes[0].lines[0], fig.axes[1].lines[0]
    assert list(ours.get_ydata()) == [10.0, 12.5, 11.0, 9.0] and list(paper.get_ydata()) == [PAPER_ABLATION[x] for x in (0.0, 0.2, 0.5, 1.0)]
    with pytest.raises(DataError): plot_ablation({}, paper=False)
    assert list(plot_ablation({}).axes[1].lines[0].get_xdata()) == [0.0, 0.2, 0.5, 1.0]  # the paper's points alone


def test_curation_panels_hold_the_curation_statistics(runs):
    st = curation_stats(runs / "curated")
    hist, balance, origins = plot_curation(runs / "curated").axes
    assert bars(hist) == [c for _, c in st["pass_rate_histogram"]]
    assert bars(balance) == [st["splits"][s]["critique_true"] for s in st["splits"]] + [st["splits"][s]["critique_false"] for s in st["splits"]]
    names = sorted(st["origins"])
    assert bars(origins) == [st["origins"][o]["true"] for o in names] + [st["origins"][o]["false"] for o in names]


def test_the_confusion_matrix_is_the_runs_and_reads_summary_json_too(runs):
    s = summarize(runs / "eval")
    conf = s["critique"]["all"]["confusion"]
    want = [[conf[l][v] for v in (True, False, None)] for l in (True, False)]
    ax = plot_confusion(s).axes[0]
    assert ax.images[0].get_array().tolist() == want and sum(map(sum, want)) == s["critique"]["all"]["n"] > 0
    from_json = json.loads((runs / "eval" / "summary.json").read_text())
    assert plot_confusion(from_json).axes[0].images[0].get_array().tolist() == want


def test_output_and_budget_figures_hold_their_numbers(runs):
    a = analyze_outputs(runs / "eval")
    fig = plot_outputs({"x": a, "y": a})
    assert [bars(ax) for ax in fig.axes] == [[round(a["humaneval"][f] or 0, 9)] * 2 for f in ("thinking", "answer", "lines", "functions", "comments", "imports")]
    s = summarize(runs / "eval")
    ax = plot_budget(s).axes[0]
    for line, b in zip(ax.lines, s["budget_forcing"]):
        assert list(line.get_ydata()) == [100 * r["pass@1"] for r in s["budget_forcing"][b]] and list(line.get_xdata()) == [0, 1]


def test_the_report_names_every_run_and_links_figures_that_exist(runs, tmp_path):
    from critique_coder.cli import main
    assert [run_kind(runs / k) for k in ("curated", "train", "eval")] == ["curation", "training", "evaluation"]
    assert main(["report", str(runs / "curated"), str(runs / "train"), str(runs / "eval"), "--output_dir", str(tmp_path / "r")]) == 0
    md = (tmp_path / "r" / "report.md").read_text()
    assert "## Curation: curated" in md and "## Training" in md and "## Evaluation" in md and "### Critiques: eval" in md
    links = [l.split("](")[1].rstrip(")") for l in md.splitlines() if l.startswith("![")]
    assert len(links) == 6 and all((tmp_path / "r" / l).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for l in links)
    with pytest.raises(DataError, match="not a run of critique-coder"): run_kind(tmp_path)
