"""The offline tiny model works where later issues need it: a real TRL GRPOTrainer step changes its weights."""
import pytest
import torch

from critique_coder.tiny import load_tiny, tiny_model_path


@pytest.fixture(scope="module")
def tiny_path(tmp_path_factory):
    return tiny_model_path(cache_dir=tmp_path_factory.mktemp("tiny-cache"))


def test_grpo_step_updates_the_tiny_model(tiny_path, tmp_path):
    from datasets import Dataset
    from transformers import AutoModelForCausalLM
    from trl import GRPOConfig, GRPOTrainer

    prompts = [[{"role": "user", "content": f"Write a function that returns {i}."}] for i in range(4)]
    ds = Dataset.from_dict({"prompt": prompts})

    def length_reward(prompts, completions, **kw):  # any real signal with variance across the group
        return [float(len(c[0]["content"])) for c in completions]

    args = GRPOConfig(output_dir=str(tmp_path), per_device_train_batch_size=4, num_generations=4, max_completion_length=8,
                      max_steps=1, learning_rate=1e-2, report_to=[], logging_steps=1, save_strategy="no",
                      use_cpu=True, bf16=False, seed=0)
    model = AutoModelForCausalLM.from_pretrained(tiny_path)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    trainer = GRPOTrainer(model=model, reward_funcs=length_reward, args=args, train_dataset=ds,
                          processing_class=__import__("transformers").AutoTokenizer.from_pretrained(tiny_path))
    trainer.train()
    changed = [n for n, p in trainer.model.named_parameters() if not torch.equal(before[n], p.detach())]
    assert changed, "no parameter changed after a GRPO step"
    assert any(k.startswith("rewards/length_reward") for k in trainer.state.log_history[0])


def test_load_tiny_is_cached(tiny_path):
    model, tok = load_tiny(cache_dir=tiny_path.parent)
    assert model.config.model_type == "qwen3" and tok.eos_token == "<|im_end|>"
    assert sorted(p.name for p in tiny_path.parent.iterdir()) == [tiny_path.name]
