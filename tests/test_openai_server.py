"""`OpenAIServer` against the real `openai` client, with the offline tiny model behind it: the reply fields the client
reads (id, created, usage, finish_reason), streaming, content parts, the checks on n, model and max tokens, and errors
in OpenAI's shape."""
import httpx
import openai
import pytest

from critique_coder.core import ConfigError
from critique_coder.generate import HFBackend, OpenAIServer, Sampling, prompt_ids
from critique_coder.tiny import load_tiny

HI = [{"role": "user", "content": "Write a function that adds two numbers."}]


@pytest.fixture(scope="module")
def hf(tmp_path_factory):
    model, tok = load_tiny(cache_dir=tmp_path_factory.mktemp("tiny"))
    return HFBackend(model, tok, model_id="critique-coder/tiny")


@pytest.fixture(scope="module")
def srv(hf):
    with OpenAIServer(hf, model_name="tiny") as s: yield s


@pytest.fixture(scope="module")
def client(srv):
    return openai.OpenAI(base_url=srv.url, api_key="x", max_retries=0)


class TextOnly:
    "A backend with `generate` only (as `OpenAIBackend` and `VLLMBackend`): the real tiny model, no details."
    def __init__(self, hf): self.hf, self.model_id = hf, hf.model_id
    def generate(self, prompts, n, sampling, seeds): return self.hf.generate(prompts, n, sampling, seeds)


class Broken:
    "A backend that fails on every request."
    model_id = "broken"
    def generate(self, prompts, n, sampling, seeds): raise RuntimeError("the GPU caught fire")


def test_the_server_listens_on_loopback_by_default(srv):
    assert srv.httpd.server_address[0] == "127.0.0.1" and srv.url.startswith("http://127.0.0.1:")


def test_chat_reply_has_id_created_fingerprint_and_usage(client, hf):
    r = client.chat.completions.create(model="tiny", messages=HI, max_tokens=8, n=2, seed=1)
    assert r.object == "chat.completion" and r.id.startswith("chatcmpl-") and len(r.id) > len("chatcmpl-")
    assert isinstance(r.created, int) and r.created > 0 and r.system_fingerprint.startswith("fp_")
    assert r.usage.prompt_tokens == len(prompt_ids(hf.tokenizer, HI)) > 0
    assert 0 < r.usage.completion_tokens <= 2 * 8
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens
    assert [c.index for c in r.choices] == [0, 1] and all(c.message.role == "assistant" for c in r.choices)
    again = client.chat.completions.create(model="tiny", messages=HI, max_tokens=8, n=2, seed=1)
    assert again.id != r.id and [c.message.content for c in again.choices] == [c.message.content for c in r.choices]


def test_text_completion_reply_has_id_created_fingerprint_and_usage(client, hf):
    r = client.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=8, seed=1)
    assert r.object == "text_completion" and r.id.startswith("cmpl-") and isinstance(r.created, int)
    assert r.system_fingerprint.startswith("fp_")
    assert r.usage.prompt_tokens == len(hf.tokenizer("def add(a, b):", add_special_tokens=False)["input_ids"])
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens and r.usage.completion_tokens > 0


def test_finish_reason_is_length_when_max_tokens_cut_the_completion(client):
    cut = 0
    for seed in range(6):
        r = client.chat.completions.create(model="tiny", messages=HI, max_tokens=4, seed=seed)
        (c,) = r.choices
        assert c.finish_reason in ("stop", "length") and r.usage.completion_tokens <= 4
        assert (c.finish_reason == "length") == (r.usage.completion_tokens == 4)  # a shorter one stopped by itself
        cut += c.finish_reason == "length"
    assert cut > 0  # random weights almost never stop within 4 tokens
    r = client.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=4, n=3, seed=0)
    if r.usage.completion_tokens == 3 * 4: assert all(c.finish_reason == "length" for c in r.choices)


def test_a_stop_string_ends_the_completion_with_finish_reason_stop(client):
    for seed in range(10):  # a completion with a letter or digit after its first character
        text = client.chat.completions.create(model="tiny", messages=HI, max_tokens=16, seed=seed).choices[0].message.content
        stop = next((ch for ch in text[1:] if ch.isascii() and ch.isalnum()), None)
        if stop: break
    assert stop, "no usable completion in 10 seeds"
    r = client.chat.completions.create(model="tiny", messages=HI, max_tokens=16, seed=seed, stop=[stop])
    assert r.choices[0].message.content == text[:text.index(stop)]
    assert r.choices[0].finish_reason == "stop" and 1 <= r.usage.completion_tokens < 16


def test_generate_detailed_has_generate_text_and_reasons(hf):
    s = Sampling(max_new_tokens=6, seed=0, stop=("e",))
    prompts, seeds = [HI, "def add(a, b):"], [5, 6]
    detailed = hf.generate_detailed(prompts, 3, s, seeds)
    assert [[d["text"] for d in ds] for ds in detailed] == hf.generate(prompts, 3, s, seeds)
    for ds in detailed:
        for d in ds:
            assert set(d) == {"text", "finish_reason", "completion_tokens", "prompt_tokens"} and d["prompt_tokens"] > 0
            assert d["finish_reason"] in ("stop", "length") and 0 <= d["completion_tokens"] <= 6
            if d["finish_reason"] == "length": assert d["completion_tokens"] == 6 and "e" not in d["text"]


def test_a_backend_without_details_answers_stop_and_zero_usage(hf):
    with OpenAIServer(TextOnly(hf), model_name="tiny") as s:
        c = openai.OpenAI(base_url=s.url, api_key="x", max_retries=0)
        r = c.chat.completions.create(model="tiny", messages=HI, max_tokens=4, n=2, seed=3)
    assert [ch.message.content for ch in r.choices] == hf.generate([HI], 2, Sampling(temperature=1.0, top_p=1.0, top_k=0, max_new_tokens=4), [3])[0]
    assert all(ch.finish_reason == "stop" for ch in r.choices)
    assert (r.usage.prompt_tokens, r.usage.completion_tokens, r.usage.total_tokens) == (0, 0, 0)


def test_streamed_chat_gives_the_text_then_finish_reason_then_usage(client):
    whole = client.chat.completions.create(model="tiny", messages=HI, max_tokens=8, n=2, seed=4)
    chunks = list(client.chat.completions.create(model="tiny", messages=HI, max_tokens=8, n=2, seed=4, stream=True,
                                                 stream_options={"include_usage": True}))
    assert chunks and all(ch.object == "chat.completion.chunk" and ch.id.startswith("chatcmpl-") for ch in chunks)
    assert len({ch.id for ch in chunks}) == 1
    text, finish = {}, {}
    for ch in chunks:
        for c in ch.choices:
            text[c.index] = text.get(c.index, "") + (c.delta.content or "")
            if c.finish_reason: finish[c.index] = c.finish_reason
    assert text == {c.index: c.message.content for c in whole.choices}
    assert finish == {c.index: c.finish_reason for c in whole.choices}
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == whole.usage.total_tokens


def test_streamed_text_completion_gives_the_text(client):
    whole = client.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=8, seed=2)
    chunks = list(client.completions.create(model="tiny", prompt="def add(a, b):", max_tokens=8, seed=2, stream=True))
    assert chunks and "".join(c.text for ch in chunks for c in ch.choices) == whole.choices[0].text
    assert chunks[-1].choices[-1].finish_reason == whole.choices[0].finish_reason


def test_text_content_parts_are_joined(client):
    parts = [{"role": "user", "content": [{"type": "text", "text": "Write a function"}, {"type": "text", "text": "that adds."}]}]
    plain = [{"role": "user", "content": "Write a function\nthat adds."}]
    a = client.chat.completions.create(model="tiny", messages=parts, max_tokens=8, seed=7)
    b = client.chat.completions.create(model="tiny", messages=plain, max_tokens=8, seed=7)
    assert a.choices[0].message.content == b.choices[0].message.content and a.usage.prompt_tokens == b.usage.prompt_tokens


@pytest.mark.parametrize("messages, param", [
    ([], "messages"),
    ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}]}], "messages[0].content"),
    ([{"role": "user", "content": []}], "messages[0].content"),
    ([{"content": "no role"}], "messages[0]")])
def test_empty_messages_and_non_text_parts_are_refused(client, messages, param):
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="tiny", messages=messages, max_tokens=4)
    assert e.value.status_code == 400 and e.value.body["type"] == "invalid_request_error" and e.value.body["param"] == param


@pytest.mark.parametrize("n", [0, -1, 129, 100000])
def test_n_out_of_bounds_is_refused(client, n):
    with pytest.raises(openai.BadRequestError, match="n must be between 1 and 128") as e:
        client.chat.completions.create(model="tiny", messages=HI, max_tokens=4, n=n)
    assert e.value.body["param"] == "n"


def test_max_n_bounds_n(hf):
    with OpenAIServer(hf, model_name="tiny", max_n=2) as s:
        c = openai.OpenAI(base_url=s.url, api_key="x", max_retries=0)
        assert len(c.chat.completions.create(model="tiny", messages=HI, max_tokens=2, n=2).choices) == 2
        with pytest.raises(openai.BadRequestError, match="between 1 and 2"):
            c.chat.completions.create(model="tiny", messages=HI, max_tokens=2, n=3)
    with pytest.raises(ConfigError): OpenAIServer(hf, max_n=0)


def test_another_model_name_is_not_found(client):
    with pytest.raises(openai.NotFoundError) as e:
        client.chat.completions.create(model="gpt-4o", messages=HI, max_tokens=4)
    assert e.value.status_code == 404 and e.value.code == "model_not_found" and e.value.type == "invalid_request_error"
    assert e.value.body["param"] == "model" and "gpt-4o" in e.value.body["message"]
    with pytest.raises(openai.NotFoundError): client.completions.create(model="gpt-4o", prompt="x", max_tokens=4)
    assert [m.id for m in client.models.list()] == ["tiny"] and client.models.retrieve("tiny").id == "tiny"
    with pytest.raises(openai.NotFoundError): client.models.retrieve("gpt-4o")


def test_max_completion_tokens_is_honoured_and_wins_over_max_tokens(client):
    three = client.chat.completions.create(model="tiny", messages=HI, max_tokens=3, seed=8)
    new = client.chat.completions.create(model="tiny", messages=HI, max_completion_tokens=3, seed=8)
    both = client.chat.completions.create(model="tiny", messages=HI, max_tokens=12, max_completion_tokens=3, seed=8)
    assert new.choices[0].message.content == both.choices[0].message.content == three.choices[0].message.content
    assert new.usage.completion_tokens == both.usage.completion_tokens == three.usage.completion_tokens <= 3
    with pytest.raises(openai.BadRequestError) as e:
        client.chat.completions.create(model="tiny", messages=HI, max_completion_tokens=0)
    assert e.value.body["param"] == "max_completion_tokens"


def test_refused_requests_have_openai_error_shape(srv):
    cases = [(b"{not json", "/chat/completions", 400), (b"[1, 2]", "/chat/completions", 400),
             (b'{"model": "tiny", "prompt": [1, 2, 3]}', "/completions", 400),
             (b'{"model": "tiny", "messages": [{"role": "user", "content": "x"}], "n": "2"}', "/chat/completions", 400),
             (b'{"model": "tiny", "messages": [{"role": "user", "content": "x"}], "temperature": -1}', "/chat/completions", 400),
             (b"{}", "/nowhere", 404)]
    for data, path, status in cases:
        r = httpx.post(srv.url + path, content=data, headers={"Content-Type": "application/json"})
        err = r.json()["error"]
        assert r.status_code == status and set(err) == {"message", "type", "param", "code"}, (data, r.text)
        assert err["type"] == "invalid_request_error" and err["message"]
    assert "not valid JSON" in httpx.post(srv.url + "/chat/completions", content=b"{not json").json()["error"]["message"]


def test_a_backend_failure_is_a_500_with_server_error_shape():
    with OpenAIServer(Broken(), model_name="tiny") as s:
        c = openai.OpenAI(base_url=s.url, api_key="x", max_retries=0)
        with pytest.raises(openai.InternalServerError) as e:
            c.chat.completions.create(model="tiny", messages=HI, max_tokens=4)
        with pytest.raises(openai.InternalServerError):
            list(c.chat.completions.create(model="tiny", messages=HI, max_tokens=4, stream=True))
    assert e.value.status_code == 500 and e.value.type == "server_error"
    assert set(e.value.body) == {"message", "type", "param", "code"} and "the GPU caught fire" in e.value.body["message"]


def test_the_openai_backend_reports_finish_reasons_and_token_counts(srv, hf):
    from critique_coder.generate import OpenAIBackend
    remote = OpenAIBackend(srv.url, "tiny")
    s = Sampling(temperature=1.0, top_p=1.0, top_k=0, max_new_tokens=5)
    one = remote.generate_detailed([HI], 1, s, [7])[0][0]
    local = hf.generate_detailed([HI], 1, s, [7])[0][0]
    assert one == {**local, "prompt_tokens": local["prompt_tokens"]}  # the server's own count, through usage
    two = remote.generate_detailed([HI], 2, s, [7])[0]
    assert [d["finish_reason"] for d in two] == [d["finish_reason"] for d in hf.generate_detailed([HI], 2, s, [7])[0]]
    assert all(d["completion_tokens"] is None for d in two)  # usage sums the choices of a request: no per-answer count
    assert remote.generate([HI], 2, s, [7])[0] == [d["text"] for d in two]
