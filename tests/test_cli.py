"""The configuration layer: every command's settings come from its config dataclasses through TRL's parser
(a YAML recipe, flags that win over it, `--help` listing every field); every recipe in recipes/ parses."""
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from critique_coder.cli import COMMANDS, command_parser, main
from critique_coder.curate import CurateConfig

CLI = [sys.executable, "-m", "critique_coder.cli"]
RECIPES = sorted((ROOT / "recipes").rglob("*.yaml"))


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
    configs = command_parser(command_of(recipe)).parse_args_and_config(["--config", str(recipe)])
    values = yaml.safe_load(recipe.read_text())
    given = {f.name: getattr(c, f.name) for c in configs for f in dataclasses.fields(c) if f.name in values}
    assert set(given) == set(values) - {"env"}  # every key landed in a field
    for k, v in given.items():
        assert v == values[k] or str(v) == str(values[k]) or getattr(v, "value", None) == values[k], k


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
