"""Generation backends against real parts: the tiny model through transformers and through our OpenAI-compatible server,
real HTTP servers that fail or cap `n`, and a cache that survives a crash mid-run."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from critique_coder.core import ConfigError, GenerationError
from critique_coder.data import load_problems
from critique_coder.generate import (GenerationCache, HFBackend, OpenAIBackend, OpenAIServer, Sampling, VLLMBackend,
                                     generate)
from critique_coder.prompts import code_prompt
from critique_coder.tiny import load_tiny, tiny_model_path

FAST = Sampling(max_new_tokens=8, seed=3)


@pytest.fixture(scope="module")
def hf(tmp_path_factory):
    model, tok = load_tiny(cache_dir=tmp_path_factory.mktemp("tiny"))
    return HFBackend(model, tok, template_kwargs={"enable_thinking": False}, model_id="tiny")


@pytest.fixture(scope="module")
def prompts():
    return [code_prompt(p) for p in load_problems("sample")[:5]]


class Scripted:
    "A real HTTP server whose answers to POSTs follow a script: ('fail', code) entries first, then canned choices."
    def __init__(self, script, cap_n=None):
        self.script, self.cap_n, self.requests = list(script), cap_n, []
        outer = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a): pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                step = outer.script.pop(0) if outer.script else ("ok", None)
                if step[0] == "fail":
                    self.send_response(step[1]); self.end_headers(); self.wfile.write(b"nope"); return
                n = body["n"] if outer.cap_n is None else min(body["n"], outer.cap_n)
                data = json.dumps({"choices": [{"index": k, "message": {"content": f"s{body['seed']}-{k}"}} for k in range(n)]}).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self): self.httpd.shutdown(); self.httpd.server_close()


def test_retries_with_backoff_then_succeeds():
    srv = Scripted([("fail", 503), ("fail", 429)])
    try:
        b = OpenAIBackend(srv.url, "m", retries=3, backoff=0.01)
        out = generate([[{"role": "user", "content": "hi"}]], n=2, sampling=FAST, backend=b, progress=False)
        assert len(srv.requests) == 3 and len(out[0]) == 2
    finally: srv.close()


def test_a_request_the_server_rejects_is_not_retried_and_names_the_prompt():
    srv = Scripted([("fail", 400)] * 5)
    try:
        b = OpenAIBackend(srv.url, "m", retries=3, backoff=0.01)
        with pytest.raises(GenerationError, match="prompt 0.*HTTP 400"):
            generate([[{"role": "user", "content": "hi"}]], n=1, sampling=FAST, backend=b, progress=False)
        assert len(srv.requests) == 1
    finally: srv.close()


def test_a_server_that_caps_n_is_asked_again_for_the_rest():
    srv = Scripted([], cap_n=2)
    try:
        out = generate([[{"role": "user", "content": "hi"}]], n=5, sampling=FAST,
                       backend=OpenAIBackend(srv.url, "m", backoff=0.01), progress=False)
        assert len(out[0]) == 5 and [r["n"] for r in srv.requests] == [5, 3, 1]
        assert len({r["seed"] for r in srv.requests}) == 3  # a fresh seed for each follow-up request
    finally: srv.close()


def test_openai_backend_through_our_server_matches_direct_sampling(hf, prompts):
    direct = generate(prompts, n=3, sampling=FAST, backend=hf, progress=False)
    with OpenAIServer(hf, model_name="tiny") as srv:
        remote = generate(prompts, n=3, sampling=FAST, backend=OpenAIBackend(srv.url, "tiny", concurrency=3), progress=False)
        text = generate(["def add(a, b):"], n=2, sampling=FAST, backend=OpenAIBackend(srv.url, "tiny"), progress=False)
    assert remote == direct
    assert text == generate(["def add(a, b):"], n=2, sampling=FAST, backend=hf, progress=False)


def test_a_crashed_run_resumes_from_the_cache_with_identical_results(hf, prompts, tmp_path):
    uninterrupted = generate(prompts, n=2, sampling=FAST, backend=hf, batch_size=2, progress=False)

    class Crashing:
        model_id, calls = hf.model_id, 0
        def generate(self, ps, n, sampling, seeds):
            Crashing.calls += 1
            if Crashing.calls == 2: raise RuntimeError("killed mid-run")
            return hf.generate(ps, n, sampling, seeds)

    cache = GenerationCache(tmp_path / "gen.sqlite")
    with pytest.raises(RuntimeError): generate(prompts, n=2, sampling=FAST, backend=Crashing(), cache=cache, batch_size=2, progress=False)
    assert len(cache) == 2  # the first batch was kept

    class Counting:
        model_id, seen = hf.model_id, []
        def generate(self, ps, n, sampling, seeds):
            Counting.seen += ps
            return hf.generate(ps, n, sampling, seeds)

    resumed = generate(prompts, n=2, sampling=FAST, backend=Counting(), cache=cache, batch_size=2, progress=False)
    assert resumed == uninterrupted and len(Counting.seen) == 3 and len(cache) == 5
    assert generate(prompts, n=3, sampling=FAST, backend=hf, cache=cache, progress=False) != resumed  # n is part of the key


def test_bad_arguments_are_refused(hf):
    for bad in ("just a string", [{"role": "user"}], [[{"content": "no role"}]]):
        with pytest.raises(ConfigError): generate(bad, backend=hf, progress=False)
    with pytest.raises(ConfigError): generate([["x"]], n=0, backend=hf)
    with pytest.raises(ConfigError): Sampling(top_p=0)


@pytest.mark.gpu  # runs with CC_TEST_FLAGS=gpu, where a GPU and vllm are present
def test_vllm_backend_samples_the_tiny_model(tmp_path):
    pytest.importorskip("vllm")
    path = tiny_model_path(cache_dir=tmp_path)
    b = VLLMBackend(str(path), template_kwargs={"enable_thinking": False}, gpu_memory_utilization=0.2, enforce_eager=True)
    out = generate([[{"role": "user", "content": "hi"}], "def f():"], n=2, sampling=FAST, backend=b, progress=False)
    assert [len(o) for o in out] == [2, 2]
    assert generate([[{"role": "user", "content": "hi"}]], n=2, sampling=FAST, backend=b, progress=False) == out[:1]


def test_greedy_decoding_gives_its_one_answer_n_times():
    from critique_coder.generate import HFBackend, Sampling
    from critique_coder.tiny import load_tiny
    backend = HFBackend(*load_tiny())
    out = backend.generate_detailed(["def f():"], 3, Sampling(temperature=0, max_new_tokens=8), [0])[0]
    assert len(out) == 3 and out[0] == out[1] == out[2] and out[0]["completion_tokens"] > 0
