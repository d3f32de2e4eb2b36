"""Write the Qwen3 recipes in recipes/qwen3-*/ from the paper's settings (`train.PAPER_SETTINGS`), each value explicit.

    python tools/make_recipes.py           # write them
    python tools/make_recipes.py --check   # exit 1 if a committed recipe differs from what this writes
"""
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from critique_coder.train import paper_fields  # noqa: E402

SIZES = {  # model, per-GPU micro-batch, micro-batches per optimizer step, per generation (8 GPUs: 512 and 1,024 rollouts)
    "4b": ("Qwen/Qwen3-4B", 8, 8, 16),
    "8b": ("Qwen/Qwen3-8B", 4, 16, 32),
}


def recipe(size: str, kind: str, phase: int, lora: bool = False) -> tuple[str, dict]:
    model, micro, accum, per_gen = SIZES[size]
    name = f"{kind}-phase{phase}" + ("-lora" if lora else "")
    run = f"runs/qwen3-{size}-{name}"
    v = {"model_name_or_path": model if phase == 1 else f"runs/qwen3-{size}-{kind}-phase1" + ("-lora-merged" if lora else ""),
         "attn_implementation": "sdpa", "use_peft": lora, **paper_fields()}
    v.update(per_device_train_batch_size=micro, gradient_accumulation_steps=accum, steps_per_generation=per_gen)
    if lora:  # an adapter moves less per step than the whole model: a larger learning rate, as is usual for LoRA
        v.update(lora_r=64, lora_alpha=128, lora_dropout=0.05, lora_target_modules=["all-linear"], learning_rate=1e-5)
    if kind == "rl-only":
        v.update(dataset="data/rstar-coder-rl", tasks=["code"], critique_scale=1.0)
    else:
        v.update(dataset="data/rstar-coder-hybrid", tasks=["code", "critique"], critique_scale=0.8 if phase == 1 else 1.0)
    v.update(train_split="train", eval_split="validation", max_eval_rows=256, code_reward="fraction", sandbox_timeout=6.0,
             output_dir=run, seed=0, gradient_checkpointing=True, per_device_eval_batch_size=8, num_generations_eval=1,
             eval_strategy="steps", eval_steps=v["save_steps"], save_strategy="steps", metric_for_best_model="selection_score",
             greater_is_better=True, logging_steps=1, report_to="none")
    if phase == 2: v["max_completion_length"] = 32768
    v["vllm_max_model_length"] = v["max_prompt_tokens"] + v["max_completion_length"]
    head = [f"# Qwen3-{size.upper()} {'Critique-Coder (20% critique rows)' if kind == 'critique-coder' else 'RL-only baseline'}, "
            f"phase {phase} ({v['max_completion_length'] // 1024}k responses){', LoRA' if lora else ''}.",
            "# Written by tools/make_recipes.py from the paper's settings (train.PAPER_SETTINGS): edit there, not here.",
            "# One node of 8 GPUs: accelerate launch --config_file recipes/accelerate/zero3.yaml -m critique_coder.cli train \\",
            f"#   --config recipes/qwen3-{size}/{name}.yaml"]
    if phase == 2: head.append(f"# Starts from phase 1: point model_name_or_path at the checkpoint phase 1 chose (its checkpoint_selection.json).")
    if lora and phase == 2: head.append("# (critique-coder merge-adapter makes the merged phase-1 model.)")
    return f"recipes/qwen3-{size}/{name}.yaml", "\n".join(head) + "\n" + yaml.safe_dump(v, sort_keys=False, width=120)


def all_recipes() -> dict[str, str]:
    out = {}
    for size in SIZES:
        for kind in ("critique-coder", "rl-only"):
            for phase in (1, 2):
                path, text = recipe(size, kind, phase)
                out[path] = text
        path, text = recipe(size, "critique-coder", 1, lora=True)
        out[path] = text
    return out


if __name__ == "__main__":
    check, stale = "--check" in sys.argv, []
    for path, text in all_recipes().items():
        f = ROOT / path
        if check:
            if not f.exists() or f.read_text() != text: stale.append(path)
        else:
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(text)
    if stale: sys.exit(f"recipes out of date (run python tools/make_recipes.py): {stale}")
