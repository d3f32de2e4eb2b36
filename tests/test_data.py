"""Every loader on its fixture, and on bad rows: the error names source, row, id and field; skip mode reports each."""
import base64
import json
import warnings
import zlib

import pytest
from conftest import FIXTURES

from critique_coder.core import ConfigError, DataError, Problem, write_jsonl
from critique_coder.data import load_file, load_problems, load_rows

FIXTURE_OF = {"livecodebench": "livecodebench.jsonl", "taco": "taco.jsonl", "apps": "apps.jsonl",
              "rstar-coder": "rstar_coder_seed_testcase.jsonl"}


def rows_of(name):
    return [json.loads(l) for l in (FIXTURES / name).read_text().splitlines() if l.strip()]


@pytest.mark.parametrize("source", sorted(FIXTURE_OF))
def test_fixture_loads_every_row(source):
    ps = load_problems(source, FIXTURES / FIXTURE_OF[source])
    assert len(ps) == len(rows_of(FIXTURE_OF[source])) and not ps.skipped
    assert all(isinstance(p, Problem) and p.tests and p.source == source for p in ps)
    assert len({p.id for p in ps}) == len(ps)


# (source, how to break row 1, the field the error must name)
BAD = [
    ("livecodebench", lambda r: r.pop("question_content"), "question_content"),
    ("livecodebench", lambda r: r.update(public_test_cases="[{"), "public_test_cases"),
    ("livecodebench", lambda r: r.update(private_test_cases="bm90IHpsaWI="), "private_test_cases"),
    ("livecodebench", lambda r: r.update(public_test_cases="[]", private_test_cases="[]"), "tests"),
    ("livecodebench", lambda r: r.update(public_test_cases=json.dumps([{"input": "1", "output": "1", "testtype": "unit"}])), "public_test_cases[0].testtype"),
    ("livecodebench", lambda r: r.update(contest_date="someday"), "contest_date"),
    ("taco", lambda r: r.update(question=7), "question"),
    ("taco", lambda r: r.update(input_output=json.dumps({"inputs": ["1\n"], "outputs": []})), "input_output"),
    ("taco", lambda r: r.update(solutions="not json"), "solutions"),
    ("apps", lambda r: r.update(input_output=""), "input_output"),
    ("rstar-coder", lambda r: r.update(inputs="[1, 2"), "inputs"),
    ("rstar-coder", lambda r: r.update(inputs="[]", outputs="[]"), "tests"),
]


@pytest.mark.parametrize("source,breaker,field", BAD, ids=[f"{s}-{f}" for s, _, f in BAD])
def test_bad_row_is_named(tmp_path, source, breaker, field):
    rows = rows_of(FIXTURE_OF[source])
    breaker(rows[1])
    write_jsonl(tmp_path / "bad.jsonl", rows)
    with pytest.raises(DataError) as e:
        load_problems(source, tmp_path / "bad.jsonl")
    assert e.value.row == 1 and e.value.field == field and str(tmp_path / "bad.jsonl") in str(e.value)
    assert e.value.id is not None and f"field '{field}'" in str(e.value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        kept = load_problems(source, tmp_path / "bad.jsonl", on_error="skip")
    assert len(kept) == len(rows) - 1 and [(s.index, s.field) for s in kept.skipped] == [(1, field)]
    assert len(caught) == 1 and "row 1" in str(caught[0].message)


def test_broken_jsonl_line_names_file_and_line(tmp_path):
    f = tmp_path / "p.jsonl"
    f.write_text((FIXTURES / "taco.jsonl").read_text() + "{truncated\n")
    with pytest.raises(DataError, match=r"p.jsonl:4: invalid JSON"):
        load_problems("taco", f)


def test_duplicate_ids_are_an_error(tmp_path):
    rows = rows_of("livecodebench.jsonl")
    write_jsonl(tmp_path / "dup.jsonl", [rows[0], rows[0]])
    with pytest.raises(DataError, match="duplicate problem id"):
        load_problems("livecodebench", tmp_path / "dup.jsonl")


def test_lcb_compressed_private_tests_match_plain(tmp_path):
    rows = rows_of("livecodebench.jsonl")
    plain = next(r for r in rows if r["private_test_cases"].startswith("["))
    packed = dict(plain, private_test_cases=base64.b64encode(zlib.compress(
        __import__("pickle").dumps(plain["private_test_cases"]))).decode())
    write_jsonl(tmp_path / "a.jsonl", [plain]); write_jsonl(tmp_path / "b.jsonl", [packed])
    assert load_problems("livecodebench", tmp_path / "a.jsonl") == load_problems("livecodebench", tmp_path / "b.jsonl")


def test_lcb_parquet_and_timestamp_dates(tmp_path):
    import datasets
    ds = datasets.load_dataset("json", data_files=str(FIXTURES / "livecodebench.jsonl"), split="train")
    ds.to_parquet(str(tmp_path / "lcb.parquet"))
    assert load_problems("livecodebench", tmp_path / "lcb.parquet") == load_problems("livecodebench", FIXTURES / "livecodebench.jsonl")


def test_taco_call_based_outputs_are_unwrapped():
    p = next(p for p in load_problems("taco", FIXTURES / "taco.jsonl") if "functional" in p.kinds)
    raw = next(json.loads(r["input_output"]) for r in rows_of("taco.jsonl") if "fn_name" in json.loads(r["input_output"]))
    assert [t.expected() for t in p.tests] == [o[0] for o in raw["outputs"]]
    assert [t.args() for t in p.tests] == raw["inputs"]


def test_rstar_critique_bad_rows(tmp_path):
    rows = rows_of("rstar_critique.jsonl")
    rows[0]["extra_info"]["correctness"] = "yes"
    rows[2]["extra_info"]["inputs_outputs"] = None
    rows[2]["reward_model"]["ground_truth"] = ""
    write_jsonl(tmp_path / "c.jsonl", rows)
    with pytest.raises(DataError, match="field 'extra_info.correctness'"):
        load_rows("rstar-critique", tmp_path / "c.jsonl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kept = load_rows("rstar-critique", tmp_path / "c.jsonl", on_error="skip")
    assert [r.task for r in kept] == ["critique", "code"] and [s.index for s in kept.skipped] == [0, 2]


def test_generic_file_mapping_errors(tmp_path):
    write_jsonl(tmp_path / "g.jsonl", [{"q": "Say hi.", "tests": [{"kind": "stdin", "input": "", "output": "hi\n"}]},
                                       {"q": "Say bye.", "tests": [{"kind": "stdin", "input": "", "output": "bye\n"}, {"kind": "functional", "input": "1"}]}])
    with pytest.raises(DataError) as e:
        load_file(tmp_path / "g.jsonl", columns={"question": "q"})
    assert e.value.row == 1 and e.value.field == "tests[1].fn_name"
    with pytest.raises(ConfigError, match="unknown keys in columns"):
        load_file(tmp_path / "g.jsonl", columns={"prompt": "q"})
    with pytest.raises(ConfigError, match="unknown source"):
        load_problems("nope")


def test_limit_is_reported_not_silent():
    ps = load_problems("humaneval", limit=10)
    assert len(ps) == 10 and len(ps.skipped) == 154 and all(s.filtered for s in ps.skipped)


def test_training_rows_have_their_own_collection_and_origins_one_vocabulary(tmp_path):
    from critique_coder.core import ORIGINS, Candidate, DataError
    from critique_coder.data import Rows, load_rows
    rows = load_rows("rstar-critique", FIXTURES / "rstar_critique.jsonl")
    assert isinstance(rows, Rows) and repr(rows).startswith("Rows(") and rows.summary()["rows"] == len(rows)
    assert sum(rows.summary()["tasks"].values()) == len(rows)
    assert ORIGINS == ("solution", "mutant", "sample") and Candidate("p", "x = 1", "mutant").origin == "mutant"
    with pytest.raises(DataError, match="origin must be one of"): Candidate("p", "x = 1", "model:qwen")


MBPP_COLUMNS = {"id": "task_id", "question": "text", "solutions": "code", "test_list": "test_list", "test_setup_code": "test_setup_code"}


def test_mbpp_in_its_original_layout_loads_and_its_references_pass():
    from critique_coder.sandbox import Sandbox
    ps = load_problems("file", FIXTURES / "mbpp.jsonl", columns=MBPP_COLUMNS)
    assert [p.id for p in ps] == ["2", "3", "166"] and [len(p.tests) for p in ps] == [3, 3, 2]
    assert all(t.kind == "assert" for p in ps for t in p.tests) and ps[2].tests[0].code.startswith("import math\nOFFSET = 0\n")
    assert ps[0].solutions[0].startswith("def similar_elements")  # a plain-text solution column, not JSON
    with Sandbox(workers=2, timeout=2.0) as sb:
        assert [r.all_passed for r in sb.run_many([(p.solutions[0], p.tests) for p in ps])] == [True, True, True]


def test_a_bad_file_is_named_and_skip_mode_skips_every_kind_of_bad_row(tmp_path):
    good = lambda i: json.dumps({"id": f"p{i}", "question": "q", "tests": [{"kind": "stdin", "input": "", "output": "1"}]})
    f = tmp_path / "mixed.jsonl"
    f.write_bytes("\ufeff".encode() + (good(1) + "\n").encode() + b'{"id": "p2", "question": "\xff\xfe"}\n'
                  + (good(1) + "\n" + good(3) + "\n").encode() + b'{"id": "p4", "quest')
    with pytest.raises(DataError, match="mixed.jsonl:2") as e: load_problems("file", f)
    assert "not UTF-8" in str(e.value)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        ps = load_problems("file", f, on_error="skip")
    assert [p.id for p in ps] == ["p1", "p3"]
    reasons = [(s.index, s.reason.split(" (")[0]) for s in ps.skipped]
    assert [i for i, _ in reasons] == [1, 2, 4] and "not UTF-8" in reasons[0][1] and "duplicate problem id" in reasons[1][1]
    assert "invalid JSON" in reasons[2][1]
    assert len(w) == 1 and "skipped 3 bad row(s)" in str(w[0].message)


def test_the_problems_command_takes_a_column_mapping(capsys):
    from critique_coder.cli import main
    assert main(["problems", "--sources", str(FIXTURES / "mbpp.jsonl"), "--columns", json.dumps(MBPP_COLUMNS), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["problems"] == 3


def test_the_mbpp_sources_read_both_published_layouts_and_keep_a_split_by_task_id():
    from critique_coder.sandbox import Sandbox
    full = load_problems("mbpp", FIXTURES / "mbpp.jsonl")
    sanitized = load_problems("mbpp-sanitized", FIXTURES / "sanitized-mbpp.json")
    assert [p.id for p in full] == ["mbpp/2", "mbpp/3", "mbpp/166"] and [p.id for p in sanitized] == ["mbpp/2", "mbpp/6", "mbpp/17", "mbpp/139"]
    assert full[0].starter_code == "def similar_elements(test_tup1, test_tup2):" and full[0].metadata["entry_point"] == "similar_elements"
    assert sanitized[0].metadata["entry_point"] == "similar_elements"  # called inside set(...) in the sanitized asserts
    assert sanitized[3].tests[0].code == "import math\nassert math.isclose(circle_circumference(10), 62.830000000000005, rel_tol=0.001)"
    assert full[2].tests[1].code.startswith("import math\nOFFSET = 0\n")  # test_setup_code before each assert
    assert "assert similar_elements((3, 4, 5, 6),(5, 7, 4, 10)) == (4, 5)" in full[0].question  # the asserts show the call
    assert "\r" not in full[0].solutions[0]
    assert [p.id for p in load_problems("mbpp", FIXTURES / "mbpp.jsonl", split="test")] == ["mbpp/166"]
    assert [p.id for p in load_problems("mbpp-sanitized", FIXTURES / "sanitized-mbpp.json", split="prompt")] == ["mbpp/2", "mbpp/6"]
    assert [p.id for p in load_problems("mbpp-sanitized", FIXTURES / "sanitized-mbpp.json", split="test")] == ["mbpp/17", "mbpp/139"]
    with pytest.raises(ConfigError, match="unknown MBPP split"): load_problems("mbpp", FIXTURES / "mbpp.jsonl", split="dev")
    with Sandbox(workers=2, timeout=2.0) as sb:
        results = sb.run_many([(p.solutions[0], p.tests) for p in [*full, *sanitized]])
        assert [r.all_passed for r in results] == [True] * 7
        wrong = sb.run("def circle_circumference(r):\n    return 6 * r\n", sanitized[3].tests)
        assert wrong.statuses == ["wrong_answer"] * 3


def test_an_mbpp_row_without_asserts_is_named(tmp_path):
    rows = [{"task_id": 11, "text": "t", "code": "def f(): pass", "test_setup_code": "", "test_list": [], "challenge_test_list": []}]
    write_jsonl(tmp_path / "rows.jsonl", rows)
    with pytest.raises(DataError, match=r"rows.jsonl, row 0 \(id '11'\), field 'test_list': expected a non-empty list of assert"):
        load_problems("mbpp", tmp_path / "rows.jsonl")


def test_livecodebench_releases_are_the_repositorys_files():
    from critique_coder.data import LCB_FILES, lcb_release_rows
    assert LCB_FILES["release_v1"] == ["test.jsonl"]
    assert LCB_FILES["release_v5"] == ["test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl", "test5.jsonl"]
    with pytest.raises(ConfigError, match="unknown LiveCodeBench release"): next(lcb_release_rows("release_v9"))


def test_humaneval_plus_and_mbpp_plus_judge_as_evalplus_does():
    """EvalPlus's human-eval-format files (made with EvalPlus's own code by tools/evalplus_vectors.py), and the verdicts
    EvalPlus's way of running them gave for right, wrong and nearly right programs: the sandbox gives the same."""
    from critique_coder.sandbox import Sandbox
    he = load_problems("humaneval-plus", FIXTURES / "official" / "HumanEvalPlus-OriginFmt.jsonl")
    mbpp = load_problems("mbpp-plus", FIXTURES / "official" / "MbppPlus-OriginFmt.jsonl")
    assert [p.source for p in [*he, *mbpp]] == ["humaneval-plus"] * 2 + ["mbpp-plus"] * 2
    assert all(len(p.tests) == 1 and p.tests[0].kind == "assert" for p in [*he, *mbpp])
    assert mbpp[1].tests[0].code.startswith("import math\n") and mbpp[1].starter_code == "def circle_circumference(r):"
    recorded = json.loads((FIXTURES / "official" / "evalplus_verdicts.json").read_text())
    by_id = {p.id: p for p in he} | {f"mbpp/{p.metadata['task_id']}": p for p in mbpp}
    cases = [(by_id[v["task_id"]], v) for v in recorded["humaneval_plus"]] + [(by_id[f"mbpp/{v['task_id']}"], v) for v in recorded["mbpp_plus"]]
    assert {v["passed"] for _, v in cases} == {True, False} and len(cases) == 12
    with Sandbox(workers=2, timeout=5.0) as sb:
        results = sb.run_many([(v["code"], p.tests) for p, v in cases])
    assert [(v["task_id"], v["program"], r.all_passed) for (p, v), r in zip(cases, results)] == \
           [(v["task_id"], v["program"], v["passed"]) for _, v in cases]
    with pytest.raises(ConfigError, match="humaneval-plus has no hub copy here: give its file with path="): load_problems("humaneval-plus")


def packed_tests(payload_mb: int) -> str:
    """A LiveCodeBench private-test blob (base64 of zlib of a pickled JSON string) holding one stdin test whose input is
    `payload_mb` MB of one digit: built a MB at a time, so the test never holds the inflated text."""
    import struct
    head, tail = '[{"input": "', '", "output": "1", "testtype": "stdin"}]'
    z = zlib.compressobj(9)
    parts = [z.compress(b"\x80\x02X" + struct.pack("<I", len(head) + (payload_mb << 20) + len(tail)) + head.encode())]
    parts += [z.compress(b"1" * (1 << 20)) for _ in range(payload_mb)]
    parts += [z.compress(tail.encode() + b"."), z.flush()]
    return base64.b64encode(b"".join(parts)).decode()


def test_a_compressed_test_blob_may_not_inflate_without_bound(tmp_path):
    "The issue's example: some 270 KB of blob that inflates to 200 MB is refused under the default bound, naming file, row and field."
    from critique_coder.data import LCB_MAX_TESTS_MB, decode_lcb_tests
    rows = rows_of("livecodebench.jsonl")
    bomb = packed_tests(200)
    assert len(bomb) < 300_000 and LCB_MAX_TESTS_MB < 200
    write_jsonl(tmp_path / "bomb.jsonl", [rows[0], dict(rows[1], private_test_cases=bomb)])
    with pytest.raises(DataError) as e:
        load_problems("livecodebench", tmp_path / "bomb.jsonl")
    assert e.value.row == 1 and e.value.field == "private_test_cases" and e.value.id == rows[1]["question_id"]
    assert f"inflate past {LCB_MAX_TESTS_MB} MB" in str(e.value) and "max_tests_mb" in str(e.value) and "bomb.jsonl" in str(e.value)
    # a lowered bound refuses a small blob, and the loader's option raises it again
    small = packed_tests(2)
    write_jsonl(tmp_path / "two.jsonl", [dict(rows[1], private_test_cases=small)])
    with pytest.raises(DataError, match="inflate past 1 MB"):
        load_problems("livecodebench", tmp_path / "two.jsonl", max_tests_mb=1)
    (p,) = load_problems("livecodebench", tmp_path / "two.jsonl", max_tests_mb=3)
    assert len(p.tests[-1].input) == 2 << 20
    assert decode_lcb_tests(small, max_mb=3)[0]["input"] == "1" * (2 << 20)
    with pytest.raises(DataError, match="incomplete or truncated"):  # a cut blob is still an error, not a short list
        decode_lcb_tests(base64.b64encode(base64.b64decode(small)[:-20]).decode())


def test_a_stdin_test_without_its_output_is_refused_by_every_loader(tmp_path):
    """A stdin test whose expected output is missing or null would read as "" and pass any program that prints nothing:
    each loader refuses it, naming file, row and field. An output given as "" stays (the program must print nothing)."""
    from critique_coder.core import problem_features, problems_from_dataset, write_parquet
    good = {"id": "ok", "question": "Print 1.", "tests": [{"kind": "stdin", "input": "", "output": "1\n"}]}
    def bad(test, **kw): return {"id": "x", "question": "Echo.", "tests": [{"kind": "stdin", "input": "1\n", "output": "1\n"}, test], **kw}
    def refused(load, path, rows, row, field, match):
        if rows: write_jsonl(path, rows)
        with pytest.raises(DataError) as e: load(path)
        assert (e.value.row, e.value.field) == (row, field) and match in e.value.message and path.name in str(e.value), str(e.value)
    own = lambda p: load_problems("file", p)
    refused(own, tmp_path / "missing.jsonl", [good, bad({"kind": "stdin", "input": "1\n"})], 1, "tests[1].output", "missing: a stdin test needs the output")
    refused(own, tmp_path / "null.jsonl", [good, bad({"kind": "stdin", "input": "1\n", "output": None})], 1, "tests[1].output", "is null")
    mapped = lambda p: load_file(p, columns={"id": "name", "question": "q", "tests": "checks"})
    refused(mapped, tmp_path / "mapped.jsonl", [{"name": "m", "q": "Echo.", "checks": [{"kind": "stdin", "input": "1"}]}], 0, "checks[0].output", "missing")
    io = lambda p: load_file(p, columns={"question": "q", "inputs": "ins", "outputs": "outs"})
    refused(io, tmp_path / "io.jsonl", [{"q": "Echo.", "ins": ["1\n", "2\n"], "outs": ["1\n", None]}], 0, "ins.tests[1]", "got NoneType")
    refused(io, tmp_path / "short.jsonl", [{"q": "Echo.", "ins": ["1\n", "2\n"], "outs": ["1\n"]}], 0, "ins", "2 inputs but 1 outputs")
    taco = rows_of("taco.jsonl")
    stdin_row = next(r for r in taco if "fn_name" not in json.loads(r["input_output"]))
    refused(lambda p: load_problems("taco", p), tmp_path / "taco.jsonl",
            [dict(stdin_row, input_output=json.dumps({"inputs": ["1\n"], "outputs": [None]}))], 0, "input_output.tests[0]", "got NoneType")
    lcb = rows_of("livecodebench.jsonl")
    stdin_lcb = next(r for r in lcb if "func_name" not in json.loads(r["metadata"] or "{}"))
    refused(lambda p: load_problems("livecodebench", p), tmp_path / "lcb.jsonl",
            [dict(stdin_lcb, public_test_cases=json.dumps([{"input": "1\n", "testtype": "stdin"}]))], 0, "public_test_cases[0].output", "missing")
    # a Parquet file in the library's own schema, and a problems dataset, where Arrow keeps the null
    rec = {**bad({"kind": "stdin", "input": "1\n", "output": None, "fn_name": None, "code": "", "entry_point": None}),
           "starter_code": "", "solutions": [], "source": "", "difficulty": None, "metadata": "{}"}
    rec["tests"][0].update(fn_name=None, code="", entry_point=None)
    write_parquet(tmp_path / "own.parquet", [rec], problem_features())
    refused(own, tmp_path / "own.parquet", [], 0, "tests[1].output", "is null")
    import datasets
    with pytest.raises(DataError) as e: problems_from_dataset(datasets.Dataset.from_list([rec], features=problem_features()))
    assert (e.value.row, e.value.field) == (0, "tests[1].output")
    # "" given as such stays; the bundled sample and the fixtures still load
    write_jsonl(tmp_path / "quiet.jsonl", [bad({"kind": "stdin", "input": "q\n", "output": ""})])
    (p,) = load_problems("file", tmp_path / "quiet.jsonl")
    assert p.tests[1].output == ""
    assert all(t.output for p in load_problems("sample") for t in p.tests)
