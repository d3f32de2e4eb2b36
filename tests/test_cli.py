"""The configuration layer: every command's settings come from its config dataclasses through TRL's parser
(a YAML recipe, flags that win over it, `--help` listing every field); every recipe in recipes/ parses."""
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import yaml
from conftest import ROOT

from critique_coder.cli import COMMANDS, command_parser, main
from critique_coder.curate import CurateConfig

CLI = [sys.executable, "-m", "critique_coder.cli"]
RECIPES = sorted(p for p in (ROOT / "recipes").rglob("*.yaml") if "accelerate" not in p.parts)  # accelerate's own configs aside
NO_GPU = not torch.cuda.is_available()


def parse_recipe(recipe: Path, *flags: str):
    "A recipe parsed as its command parses it; where there is no GPU, with bf16 off (transformers refuses bf16 there)."
    values = yaml.safe_load(recipe.read_text())
    cpu = ["--bf16", "false"] if NO_GPU and values.get("bf16") else []
    return command_parser(command_of(recipe)).parse_args_and_config(["--config", str(recipe), *cpu, *flags]), values


def command_of(recipe: Path) -> str:
    "The command a recipe is for: the first directory under recipes/ (curate/, ...), else train."
    part = recipe.relative_to(ROOT / "recipes").parts[0]
    return part if part in COMMANDS else "train"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_lists_every_field_with_its_help(name):
    p = subprocess.run([*CLI, name, "--help"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    text = " ".join(p.stdout.split())
    for cls in COMMANDS[name].configs():
        for f in dataclasses.fields(cls):
            if not f.init: continue
            assert f"--{f.name}" in text, f"{name} --help lacks --{f.name}"
            if f.metadata.get("help"):
                assert " ".join(f.metadata["help"].split())[:40] in text, f"{name} --help lacks the help of {f.name}"


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: str(p.relative_to(ROOT / "recipes")))
def test_every_recipe_parses(recipe):
    configs, values = parse_recipe(recipe)
    given = {f.name: getattr(c, f.name) for c in configs for f in dataclasses.fields(c) if f.name in values}
    assert set(given) == set(values) - {"env"}  # every key landed in a field
    for k, v in given.items():
        if k == "bf16" and NO_GPU: continue
        assert same(k, v, values[k]), f"{recipe.name}: {k} parsed as {v!r}, the recipe says {values[k]!r}"


def same(name, parsed, given) -> bool:
    "A parsed setting equals what the recipe wrote (enums by value; TRL turns report_to 'none' into [])."
    parsed = getattr(parsed, "value", parsed)
    if name == "report_to": given = [] if given in ("none", None) else [given] if isinstance(given, str) else given
    if isinstance(given, list) and len(given) == 1 and parsed == given[0]: return True  # ModelConfig unwraps a one-item list
    return parsed == given


def test_the_4b_recipe_carries_the_paper_settings_field_by_field():
    from critique_coder.train import PAPER_SETTINGS, paper_fields
    recipe = ROOT / "recipes/qwen3-4b/critique-coder-phase1.yaml"
    configs, values = parse_recipe(recipe)
    parsed = {f.name: getattr(c, f.name) for c in configs for f in dataclasses.fields(c)}
    for name, want in paper_fields().items():
        got = values[name] if name == "bf16" else parsed[name]
        assert same(name, got, want), f"{name}: the 4B recipe has {got!r}, the paper's setting is {want!r}"
    assert len(paper_fields()) >= 30 and all(official for _, official, _, _ in PAPER_SETTINGS)
    # the batch arithmetic of the table on 8 GPUs: 1,024 rollouts per generation, 2 optimizer steps per generation
    args = configs[1]
    per_step = args.per_device_train_batch_size * 8 * args.gradient_accumulation_steps
    per_generation = args.per_device_train_batch_size * 8 * args.steps_per_generation
    assert (per_generation, per_generation // per_step, per_generation // args.num_generations) == (1024, 2, 128)


def test_the_qwen3_recipes_are_what_the_generator_writes():
    import subprocess, sys
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "make_recipes.py"), "--check"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]


def test_the_default_recipe_is_the_embedded_default():
    values = yaml.safe_load((ROOT / "recipes/curate/hybrid.yaml").read_text())
    default = CurateConfig()
    assert {k: getattr(default, k) for k in values if k != "output_dir"} == {k: v for k, v in values.items() if k != "output_dir"}


def test_flags_win_over_the_recipe_and_bad_settings_name_themselves(tmp_path, capsys):
    recipe = tmp_path / "r.yaml"
    recipe.write_text("output_dir: out\ncrl_ratio: 0.3\nsources: [sample]\n")
    cfg, model, run = command_parser("curate").parse_args_and_config(["--config", str(recipe), "--crl_ratio", "0.5",
                                                                      "--source_paths", '{"taco": "t.jsonl"}'])
    assert (cfg.crl_ratio, cfg.sources, cfg.source_paths, run.output_dir) == (0.5, ["sample"], {"taco": "t.jsonl"}, "out")
    recipe.write_text("output_dir: out\ncrl_ratoi: 0.3\n")
    assert main(["curate", "--config", str(recipe)]) == 2
    assert "crl_ratoi" in capsys.readouterr().err
    assert main(["curate", "--output_dir", "x", "--source_paths", "[1]"]) == 2
    assert capsys.readouterr().err.strip() == "critique-coder curate: error: source_paths must be a dict, got list"
    assert main(["curate", "--config", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert main(["curate", "--output_dir", "x", "--no_such_flag", "1"]) == 2
    assert "--no_such_flag" in capsys.readouterr().err


@pytest.mark.parametrize("config", sorted((ROOT / "recipes" / "accelerate").glob("*.yaml")), ids=lambda p: p.name)
def test_accelerate_configs_load_with_accelerate(config):
    from accelerate.commands.config.config_args import load_config_from_file
    cfg = load_config_from_file(str(config))
    assert cfg.num_processes == 8 * cfg.num_machines and cfg.mixed_precision == "bf16"
    assert cfg.distributed_type in ("DEEPSPEED", "MULTI_GPU") or getattr(cfg.distributed_type, "value", None) in ("DEEPSPEED", "MULTI_GPU")
