"The shared cached batch loop (core.CachedBatches) behind generation, labelling and evaluation."
import pytest

from critique_coder.core import CachedBatches, ConfigError, CritiqueCoderError, JSONStore


def squares(calls):
    def compute(idx):
        calls.append(list(idx))
        return [int(KEYS[i]) ** 2 for i in idx]
    return compute

KEYS = ["3", "1", "3", "2", "5", "1", "4"]


def test_each_key_is_computed_once_and_every_index_gets_its_value():
    calls = []
    seen = {}
    for idx, values in CachedBatches(KEYS, squares(calls), batch_size=2):
        for i, v in zip(idx, values): seen[i] = v
    assert calls == [[0, 1], [3, 4], [6]]  # distinct keys in first-appearance order, two at a time
    assert [seen[i] for i in range(len(KEYS))] == [9, 1, 9, 4, 25, 1, 16]


def test_a_stopped_loop_resumes_from_the_store(tmp_path):
    store, calls = JSONStore(tmp_path / "c.sqlite"), []
    for _ in CachedBatches(KEYS, squares(calls), store, batch_size=2): break  # stopped after its first batch
    assert len(store) == 2
    again = CachedBatches(KEYS, squares(calls), store, batch_size=2)
    assert (again.cached, again.todo) == (2, 3)
    batches = list(again)
    assert batches[0] == ([0, 1, 2, 5], [9, 1, 9, 1])  # the cached keys come first, at all their indices, not computed
    assert calls == [[0, 1], [3, 4], [6]]
    assert again.all() == {"3": 9, "1": 1, "2": 4, "5": 25, "4": 16} and len(store) == 5


def test_a_compute_that_loses_values_is_an_error_and_nothing_is_stored(tmp_path):
    store = JSONStore(tmp_path / "c.sqlite")
    with pytest.raises(CritiqueCoderError, match="returned 1 values for 2 keys"):
        CachedBatches(KEYS, lambda idx: [0], store, batch_size=2).all()
    assert len(store) == 0
    with pytest.raises(ConfigError, match="batch_size"): CachedBatches(KEYS, lambda idx: idx, batch_size=0)
