"""The `caishen` command end to end, as a user runs it: real subprocesses, a real server."""

import argparse
import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import docx
import pytest

from app.cli import build_parser, main
from config import load_settings
from store.db import downgrade, upgrade
from tests.conftest import shared_file
from tests.english import english_in

CAISHEN = Path(sys.executable).with_name("caishen")


def caishen(*args, env, check=True):
    result = subprocess.run([str(CAISHEN), *args], env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"caishen {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "CAISHEN_DATA_DIR": str(tmp_path / "var")}


@pytest.fixture(scope="module")
def initialised_data_dir(tmp_path_factory) -> str:
    """An empty database with its schema (made in process), shared by the tests whose commands only read it."""
    data_dir = tmp_path_factory.mktemp("cli") / "var"
    upgrade(load_settings(env={"CAISHEN_DATA_DIR": str(data_dir)}))
    return str(data_dir)


def in_process(monkeypatch, capsys, env, *args) -> str:
    """A command run by main() in this process, on `env`'s data directory: its standard output. For the steps whose
    process is not what is tested: each one a subprocess costs seconds of start-up (their command groups all run as
    real subprocesses here or in test_faults)."""
    monkeypatch.setenv("CAISHEN_DATA_DIR", env["CAISHEN_DATA_DIR"])
    capsys.readouterr()
    returned, out = main(list(args)), capsys.readouterr()
    assert returned == 0, f"caishen {' '.join(args)} returned {returned}: {out.err}"
    return out.out


def test_generate_ingest_search_reingest(tmp_path, env, monkeypatch, capsys):
    corpus = tmp_path / "c"
    caishen("sample-corpus", str(corpus), "--disputes", "50", env=env)
    in_process(monkeypatch, capsys, env, "init-db")  # as a subprocess in test_serve_answers_on_the_printed_address
    first = caishen("ingest", str(corpus), "--report", str(tmp_path / "r.json"), env=env)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["documents_new"] > 100 and f"新增 {report['documents_new']} 篇" in first.stdout

    found = json.loads(caishen("search", "骑手", "--json", env=env).stdout)
    assert found["total"] > 0 and found["hits"]
    assert all(any("<mark>骑手</mark>" in h for h in hit["highlights"]) for hit in found["hits"])

    again = in_process(monkeypatch, capsys, env, "ingest", str(corpus))
    assert "新增 0 篇" in again

    filtered = json.loads(
        in_process(monkeypatch, capsys, env, "search", "劳动关系", "--filter", "kind=arbitration_award", "--json")
    )
    assert filtered["hits"] and {h["kind"] for h in filtered["hits"]} == {"arbitration_award"}

    case = tmp_path / "案情.txt"
    case.write_text("外卖骑手由站点排班考勤，迟到罚款。现请求确认劳动关系并支付加班费。", encoding="utf-8")
    similar = json.loads(caishen("similar", "--file", str(case), "--limit", "3", "--json", env=env).stdout)
    assert len(similar["hits"]) == 3 and "确认劳动关系" in similar["claim_types"]
    report = tmp_path / "类案检索报告.docx"
    shown = json.loads(
        in_process(
            monkeypatch,
            capsys,
            env,
            "similar",
            "--file",
            str(case),
            "--limit",
            "3",
            "--year-from",
            "2015",
            "--report",
            str(report),
            "--json",
        )
    )
    document = docx.Document(report)
    written = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert len(shown["hits"]) == 3 and all((h["case_number"] or "（无案号）") in written for h in shown["hits"])
    assert "相似度" in in_process(monkeypatch, capsys, env, "similar", "--text", "骑手排班考勤", "--limit", "2")
    # Its errors: in test_errors_are_one_clear_chinese_line.

    # Ingest compared the claims; statistics and the export agree on how many diverge.
    stats = json.loads(caishen("stats", "--by", "employment_mode", "--json", env=env).stdout)
    assert stats["rows"] and all(0 <= r["rate"] <= 1 for r in stats["rows"])
    divergent = sum(r["divergent"] for r in stats["rows"])
    out = tmp_path / "d.csv"
    caishen("export", "divergences", str(out), "--where", "divergent=true", env=env)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert divergent > 0 and len(list(csv.DictReader(fh))) == divergent


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["ingest", "/no/such/folder"], 1, "文件或文件夹不存在：/no/such/folder"),
        (["search", "x", "--filter", "kind"], 1, "--filter 须写成 字段=取值"),
        (["stats", "--where", "year=soon"], 1, "year=soon：年份须为数字"),
        (["export", "divergences", "/no/such/folder/d.csv"], 1, "文件夹 /no/such/folder 不存在"),
        (["score", "--set", "hours_per_day=lots"], 1, "要素 hours_per_day 须为数字"),
        (["score", "--dispute-id", "99999"], 1, "案件链 99999 不存在"),
        (["score"], 1, "请给出 --dispute-id"),
        (["ingest-side", "/no/such/folder"], 1, "文件或文件夹不存在"),
        (["dispute", "show", "no number"], 1, "不是可识别的案号"),
        (["dispute", "show", "99999"], 1, "案件链 99999 不存在"),  # a bare number is a dispute's
        (["similar", "--text", "骑手", "--outcome", "won"], 1, "--outcome"),
        (["similar", "--file", "/no/such/案情.txt"], 1, "文件不存在"),
    ],
)
def test_errors_are_one_clear_chinese_line(initialised_data_dir, monkeypatch, capsys, args, code, message):
    """In process (a subprocess a row would cost seconds of start-up): the line main() prints, and its exit code."""
    monkeypatch.setenv("CAISHEN_DATA_DIR", initialised_data_dir)
    returned, err = main(args), capsys.readouterr().err
    assert returned == code and err.startswith("caishen 出错：") and message in err
    assert err.count("\n") == 1 and english_in(err) is None, err


def test_score_from_inputs_and_text(env):
    given = json.loads(
        caishen(
            "score",
            "--set",
            "hours_per_day=11",
            "--set",
            "attendance=yes",
            "--set",
            "refuse_orders=no",
            "--json",
            env=env,
        ).stdout
    )
    assert given["band"] == "labor" and given["changes"]["hours_per_day"] == "11"
    read = json.loads(
        caishen("score", "--text", "主播直播时间由其自主决定，收益按比例分成。", "--json", env=env).stdout
    )
    assert read["band"] != "labor"
    assert {f["name"] for f in read["factors"] if f["source"] == "text"} >= {"management", "pay"}


def test_commands_before_init_db_say_what_to_do(env, tmp_path):
    (tmp_path / "a.txt").write_text("调解笔录", encoding="utf-8")
    result = caishen("ingest", str(tmp_path / "a.txt"), env=env, check=False)
    assert result.returncode == 1 and "caishen init-db" in result.stderr


def test_bad_setting_exits_2(env):
    result = caishen("summary", env={**env, "CAISHEN_SEARCH_BACKEND": "solr"}, check=False)
    assert result.returncode == 2 and "CAISHEN_SEARCH_BACKEND" in result.stderr


def test_serve_answers_on_the_printed_address(env):
    caishen("init-db", env=env)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(CAISHEN), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert f"http://127.0.0.1:{port}/" in server.stdout.readline()
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q={quote('骑手')}") as r:
                    body, landed = r.read().decode("utf-8"), r.url
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        # Searching needs a signed-in user: the server answers with the sign-in page.
        assert "/login?next=" in landed and "裁审" in body and 'name="password"' in body
        # ...from one of two worker processes (gunicorn's, forked by the server)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        assert len(children) == 2
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_out_of_date_schema_says_to_upgrade(env):
    upgrade(load_settings(env=env))  # in process: what is tested is the command run on the old schema
    downgrade(load_settings(env=env), "0002")
    result = caishen("summary", env=env, check=False)
    assert result.returncode == 1 and "请运行 caishen init-db 升级" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_without_serving_ingests_and_trains_the_element_model(tmp_path, env):
    """The README's first command, smaller: the corpus is generated and ingested, and with the shared labelled data
    beside the checkout the element classifier is trained so that pages label with it."""
    shared_file("cail2019_labor_elements.dev.jsonl")
    out = caishen("demo", "--no-serve", "--disputes", "12", env=env).stdout
    summary = json.loads(out[out.index("{\n") : out.index("\n}") + 2])
    assert summary["disputes"] == 12 and summary["documents"] > 24
    assert (tmp_path / "var" / "models" / "elements.pkl").is_file()
    labelled = json.loads(caishen("elements", "--text", "原告要求被告支付加班费3000元。", env=env).stdout)
    assert labelled["model"] == "classifier"


def _commands(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(build_parser()))


def _prose(text: str) -> str:
    """Text with what a reader types taken out: choices ({csv,xlsx,parquet}), quoted values ('init-db') and paths."""
    return re.sub(r"\{[^}]*\}|'[^']*'|[\w.]*/[\w./]*", "", text)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "caishen")
def test_every_command_and_option_is_described_in_chinese(path, capsys):
    """`caishen … --help` in process, for every command and sub-command: each option, argument and command listed
    has its description, and argparse's own words are Chinese too."""
    with pytest.raises(SystemExit) as ended:
        main([*path, "--help"])
    shown = capsys.readouterr().out
    parser = COMMANDS[path]
    assert ended.value.code == 0 and shown.startswith(" ".join(("用法：caishen", *path)))
    assert parser.description and parser.description in " ".join(shown.split())
    for action in parser._actions:
        described = [action.help, *(c.help for c in getattr(action, "_choices_actions", []))]
        assert all(h and h != argparse.SUPPRESS for h in described), action.option_strings or action.dest
    assert english_in(_prose(shown)) is None, english_in(_prose(shown))
    assert not {"usage:", "options:", "positional arguments", "show this help"} & set(
        re.findall(r"usage:|options:|positional arguments|show this help", shown)
    )


@pytest.mark.parametrize(
    "args,detail",
    [
        (["nosuch"], "取值无效：'nosuch'"),
        (["search"], "缺少参数：query"),
        (["search", "x", "--limit", "many"], "参数 --limit：取值无效"),
        (["similar", "--text", "骑手", "--doc-id", "1"], "不能与参数 --text 同时使用"),
        (["export", "divergences", "d.csv", "--format", "pdf"], "可选：'csv', 'xlsx', 'parquet'"),
    ],
)
def test_usage_errors_are_chinese(args, detail, capsys):
    with pytest.raises(SystemExit) as ended:
        main(args)
    *usage, error = capsys.readouterr().err.splitlines()
    assert ended.value.code == 2 and usage[0].startswith("用法：caishen")
    assert error.startswith("caishen 出错：") and detail in error and english_in(_prose(error)) is None, error
