"""The command line: `vnpolitics annotate` and `vnpolitics info`."""
import gzip
import io
import json
import subprocess
import sys

import pytest

from vnpolitics.cli import main

from conftest import SAMPLE


def run_cli(args, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_the_sample_prints_one_record(capsys):
    code, out, err = run_cli(["annotate", str(SAMPLE)], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 1 and records[0]["id"] == "haiphong-2024-06-15"
    assert sum(e["label"] == "DOC_CODE" for e in records[0]["entities"]) == 11
    assert records[0]["article"]["title"].startswith("Tăng cường phát triển Đảng")


def test_annotate_stdin_raw_text_and_fields(capsys, monkeypatch):
    code, out, _ = run_cli(["annotate", "-", "--fields", "entities"], capsys,
                           stdin="Kết luận số 01-KL/TW của Bộ Chính trị.", monkeypatch=monkeypatch)
    record = json.loads(out)
    assert code == 0 and set(record) == {"schema", "id", "text", "entities", "errors"}
    assert record["entities"][0]["text"] == "01-KL/TW"


def test_annotate_jsonl_with_fields_to_a_gzip_file(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"ma": "a1", "noi_dung": "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị."},
        {"ma": "a2", "noi_dung": "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ."},
    ]), encoding="utf-8")
    out = tmp_path / "out.jsonl.gz"
    code, _, _ = run_cli(["annotate", str(source), "--text-field", "noi_dung", "--id-field", "ma", "-o", str(out)], capsys)
    with gzip.open(out, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    assert code == 0 and [r["id"] for r in records] == ["a1", "a2"]
    assert [[e["text"] for e in r["entities"] if e["label"] == "DOC_CODE"] for r in records] == [["05-CT/TW"], ["749/QĐ-TTg"]]


def test_a_bad_line_is_reported_and_the_rest_annotated(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "ok", "text": "Bộ Chính trị họp."}\n{not json\n{"id": "ok2", "text": "Hải Phòng."}\n', encoding="utf-8")
    code, out, err = run_cli(["annotate", str(source)], capsys)
    assert [json.loads(l)["id"] for l in out.splitlines()] == ["ok", "ok2"]
    assert code == 1 and "in.jsonl:2" in err
    code, _, _ = run_cli(["annotate", str(source), "--allow-errors"], capsys)
    assert code == 0


def test_missing_input_is_one_clear_line(capsys):
    code, _, err = run_cli(["annotate", "no/such/file.txt"], capsys)
    assert code == 2 and err.strip() == "vnpolitics annotate: error: no/such/file.txt: no such file or folder"


def test_info_lists_the_pipeline(capsys):
    code, out, _ = run_cli(["info", "--json"], capsys)
    info = json.loads(out)
    assert code == 0 and info["pipeline"][:2] == ["tokenizer", "vnp_tagger"]


def test_the_installed_command_runs():
    result = subprocess.run(["vnpolitics", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "annotate" in result.stdout
