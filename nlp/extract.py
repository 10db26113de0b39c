"""Read one document: header facts (kind, numbers, body, region, date, parties), sections, claims, outcomes, context."""

from __future__ import annotations

import re
from dataclasses import replace

from nlp.casenumber import find_case_numbers, province_of
from nlp.context import gig_context
from nlp.model import DocumentExtraction, GigContext, Header, RecitedDecision, Section, Span, Stage
from nlp.narrative import CaseReading, read_case
from nlp.parties import find_parties
from nlp.patterns import load
from nlp.reading import Decisions, read_decisions
from nlp.segment import find_sections
from nlp.text import find_dates, reading_form

# The document's own number is printed in its header; numbers further down are citations.
HEADER_CHARS = 300
# The signature date sits in the last lines.
FOOTER_CHARS = 400
_TITLE_LINES = 6

_BODY_WORD = "(?:劳动人事争议仲裁委员会|劳动争议仲裁委员会|人民法院)"
_BODY_RE = re.compile(rf"[\u4e00-\u9fff]{{2,30}}?{_BODY_WORD}")
# Verbs that can precede a body name in running text (…诉至某某人民法院).
_BODY_LEAD = re.compile(r"^(?:.*?(?:诉至|起诉至|上诉至|申请至|向|经|由|至|于))")
_CITY_RE = re.compile(r"([\u4e00-\u9fff]{2,7}?(?:市|自治州|地区|盟))")
_SPACES = re.compile(r"[\s\u3000]+")
_KIND_STAGE = {"arbitration_award": Stage.arbitration, "ruling": Stage.first_instance, "judgment": Stage.first_instance}
# A title is a short line of its own; a headerless document's first line is its whole body.
_TITLE_CHARS = 40
# Words before a case number that make it a citation.
_CITES = re.compile(r"不服|作出|依据|根据|诉至|起诉|申请|裁决|判决(?!书)|[，,]")
_COURT_KINDS = ("judgment", "ruling")
REPORT = "case_report"


def extract_document(text: str) -> DocumentExtraction:
    """Everything caishen reads from one award, judgment, note or record. Never raises on any text.

    The spaCy pipeline (nlp.pipeline) runs the same steps as components; this is the same reading without spaCy.
    """
    text = reading_form(text)
    sections = find_sections(text)
    header, decisions = read_decisions_of(text, read_header(text), sections)
    return assemble(header, sections, decisions, gig_context(text))


def read_decisions_of(text: str, header: Header, sections: list[Section]) -> tuple[Header, Decisions]:
    """The claims and decisions of a document. A text no commission or court writes (a published typical case, a news
    report) tells the decisions of others: read as a narrative, it is a case report standing for the last decision it
    tells (that stage, those outcomes), reciting the award before it. A text that comments on its own case (典型意义)
    is one, whatever decision headings it quotes."""
    commented = any(s.name == "commentary" for s in sections)  # 典型意义: only a published case comments on itself
    reading = read_case(text) if header.kind == "other" or commented else None
    if reading and (reading.arbitration or reading.court or commented):
        return _as_report(text, header, reading)
    decisions = read_decisions(text, sections, list(header.parties), header.stage)
    if reading and reading.claims and not decisions[0]:
        return _as_report(text, header, reading)  # requests told, no decision: the report's requests
    return header, decisions


def _as_report(text: str, header: Header, reading: CaseReading) -> tuple[Header, Decisions]:
    """A report's header and decisions: it stands for the court's decision it tells, else the award's, reciting the
    award when it tells both."""
    stage = (
        _reported_stage(text, reading.court_span)
        if reading.court
        else Stage.arbitration
        if reading.arbitration
        else None
    )
    recited = (
        [RecitedDecision(Stage.arbitration, None, reading.claims, reading.arbitration, reading.arbitration_span)]
        if reading.court and reading.arbitration_span
        else []
    )
    # A report has no number of its own: any it gives is one of the decisions it tells.
    cited = (header.case_number, *header.cited_case_numbers) if header.case_number else header.cited_case_numbers
    body, body_span = _reported_body(text, reading.court_span if reading.court else reading.arbitration_span)
    province, city = _region(body, None)
    reported = replace(
        header,
        kind=REPORT,
        stage=stage,
        case_number=None,
        cited_case_numbers=cited,
        body=body,
        body_span=body_span,
        province=province,
        city=city,
    )
    return reported, (list(reading.claims), list(reading.court or reading.arbitration), recited)


def _reported_stage(text: str, span: Span | None) -> Stage:
    told = text[span.start : span.end] if span else ""
    cues = load("document_kinds")["reported_stage"]
    return next(
        (s for s in (Stage.retrial, Stage.second_instance) if any(re.search(c, told) for c in cues[s])),
        Stage.first_instance,
    )


def assemble(header: Header, sections, decisions, context: GigContext) -> DocumentExtraction:
    claims, outcomes, recited = decisions
    return DocumentExtraction(
        **vars(header),
        sections=tuple(sections),
        claims=tuple(claims),
        outcomes=tuple(outcomes),
        recited=tuple(recited),
        context=context,
    )


def read_header(text: str) -> Header:
    """Kind, title, stage, own and cited case numbers, body, region, date and parties."""
    # Titles are often letter-spaced (仲 裁 裁 决 书); compare and show them without the spaces.
    lines = [_SPACES.sub("", ln) for ln in text.splitlines() if ln.strip()][:_TITLE_LINES]
    kind, title = _kind_and_title(lines, text)
    numbers = find_case_numbers(text)
    own = next((n for n in numbers if n.span.start < HEADER_CHARS and _header_line(text, n.span)), None)
    seen = {own.normalised} if own else set()
    cited = []
    for n in numbers:
        if n.normalised not in seen:
            seen.add(n.normalised)
            cited.append(n)
    body, body_span = _body(text)
    province, city = _region(body, own)
    dates = find_dates(text[-FOOTER_CHARS:])
    return Header(
        kind=kind,
        title=title,
        stage=own.stage if own else _stage_of(kind, text),
        case_number=own,
        cited_case_numbers=tuple(cited),
        body=body,
        body_span=body_span,
        province=province,
        city=city,
        decision_date=dates[-1][0] if dates else None,
        parties=tuple(find_parties(text)),
    )


def _header_line(text: str, span: Span) -> bool:
    """Whether a case number is the document's own: nothing before it on its line ends a sentence or cites it
    (原告不服…号仲裁裁决，诉至法院 cites the award; （2023）京0105民初1号　原告…一案 and a header run onto one line do not)."""
    before = text[text.rfind("\n", 0, span.start) + 1 : span.start]
    return "。" not in before and not _CITES.search(before)


def _kind_and_title(lines: list[str], text: str) -> tuple[str, str]:
    titles = [ln for ln in lines if len(ln) <= _TITLE_CHARS]
    for rule in load("document_kinds")["kind"]:
        for line in titles:
            if "。" in line:
                continue  # a short sentence (…有欠据及庭审记录在卷证实。) names what it mentions, not the document
            if any(k in line for k in rule["keywords"]):
                return rule["kind"], line[:120]
    return _kind_of_body(text), (titles[0][:120] if titles else "")


def _kind_of_body(text: str) -> str:
    """Who writes a document without a title: what an appeal is against, else its last decision heading, unless the
    writer's own words come after it (a recited 裁决如下 followed by 本院认为); without a heading, the writer's own words."""
    rules = load("document_kinds")["body"]
    if appealed := next((r["kind"] for r in rules for cue in r.get("appealed", ()) if re.search(cue, text)), None):
        return appealed
    last = max(
        ((m.start(), r["kind"]) for r in rules for cue in r["decides"] for m in re.finditer(cue, text)), default=None
    )
    after = last[0] if last else 0
    later = next((r["kind"] for r in rules if any(re.compile(cue).search(text, after) for cue in r["writes"])), None)
    return later or (last[1] if last else "other")


def _stage_of(kind: str, text: str) -> Stage | None:
    """A court document's stage from its own words: how it opens (上诉人…因…一案) and what it decides (驳回上诉，维持原判);
    a first instance recites earlier appeals and retrials in between."""
    if kind in _COURT_KINDS:
        cues = load("document_kinds")["court_stage"]
        decision = max((m.start() for m in re.finditer(r"(?:判决|裁定)如下", text)), default=len(text))
        own = text[:HEADER_CHARS] + "\n" + text[decision:]
        anywhere = load("document_kinds")["court_stage_anywhere"]
        for stage in (Stage.retrial, Stage.second_instance):
            if any(re.search(cue, own) for cue in cues[stage]) or any(
                re.search(cue, text) for cue in anywhere.get(stage, ())
            ):
                return stage
    return _KIND_STAGE.get(kind)


def _body(text: str) -> tuple[str | None, Span | None]:
    m = _BODY_RE.search(text[:HEADER_CHARS]) or _BODY_RE.search(text)
    return _named(text, m) if m else (None, None)


def _reported_body(text: str, told: Span | None) -> tuple[str | None, Span | None]:
    """The body a report names in the sentence telling its last decision (最终，武城县人民法院驳回了…); names elsewhere
    are the publisher's (最高人民法院发布…) or a statute's."""
    m = _BODY_RE.search(text, told.start, told.end) if told else None
    named = _named(text, m) if m else (None, None)
    return named if named[0] and not re.fullmatch(_BODY_WORD, named[0]) else (None, None)  # 诉至人民法院 names none


def _named(text: str, m: re.Match) -> tuple[str, Span]:
    lead = _BODY_LEAD.match(m.group())
    start = m.start() + (lead.end() if lead else 0)
    return text[start : m.end()], Span(start, m.end())


def _region(body: str | None, own) -> tuple[str | None, str | None]:
    regions = load("regions")
    province = city = None
    if body:
        province = next((p for p in set(regions["provinces"].values()) if body.startswith((p, p[:2]))), None)
        rest = body[len(province) :] if province and body.startswith(province) else body
        if province in regions["municipalities"]["names"]:
            city = province
        else:
            m = _CITY_RE.match(rest)
            city = m.group(1) if m else None
            province = province or regions["cities"].get(city)
    if province is None and own is not None:
        province = province_of(own)
    return province, city
