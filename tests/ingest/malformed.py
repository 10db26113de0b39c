"""A generated corpus of malformed inputs, each with what ingest must do with it.

Expectations: "quarantine" (no document, a reason containing `hint`), "ingest" (documents, no quarantine), "mixed"
(some of each: bad lines or members alone), "either" (damaged files a reader may recover: quarantined with a reason,
or ingested with the original's text; a byte damaged inside the text itself reads as another character, which no
reader can tell, so most lines, not all, must be the original's)."""

from __future__ import annotations

import codecs
import io
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl

from ingest.sample.generator import iter_documents
from ingest.sample.pdf import pdf_bytes


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # quarantine | ingest | mixed | either
    hint: str = ""  # a word the quarantine reason must contain
    original: str | None = None  # text the document was made from, for "either"


def write_malformed(out: Path, *, seed: int = 7, max_file_bytes: int) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = [text for _, _, text in iter_documents(40, seed=seed)]
    cases: list[Case] = []
    serial = iter(range(1, 10**6))

    def add(stem: str, suffix: str, data: bytes, expect: str, hint: str = "", original: str | None = None) -> None:
        name = f"{next(serial):03d}-bad-{stem}{suffix}"
        (out / name).write_bytes(data)
        cases.append(Case(name, expect, hint, original))

    def text(i: int) -> str:  # a distinct text per case, so no case is taken for another's duplicate
        return f"{texts[i % len(texts)]}\n（编号 M{i:04d}）"

    # Truncated and corrupt Word, PDF, ZIP and Excel files.
    for i in range(12):
        original = text(i)
        whole = _docx(original)
        add("truncated", ".docx", whole[: rng.randrange(10, len(whole) - 10)], "quarantine", "docx")
        add("corrupt", ".docx", _flip(whole, rng, 40), "either", original=original)
        pdf = pdf_bytes(original)
        add("truncated", ".pdf", pdf[: rng.randrange(20, len(pdf) - 20)], "either", original=original)
        add("corrupt", ".pdf", _flip(pdf, rng, 60), "either", original=original)
        archive = _zip({f"doc{i}.txt": original.encode()})
        add("truncated", ".zip", archive[: rng.randrange(5, len(archive) - 5)], "quarantine", "zip")
        book = _xlsx([["案号", "text"], [f"（2024）京0105民初{i}号", original]])
        add("truncated", ".xlsx", book[: rng.randrange(10, len(book) - 10)], "quarantine", "xlsx")
    add("not-a-docx", ".docx", "这不是Word文档".encode(), "quarantine", "docx")
    add("no-body", ".docx", _zip({"word/styles.xml": b"<w:styles/>"}), "quarantine", "docx")
    add("scan", ".pdf", pdf_bytes(""), "quarantine", "no text layer")
    add("not-a-pdf", ".pdf", b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(500)), "quarantine", "pdf")
    add("encrypted-looking", ".pdf", b"%PDF-1.7\n1 0 obj << /Encrypt 2 0 R >> endobj\n%%EOF", "quarantine", "pdf")

    # Archives: bombs, traversal, nesting, too many members; good members beside bad ones still arrive.
    for i in range(5):
        add("bomb", ".zip", _zip({"big.txt": b"0" * (4_000_000 + i)}), "quarantine", "zip bomb")
    for i, evil in enumerate(
        [
            "../../etc/passwd.txt",
            "/etc/cron.d/x.txt",
            "a/../../b.txt",
            "..\\..\\win.txt",
            "C:\\Windows\\x.txt",
            "ok/../../../up.txt",
        ]
    ):
        add(
            "traversal",
            ".zip",
            _zip({evil: text(100 + i).encode(), f"fine{i}.txt": text(200 + i).encode()}),
            "mixed",
            "unsafe member path",
        )
    add(
        "nested",
        ".zip",
        _zip({"inner.zip": _zip({"x.txt": text(300).encode()}), "top.txt": text(301).encode()}),
        "mixed",
        "nested archive",
    )
    add("many-members", ".zip", _zip({f"m{j}.xyz": b"x" for j in range(10_001)}), "quarantine", "members")
    add("empty", ".zip", _zip({}), "quarantine", "")

    # Binary junk under text names, and text with control characters.
    for _ in range(25):
        junk = bytes(rng.randrange(256) for _ in range(rng.choice([16, 300, 5_000, 60_000])))
        add("junk", rng.choice([".txt", ".html", ".jsonl", ".csv"]), junk, "quarantine", "")
    for i in range(10):
        body = text(400 + i)
        noisy = "".join(ch + (chr(rng.randrange(1, 8)) if rng.random() < 0.2 else "") for ch in body)
        add("control-chars", ".txt", noisy.encode(), "quarantine", "control characters")
    for i in range(5):
        body = text(420 + i)
        add("few-control-chars", ".txt", (body[:50] + "\x07" + body[50:]).encode(), "ingest")
        other = text(430 + i)
        add("nul-in-text", ".txt", codecs.BOM_UTF8 + (other[:80] + "\x00" + other[80:]).encode(), "ingest")

    # Encodings: each readable one arrives; a file mixing two is read as whichever decodes, never crashes.
    for i in range(5):
        add("gbk", ".txt", text(500 + i).encode("gbk", errors="ignore"), "ingest")
        add("utf16-bom", ".txt", text(510 + i).encode("utf-16"), "ingest")
        add("utf16le-nobom", ".txt", text(520 + i).encode("utf-16-le"), "ingest")
        add("utf8-bom", ".txt", codecs.BOM_UTF8 + text(530 + i).encode(), "ingest")
        body = text(540 + i)
        half = body.index("\n", len(body) // 2) + 1
        add("mixed-encoding", ".txt", body[:half].encode() + body[half:].encode("gb18030"), "ingest")

    # HTML with scripts, handlers and broken markup: text only, never the script.
    for i in range(10):
        body = text(600 + i)
        paragraphs = "".join(f"<p onclick=\"alert('x{i}')\">{line}</p>" for line in body.splitlines())
        markup = rng.choice(
            [
                f"<html><head><script>alert('{i}')</script></head><body>{paragraphs}<script>steal()</script></body>",
                f"<body><style>p{{}}</style>{paragraphs}<iframe src=javascript:alert(1)></iframe><!-- <p>注释</p> -->",
                f"<div>{paragraphs}<p>未闭合<b>粗体<i>斜体",
            ]
        )
        add("scripted", ".html", markup.encode(), "ingest")
    add("only-script", ".html", b"<html><script>document.write('x')</script></html>", "quarantine", "no visible text")

    # JSON Lines and CSV: bad lines and rows quarantined alone, or the whole file when nothing can be read.
    for i in range(10):
        good = [json.dumps({"text": text(700 + 3 * i + k)}, ensure_ascii=False) for k in range(2)]
        bad = rng.choice(['{"text": "未闭合', '["数组"]', '{"title": "没有正文"}', "not json at all", '{"text": 42}'])
        add("broken-lines", ".jsonl", "\n".join([good[0], bad, good[1]]).encode(), "mixed", "")
    add("broken-array", ".json", b'[{"text": "a"}, {"text": ', "quarantine", "invalid JSON")
    for i in range(6):
        add("no-text-column", ".csv", f"案号,法院\n（2024）京0105民初{i}号,朝阳法院\n".encode(), "quarantine", "column")
    for i in range(6):
        rows = f"案号,text\n（2024）京0105民初{i}号,{text(800 + i).replace(chr(10), ' ')}\n仅一列\n,,,,\n"
        add("ragged", ".csv", rows.encode(), "mixed", "")
    add("header-only", ".csv", "案号,text\n".encode(), "quarantine", "")

    # Text that is not a judgment: no case number, too short, extreme lengths.
    for i in range(10):
        add(
            "no-case-number",
            ".txt",
            f"申请人陈述：我在平台送外卖三年，每天工作十个小时，站点扣罚严重。（{i}）".encode(),
            "ingest",
        )
    add("one-char", ".txt", "裁".encode(), "ingest")
    add("whitespace", ".txt", b" \n\t\r\n  ", "quarantine", "no text")
    add("empty", ".txt", b"", "quarantine", "empty file")
    add("empty", ".docx", b"", "quarantine", "empty file")
    add("empty", ".pdf", b"", "quarantine", "empty file")
    add("long-line", ".txt", ("劳动争议" * 250_000 + "（长行）").encode(), "ingest")
    add("many-lines", ".txt", "\n".join(f"第{j}行" for j in range(100_000)).encode(), "ingest")
    add("too-large", ".txt", b"", "quarantine", "too large")
    with open(out / cases[-1].name, "wb") as f:  # sparse: over the limit without writing 50 MB
        f.truncate(max_file_bytes + 1)
    add("unsupported", ".exe", b"MZ\x90\x00", "quarantine", "unsupported format")
    add("unsupported", "", b"no extension", "quarantine", "unsupported format")
    return cases


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    """n random bytes overwritten in the file's middle half (headers intact, content damaged)."""
    out = bytearray(data)
    for _ in range(n):
        out[rng.randrange(len(out) // 4, 3 * len(out) // 4)] = rng.randrange(256)
    return bytes(out)
