"""Readers: each format made here, each kind of bad input quarantined with a reason naming the file."""

import codecs
import io
import json
import zipfile

import docx
import pytest

from ingest.sample.pdf import pdf_bytes
from ingest.sources import SourceError, SourceRecord, iter_files, read_file

TEXT = "北京市朝阳区人民法院\n民事判决书\n（2023）京0105民初12345号\n原告张三与被告闪达网络科技有限公司劳动争议一案。"
LIMIT = 10**7


def read_all(path, limit=LIMIT):
    return list(read_file(path, limit))


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("utf-16", TEXT.encode("utf-16")),
        ("utf-8+gb18030", TEXT[:16].encode() + TEXT[16:].encode("gb18030")),  # one file pieced from two
    ],
)
def test_txt_encodings(tmp_path, encoding, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    (record,) = read_all(path)
    assert isinstance(record, SourceRecord)
    assert record.text == TEXT and record.encoding == encoding and record.format == "txt"


def test_html_drops_scripts_and_styles(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>t</title><style>p{color:red}</style><script>alert('x')</script></head>"
        "<body><p>民事判决书</p><div>原告&amp;被告<br>劳动争议</div><script>var a=1;</script></body></html>",
        encoding="utf-8",
    )
    (record,) = read_all(path)
    assert record.text == "民事判决书\n原告&被告\n劳动争议"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("庭审要点")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "案号", "京朝劳人仲字〔2023〕第1号"
    document.add_paragraph("各方对庭审要点无异议。")
    path = tmp_path / "note.docx"
    document.save(str(path))
    (record,) = read_all(path)
    assert record.text == "庭审要点\n案号\t京朝劳人仲字〔2023〕第1号\n各方对庭审要点无异议。"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_body(body: str, doctype: str = "") -> bytes:
    """A package with only a main part, written by hand to hold what python-docx cannot easily write."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "word/document.xml", f'<?xml version="1.0"?>{doctype}<w:document {_W}><w:body>{body}</w:body></w:document>'
        )
    return buf.getvalue()


@pytest.mark.parametrize(
    "body,expected",
    [
        # A run with a tab and a line break; a linked run; a tracked insertion (deleted text stays out).
        ("<w:p><w:r><w:t>案号</w:t><w:tab/><w:t>第1号</w:t><w:br/><w:t>次行</w:t></w:r></w:p>", "案号\t第1号\n次行"),
        ("<w:p><w:r><w:t>见</w:t></w:r><w:hyperlink><w:r><w:t>裁决书</w:t></w:r></w:hyperlink></w:p>", "见裁决书"),
        (
            "<w:p><w:ins><w:r><w:t>补充</w:t></w:r></w:ins><w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>",
            "补充",
        ),
        # Court templates keep whole paragraphs inside content controls.
        ("<w:sdt><w:sdtContent><w:p><w:r><w:t>本院认为</w:t></w:r></w:p></w:sdtContent></w:sdt>", "本院认为"),
        # A cell of two paragraphs.
        (
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "甲\n乙\t丙",
        ),
    ],
)
def test_docx_runs_and_blocks(tmp_path, body, expected):
    path = tmp_path / "d.docx"
    path.write_bytes(_docx_body(body))
    (record,) = read_all(path)
    assert record.text == expected


def test_docx_entities_are_not_expanded(tmp_path):
    path = tmp_path / "xxe.docx"
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容")
    path.write_bytes(
        _docx_body("<w:p><w:r><w:t>正文&x;</w:t></w:r></w:p>", f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>')
    )
    items = read_all(path)
    assert "机密" not in repr(items)


def test_jsonl_bad_lines_quarantined_alone(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"text": "调解笔录一", "court": "某院"}, ensure_ascii=False),
                "{broken json",
                json.dumps({"title": "no text"}, ensure_ascii=False),
                json.dumps(["not", "an", "object"]),
                json.dumps({"text": "调解笔录二"}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    items = read_all(path)
    good = [i for i in items if isinstance(i, SourceRecord)]
    bad = [i for i in items if isinstance(i, SourceError)]
    assert [(g.text, g.member, g.metadata) for g in good] == [
        ("调解笔录一", "line 1", {"court": "某院"}),
        ("调解笔录二", "line 5", {}),
    ]
    assert [(b.member, b.path) for b in bad] == [("line 2", str(path)), ("line 3", str(path)), ("line 4", str(path))]
    assert "invalid JSON" in bad[0].reason and '"text"' in bad[1].reason and "not a JSON object" in bad[2].reason


def test_json_array(tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": "甲"}, {"text": "乙"}], ensure_ascii=False), encoding="utf-8")
    assert [r.text for r in read_all(path)] == ["甲", "乙"]


def _corrupt_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not-really-docx")
    return buf.getvalue()


BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t ", "no text"),
    ("junk.txt", bytes(range(256)) * 40, "binary content"),
    ("scan.xyz", b"data", "unsupported format .xyz"),
    ("noext", b"data", "unsupported format (no extension)"),
    ("broken.docx", b"PK\x03\x04 truncated", "cannot read docx file"),
    ("fake.docx", _corrupt_docx(), "cannot read docx file"),
    ("empty.html", b"<html><script>x()</script></html>", "no visible text"),
    ("bad.json", b'[{"text": ', "invalid JSON"),
]


@pytest.mark.parametrize("name,data,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = read_all(path)
    assert isinstance(item, SourceError)
    assert reason in item.reason and item.path == str(path)
    assert str(path) in str(item)


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("劳动争议" * 1000, encoding="utf-8")
    (item,) = read_all(path, limit=100)
    assert isinstance(item, SourceError) and "too large" in item.reason


def test_missing_file(tmp_path):
    (item,) = read_all(tmp_path / "gone.txt")
    assert isinstance(item, SourceError) and "cannot open" in item.reason


def test_iter_files_is_sorted_and_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/c.txt", ".truth.jsonl", ".hidden/d.txt", "a/.e.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])] == ["a/c.txt", "b.txt"]


def test_pdf_text_layer_and_scans(tmp_path):
    good, scan = tmp_path / "award.pdf", tmp_path / "scan.pdf"
    good.write_bytes(pdf_bytes("\n".join(TEXT for _ in range(20))))  # more than a page
    scan.write_bytes(pdf_bytes(""))
    (record,) = read_all(good)
    assert record.format == "pdf" and record.text == "\n".join(TEXT for _ in range(20))
    (error,) = read_all(scan)
    assert isinstance(error, SourceError) and error.reason == "no text layer (scanned?)"


def test_csv_rows_with_metadata_and_bad_rows(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes(
        "案号,内容,法院\n（2023）京0105民初1号,庭审要点：双方确认入职时间,朝阳法院\n（2023）京0105民初2号,,朝阳法院\n".encode(
            "gb18030"
        )
    )
    good, bad = read_all(path)
    assert (good.text, good.member, good.metadata) == (
        "庭审要点：双方确认入职时间",
        "row 2",
        {"案号": "（2023）京0105民初1号", "法院": "朝阳法院"},
    )
    assert isinstance(bad, SourceError) and bad.member == "row 3"


def test_table_without_a_text_column_names_its_columns(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("案号,法院\n1,2\n", encoding="utf-8")
    (error,) = read_all(path)
    assert "no text column" in error.reason and "案号, 法院" in error.reason


def test_xlsx_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "执行"
    sheet.append(["执行案号", "text"])
    sheet.append(["（2024）京0105执77号", "执行情况：被执行人已全部履行"])
    path = tmp_path / "exec.xlsx"
    book.save(path)
    (record,) = read_all(path)
    assert (record.text, record.member, record.metadata) == (
        "执行情况：被执行人已全部履行",
        "sheet 执行 row 2",
        {"执行案号": "（2024）京0105执77号"},
    )


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_members_keep_provenance_and_bad_members_are_refused_alone(tmp_path):
    inner = _zip({"x.txt": TEXT.encode()})
    path = tmp_path / "batch.zip"
    path.write_bytes(
        _zip(
            {
                "a/award.txt": TEXT.encode("gb18030"),
                "rows.jsonl": json.dumps({"text": "调解笔录"}, ensure_ascii=False).encode(),
                "../../etc/evil.txt": b"x",
                "bomb.txt": b"0" * 5_000_000,
                "inner.zip": inner,
                "junk.bin": b"\x00\x01",
                ".DS_Store": b"",
            }
        )
    )
    items = read_all(path)
    good = {(i.member, i.text[:4]) for i in items if isinstance(i, SourceRecord)}
    bad = {i.member: i.reason for i in items if isinstance(i, SourceError)}
    assert good == {("a/award.txt", TEXT[:4]), ("rows.jsonl line 1", "调解笔录")}
    assert "unsafe member path" in bad["../../etc/evil.txt"]
    assert "zip bomb" in bad["bomb.txt"]
    assert "nested archive" in bad["inner.zip"]
    assert "unsupported format .bin" in bad["junk.bin"]
    assert all(i.path == str(path) for i in items)
