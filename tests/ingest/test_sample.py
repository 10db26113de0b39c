"""The generated corpus: deterministic, varied, realistic, and its truth consistent with its files."""

import json
from collections import Counter

from ingest.sample import generate_corpus
from ingest.sample.people import _ID_CHECK, _ID_WEIGHTS
from ingest.sources import SourceRecord, read_file
from nlp.casenumber import find_case_numbers


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    generate_corpus(tmp_path / "a", 8, seed=3)
    generate_corpus(tmp_path / "b", 8, seed=3)
    generate_corpus(tmp_path / "c", 8, seed=4)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_truth_is_consistent_and_varied(sample_corpus):
    truth = [json.loads(line) for line in (sample_corpus / ".truth.jsonl").open(encoding="utf-8")]
    on_disk = {p.name for p in (sample_corpus / "documents").iterdir()}
    listed = {d["file"] for t in truth for d in t["documents"] if "#" not in d["file"]}
    assert listed == on_disk
    exported = Counter(d["file"].split("#")[0] for t in truth for d in t["documents"] if "#" in d["file"])
    assert exported["execution_records.jsonl"] == sum(
        1 for _ in (sample_corpus / "execution_records.jsonl").open(encoding="utf-8")
    )
    rows = [r for r in read_file(sample_corpus / "mediation_records.xlsx", 10**8)]
    assert exported["mediation_records.xlsx"] == len(rows) and all(isinstance(r, SourceRecord) for r in rows)
    for field in ("province", "occupation", "employment_mode", "platform"):
        assert len({t[field] for t in truth}) >= 3, field
    assert {p.suffix for p in (sample_corpus / "documents").iterdir()} == {".txt", ".docx", ".html", ".pdf"}
    kinds = Counter(d["kind"] for t in truth for d in t["documents"])
    assert set(kinds) == {"arbitration_award", "judgment", "hearing_note", "mediation_record", "execution_record"}
    claims = [c for t in truth for c in t["claims"]]
    divergent = [c for c in claims if c["divergence"]]
    assert 0.05 < len(divergent) / len(claims) < 0.6
    assert len({c["divergence"] for c in divergent}) >= 3
    assert any(not t["worker_sues"] for t in truth if "first_instance" in t["case_numbers"])
    for t in truth:
        for n in t["case_numbers"].values():
            assert find_case_numbers(n), n


def test_parties_written_as_real_documents_with_valid_identifiers(sample_corpus):
    award = next(p for p in (sample_corpus / "documents").iterdir() if p.name.endswith("arbitration_award.txt"))
    raw = award.read_bytes()
    text = raw.decode("utf-8") if raw.isascii() or _is_utf8(raw) else raw.decode("gb18030")
    line = next(ln for ln in text.splitlines() if ln.startswith("申请人："))
    assert all(k in line for k in ("出生", "公民身份号码", "住", "联系电话"))
    id_number = line.split("公民身份号码")[1][:18]
    assert _ID_CHECK[sum(int(c) * w for c, w in zip(id_number[:17], _ID_WEIGHTS)) % 11] == id_number[17]
    assert "统一社会信用代码" in text and "法定代表人" in text


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
