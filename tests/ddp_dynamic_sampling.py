"""Run by test_train.py under `accelerate launch --num_processes 2` (CPU, gloo): dynamic sampling's token normaliser
counts the kept tokens of both processes, and the kept fraction is the hand count."""
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
sys.stdout.flush()
acc.end_training()  # destroys the process group: without it gloo may abort at interpreter exit
