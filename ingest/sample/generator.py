"""Write a deterministic demo corpus (txt in UTF-8 and GB18030, docx, html, pdf; execution records as a jsonl export,
mediation records as an xlsx export) and its ground truth."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Iterator

import docx
import openpyxl

from ingest.sample import documents as D
from ingest.sample.pdf import pdf_bytes
from ingest.sample.people import vocabulary
from ingest.sample.scenario import DEPARTURE_CLAIMS, Scenario, make_scenario

TRUTH_FILE = ".truth.jsonl"  # hidden: ingest skips dot-files, so the truth is never ingested as a document
EXECUTION_FILE = "execution_records.jsonl"
MEDIATION_FILE = "mediation_records.xlsx"  # a commission's case system export: one row per record
FIXED_TIME = datetime(2024, 1, 1)
_FORMATS = [("txt-utf8", 0.42), ("txt-gb18030", 0.15), ("docx", 0.23), ("html", 0.12), ("pdf", 0.08)]


@dataclass(frozen=True)
class CorpusSummary:
    disputes: int
    documents: int
    files: int
    by_kind: dict
    truth_path: Path


def generate_corpus(out_dir: str | Path, disputes: int, seed: int = 0) -> CorpusSummary:
    """Generate `disputes` disputes into out_dir; the same seed always gives the same bytes."""
    out = Path(out_dir)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocab = vocabulary()
    by_kind: dict[str, int] = {}
    files = 0
    book = openpyxl.Workbook(write_only=True)  # rows stream to disk: a large corpus stays small in memory
    mediations = book.create_sheet("调解笔录")
    mediations.append(["案号", "仲裁机构", "text"])
    with (
        open(out / TRUTH_FILE, "w", encoding="utf-8") as truth,
        open(out / EXECUTION_FILE, "w", encoding="utf-8") as executions,
    ):
        for key in range(1, disputes + 1):
            sc = make_scenario(rng, key, vocab)
            docs = _documents(sc, rng)
            written = []
            for kind, stage, text in docs:
                if kind == "execution_record":
                    executions.write(
                        json.dumps({"text": text, "source": "执行案件管理系统导出", "dispute": key}, ensure_ascii=False)
                        + "\n"
                    )
                    name = f"{EXECUTION_FILE}#{key}"
                elif kind == "mediation_record":
                    mediations.append([sc.numbers["arbitration"], sc.region["commission"], text])
                    name = f"{MEDIATION_FILE}#{key}"
                    rng.random()  # the format draw a file would take: the export changed no other document
                else:
                    name = _write(out / "documents", f"{key:05d}_{len(written) + 1}_{kind}", text, rng)
                    files += 1
                written.append({"file": name, "kind": kind, "stage": stage, "case_number": sc.numbers.get(stage)})
                by_kind[kind] = by_kind.get(kind, 0) + 1
            truth.write(json.dumps(_truth(sc, written), ensure_ascii=False) + "\n")
    buffer = io.BytesIO()
    book.save(buffer)
    _write_fixed(out / MEDIATION_FILE, buffer.getvalue())
    return CorpusSummary(
        disputes=disputes,
        documents=sum(by_kind.values()),
        files=files + 2,
        by_kind=by_kind,
        truth_path=out / TRUTH_FILE,
    )


def iter_documents(disputes: int, seed: int = 0) -> Iterator[tuple[str, str, str]]:
    """(kind, stage, text) of generated documents, in memory: for benchmarks that need many and no files."""
    rng = random.Random(seed)
    vocab = vocabulary()
    for key in range(1, disputes + 1):
        yield from _documents(make_scenario(rng, key, vocab), rng)


def _documents(sc: Scenario, rng: random.Random) -> list[tuple[str, str, str]]:
    docs = []
    if rng.random() < 0.25:
        docs.append(("mediation_record", "arbitration", D.mediation_record(sc, rng)))
    if rng.random() < 0.4:
        docs.append(("hearing_note", "arbitration", D.hearing_note(sc, rng, "arbitration")))
    docs.append(("arbitration_award", "arbitration", D.award(sc, rng)))
    if sc.court_view:
        if rng.random() < 0.3:
            docs.append(("hearing_note", "first_instance", D.hearing_note(sc, rng, "first_instance")))
        docs.append(("judgment", "first_instance", D.first_instance(sc, rng)))
    if sc.appeal_view:
        docs.append(("judgment", "second_instance", D.second_instance(sc, rng)))
    final_stage, final_view = sc.stages()[-1]
    owed = sum(d.amount or 0 for d in sc.decide(final_view))
    if owed and rng.random() < 0.4:
        basis = {
            "arbitration": f"{sc.region['commission']}{sc.numbers['arbitration']}仲裁裁决书",
            "first_instance": f"{sc.region['basic_court']}{sc.numbers['first_instance']}民事判决书",
            "second_instance": f"{sc.region['inter_court']}{sc.numbers['second_instance']}民事判决书",
        }[final_stage]
        docs.append(("execution_record", "execution", D.execution_record(sc, rng, basis, owed)))
    # Documents arrive in any order: shuffle the file order so a judgment may be read before its award.
    rng.shuffle(docs)
    return docs


def _write(folder: Path, stem: str, text: str, rng: random.Random) -> str:
    fmt = rng.choices([f for f, _ in _FORMATS], weights=[w for _, w in _FORMATS])[0]
    if fmt == "txt-utf8":
        path = folder / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
    elif fmt == "txt-gb18030":
        path = folder / f"{stem}.txt"
        path.write_bytes(text.encode("gb18030"))
    elif fmt == "docx":
        path = folder / f"{stem}.docx"
        _write_docx(path, text)
    elif fmt == "pdf":
        path = folder / f"{stem}.pdf"
        path.write_bytes(pdf_bytes(text))
    else:
        path = folder / f"{stem}.html"
        title = text.splitlines()[1] if "\n" in text else text[:20]
        paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
        path.write_text(
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>p{{text-indent:2em}}</style><script>var _stat='page-view';</script></head>"
            f'<body><div class="nav">首页 &gt; 文书公开</div><div class="content">\n{paragraphs}\n</div>'
            f"<script>document.title += '';</script></body></html>",
            encoding="utf-8",
        )
    return path.name


def _write_docx(path: Path, text: str) -> None:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    _write_fixed(path, buffer.getvalue())


_OFFICE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _write_fixed(path: Path, office_file: bytes) -> None:
    """A .docx or .xlsx with its member and document times fixed, so the same seed gives the same bytes."""
    stamp = FIXED_TIME.isoformat().encode() + b"Z"
    with zipfile.ZipFile(io.BytesIO(office_file)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _OFFICE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6]), content)


def _truth(sc: Scenario, written: list[dict]) -> dict:
    stages = sc.stages()
    decided = {stage: sc.decide(view) for stage, view in stages}
    final_stage = stages[-1][0]
    claims = []
    for i, c in enumerate(sc.claims):
        per_stage = {stage: {"outcome": d[i].outcome, "amount": d[i].amount} for stage, d in decided.items()}
        arb, final = decided["arbitration"][i], decided[final_stage][i]
        diverges = final_stage != "arbitration" and (arb.outcome, arb.amount) != (final.outcome, final.amount)
        claims.append(
            {
                "type": c.claim_type,
                "amount_claimed": c.amount,
                "outcomes": per_stage,
                "divergence": _divergence_type(sc, c.claim_type) if diverges else None,
            }
        )
    return {
        "dispute": sc.key,
        "province": sc.region["province"],
        "city": sc.region["city"],
        "commission": sc.region["commission"],
        "court": sc.region["basic_court"] if sc.court_view else None,
        "platform": sc.platform.name,
        "employer": sc.employer.name,
        "occupation": sc.occupation["name"],
        "employment_mode": sc.mode,
        "worker": sc.worker.name,
        "worker_sues": sc.worker_sues,
        "case_numbers": {stage: sc.numbers[stage] for stage in sorted({d["stage"] for d in written})},
        "labor_relation": {stage: view.relation for stage, view in stages},
        "departures": sc.departures + ([sc.appeal_departure] if sc.appeal_departure else []),
        "documents": written,
        "claims": claims,
        "personal": _personal(sc),
    }


def _personal(sc: Scenario) -> dict:
    """Every personal value the documents write, by kind: what masking must remove (docs/privacy.md)."""
    w, place = sc.worker, sc.region["city"] + sc.region["district"]
    return {
        "name": [w.name, *sc.agents, *(o.legal_rep for o in D.respondents(sc))],
        "id_number": [w.id_number],
        "phone": [w.phone],
        "birth_date": [f"{w.birth.year}年{w.birth.month}月{w.birth.day}日"],
        "address": [w.address.removeprefix(place)],
        "official": sc.officials,  # kept: they act in office
    }


def _divergence_type(sc: Scenario, claim_type: str) -> str:
    """The departure that changed this claim: a different reading of the relation overrides the rest."""
    departures = sc.departures + ([sc.appeal_departure] if sc.appeal_departure else [])
    if "法律适用差异" in departures:
        return "法律适用差异"
    for d in departures:
        if claim_type in (DEPARTURE_CLAIMS[d] or set()):
            return d
    return "其他"
