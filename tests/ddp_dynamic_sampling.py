"""Run by test_train.py under `accelerate launch --num_processes 2` (CPU, gloo): dynamic sampling's token normaliser
counts the kept tokens of both processes, the kept fraction is the hand count, and refill works across processes."""
import sys

import torch
from test_train import Spy, flat_or_vary, grpo, kinds_dataset

from critique_coder.tiny import tiny_model_path

trainer = Spy(model=str(tiny_model_path()), reward_funcs=flat_or_vary, args=grpo(sys.argv[1], max_steps=1, per_device_train_batch_size=8),
              train_dataset=kinds_dataset(), dynamic_sampling="filter")
trainer.train()
out, acc = trainer.filtered, trainer.accelerator
flat = torch.tensor([k == "flat" for k in trainer.kinds])
assert acc.num_processes == 2 and len(flat) == 8
assert out["completion_mask"][flat].sum() == 0 and torch.all(out["advantages"][flat] == 0)
kept_here = trainer.mask_before[~flat].sum().reshape(1)
kept_everywhere = acc.gather(kept_here).sum().item()
assert out["num_items_in_batch"].item() == kept_everywhere, (out["num_items_in_batch"].item(), kept_everywhere)
flat_groups = acc.gather(flat.sum().reshape(1)).sum().item() // 4
step = next(h for h in trainer.state.log_history if "reward" in h)
assert flat_groups == 2 and step["dynamic_sampling/kept_fraction"] == 0.5 and step["dynamic_sampling/kept_groups"] == 2, step
print("normaliser ok", acc.process_index, kept_everywhere, flush=True)

# refill: both processes generate the same number of rounds (the collectives would hang otherwise), and each ends
# with a batch of informative groups only
from test_train import Kept
refill = Kept(model=str(tiny_model_path()), reward_funcs=flat_or_vary, train_dataset=kinds_dataset(["flat"] * 6 + ["vary"] * 6),
              args=grpo(sys.argv[1] + "-refill", max_steps=2, per_device_train_batch_size=8), dynamic_sampling="refill", max_refill_rounds=6)
refill.train()
steps = [h for h in refill.state.log_history if "dynamic_sampling/extra_rounds" in h]
assert len(steps) == 2 and all(h["dynamic_sampling/kept_fraction"] == 1.0 for h in steps), steps
for out in refill.batches:
    assert out["completion_ids"].shape[0] == 8 and torch.all(out["advantages"].view(-1, 4).abs().sum(1) > 0)
    assert out["num_items_in_batch"].item() == acc.gather(out["completion_mask"].sum().reshape(1)).sum().item()
print("refill ok", acc.process_index, flush=True)
sys.stdout.flush()
acc.end_training()  # destroys the process group: without it gloo may abort at interpreter exit
