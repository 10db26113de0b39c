"""The `caishen` command: a thin layer over the library; errors become one clear line and a non-zero exit."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sqlalchemy.exc import OperationalError

from app.context import Context
from app.messages import message
from app.search import SearchUnavailable
from config import load_settings
from config.settings import SettingsError

EXIT_USAGE = 2


class CommandError(Exception):
    """A command cannot go on; the message says why."""


def cmd_init_db(ctx: Context, args) -> int:
    from sqlalchemy import func, select

    from app.db import upgrade
    from app.models import Dispute
    from app.services.analysis import analyse_pending

    upgrade(ctx.settings)
    # A migration may ask for every dispute to be compared again (new comparison fields): done now, not left to the
    # next ingest, so that the pages and statistics are whole at once.
    with ctx.sessions() as session:
        pending = session.scalar(select(func.count(Dispute.id)).where(Dispute.analysed_at.is_(None)))
    if pending:
        from ingest.pipeline import index_pending

        n = analyse_pending(ctx.sessions, ctx.settings.divergence_tolerance)
        if (backend := _search_or_none(ctx)) is not None:  # their documents' divergence facets follow
            index_pending(ctx.sessions, backend, workers=ctx.settings.ingest_workers)
        print(message("cli_compared_again", n=n))
    print(message("cli_database_ready", where=_safe_url(ctx.settings.database_url)))
    return 0


def cmd_sample_corpus(ctx: Context, args) -> int:
    from ingest.sample import generate_corpus

    s = generate_corpus(args.out_dir, args.disputes, args.seed)
    print(message("cli_corpus_written", disputes=s.disputes, documents=s.documents, files=s.files, out=args.out_dir,
                  by_kind=_by_kind(s.by_kind), truth=s.truth_path))
    return 0


def cmd_ingest(ctx: Context, args) -> int:
    from ingest.pipeline import ingest

    _require_inputs(ctx, args.paths)
    report = ingest(args.paths, ctx.settings, ctx.sessions, _search_or_none(ctx))
    if args.report:
        Path(args.report).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    print(message("cli_ingest_done", run=report.run_id, files=report.files, read=report.documents_read,
                  new=report.documents_new, existing=report.documents_existing, quarantined=len(report.quarantined),
                  rate=report.docs_per_s))
    for err in report.index_errors:
        print(message("cli_index_not_updated", reason=err), file=sys.stderr)
    _print_warnings_counts(report.warnings)
    return 0


def cmd_sample_side(ctx: Context, args) -> int:
    from ingest.sample.side import generate_side_data

    for path in generate_side_data(args.out_dir, args.seed):
        print(message("cli_file_written", path=path))
    return 0


def cmd_ingest_side(ctx: Context, args) -> int:
    from ingest.side import load_side

    _require_inputs(ctx, args.paths)
    report = load_side(args.paths, ctx.sessions, ctx.settings.max_file_bytes, args.kind)
    print(message("cli_side_done", run=report.run_id, files=report.files, read=report.rows_read, new=report.rows_new,
                  updated=report.rows_updated, quarantined=len(report.quarantined),
                  by_kind=_by_kind(report.by_kind) or message("cli_nothing_loaded")))
    _print_warnings_counts(report.warnings)
    return 0


def _by_kind(counts: dict) -> str:
    """What a run read, by kind of document or side data (codes as people read them)."""
    from app.labels import KIND_LABELS

    return "，".join(f"{KIND_LABELS.get(k, k)} {v}" for k, v in sorted(counts.items()))


def _print_warnings_counts(counts: dict) -> None:
    if "error" in counts:
        print(message("cli_warnings_not_evaluated", reason=counts["error"]), file=sys.stderr)
    elif counts:
        print(message("cli_warnings_counts", new=counts["new"], holding=counts["holding"], resolved=counts["resolved"]))


def cmd_portrait(ctx: Context, args) -> int:
    from app.services.portrait import portrait

    _require_schema(ctx)
    with ctx.sessions() as session:
        rows = portrait(session, args.by, args.year)
    if args.json:
        return _print_json(rows)
    import pandas as pd

    with pd.option_context("display.max_columns", None, "display.width", 200):
        print(pd.DataFrame(rows).to_string(index=False) if rows else message("cli_no_portrait"))
    return 0


def cmd_warnings(ctx: Context, args) -> int:
    from app.services.warnings import active, refresh, warning_dict

    _require_schema(ctx)
    if args.refresh:
        _print_warnings_counts(refresh(ctx.sessions))
    with ctx.sessions() as session:
        found = [warning_dict(w) for w in active(session, include_resolved=args.all)]
    if args.json:
        return _print_json(found)
    from app.labels import SEVERITY_LABELS, WARNING_RULE_LABELS, local_time

    for w in found:
        print(f"[{SEVERITY_LABELS[w['severity']]}] {w['message']}  ({WARNING_RULE_LABELS.get(w['rule'], w['rule'])}；"
              f"自 {local_time(w['first_seen'], True)}"
              f"{'，' + local_time(w['resolved_at'], True) + ' 解除' if w['resolved_at'] else ''}）")
    if not found:
        print(message("cli_no_warnings"))
    return 0


def cmd_search(ctx: Context, args) -> int:
    from app.services.corpus import search

    filters = _filters(args.filter)
    _require_schema(ctx)
    with ctx.sessions() as session:
        page = search(session, ctx.search, args.query, filters=filters, page=args.page, per_page=args.limit,
                      sort=args.sort, facets=args.facets)
    if args.json:
        return _print_json(page.to_dict())
    from app.labels import FACET_LABELS, KIND_LABELS, facet_value_label

    print(message("cli_search_total", total=page.total, query=args.query))
    for h in page.hits:
        print(message("cli_search_hit", doc_id=h.doc_id, body=h.body or "", title=h.title, case_number=h.case_number or "",
                      kind=KIND_LABELS[h.kind], score=h.score))
        for s in h.highlights[:1]:
            print("    " + s.replace("<mark>", "【").replace("</mark>", "】"))
    for name, counts in page.facets.items():
        if counts:
            print(f"  {FACET_LABELS.get(name, name)}: "
                  + ", ".join(f"{facet_value_label(name, v)} ({n})" for v, n in counts[:10]))
    return 0


def cmd_similar(ctx: Context, args) -> int:
    from app.auth import audit
    from app.labels import FACTOR_LABELS, decision_label
    from app.models import utcnow
    from app.services.similar import (SIMILAR_FILTERS, BadFilter, UnknownDocument, filters_from, similar_to_document,
                                      similar_to_text)
    from app.services.similar_report import issue_rows, report_docx, similar_report

    _require_schema(ctx)
    try:
        filters = filters_from({k: v for k in SIMILAR_FILTERS if (v := getattr(args, k)) is not None})
    except BadFilter as exc:
        raise CommandError(message("cli_similar_filter", option=exc.field.replace("_", "-"), detail=exc)) from None
    text = args.text if args.doc_id is None and args.text is not None else None
    source = "text"
    if args.file is not None:
        text, source = _file_text(ctx, args.file), f"file {args.file}"
    with ctx.sessions.begin() as session:
        try:
            if args.report:
                who = getpass.getuser()
                report = similar_report(session, ctx.search, searched_by=f"{who}（命令行）", searched_at=utcnow(),
                                        full_text=True, doc_id=args.doc_id, text=text, source=source,
                                        limit=args.limit, filters=filters)
                result = report.result
                Path(args.report).write_bytes(report_docx(report))
                audit(session, "similar_report", username=f"cli:{who}", target=result.source,
                      detail={"via": "cli", "format": "docx", "hits": [h.doc_id for h in result.hits]})
            elif args.doc_id is not None:
                result = similar_to_document(session, ctx.search, args.doc_id, limit=args.limit, filters=filters)
            else:
                result = similar_to_text(session, ctx.search, text, source=source, limit=args.limit, filters=filters)
        except UnknownDocument as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        return _print_json(result.to_dict())
    print(f"与 {result.source} 相似的纠纷（请求类型：{'、'.join(result.claim_types) or '—'}；"
          f"劳动关系要素：{'、'.join(FACTOR_LABELS.get(f, f) for f in result.factors) or '—'}；"
          f"用工方式：{result.employment_mode or '—'}）")
    for h in result.hits:
        print(f"[{h.doc_id}] 相似度 {h.similarity:.0f}/100 {decision_label(h.stage, h.kind)} "
              f"{h.body or ''} {h.case_number or '无案号'} {h.decision_date or ''}")
        for issue, award, court, divergence in issue_rows(h):
            print(f"    {issue}：仲裁 {award}；法院 {court}；{divergence}")
        why = [f"相同请求 {'、'.join(h.shared_claim_types)}" if h.shared_claim_types else "",
               f"相同要素 {'、'.join(FACTOR_LABELS.get(f, f) for f in h.shared_factors)}" if h.shared_factors else "",
               f"同为{h.employment_mode}" if h.same_mode else "",
               f"共同关键词 {'、'.join(h.shared_terms)}" if h.shared_terms else ""]
        print("    相似之处：" + "；".join(w for w in why if w))
    if args.report:
        print(f"类案检索报告已写入 {args.report}")
    return 0


def cmd_score(ctx: Context, args) -> int:
    from app.services.compare import UnknownDispute
    from app.services.match import dispute_score, inputs_score, text_score
    from app.messages import invalid_input
    from nlp.match import InvalidInput

    changes = {k: v[-1] for k, v in _filters(args.set, "--set").items()}
    try:
        if args.dispute_id is not None:
            _require_schema(ctx)
            with ctx.sessions() as session:
                view = dispute_score(session, args.dispute_id, changes)
        elif args.text is not None or args.file is not None:
            view = text_score(args.text if args.text is not None else _file_text(ctx, args.file), changes)
        elif changes:
            view = inputs_score(changes)
        else:
            raise CommandError(message("cli_give_score_input"))
    except UnknownDispute as exc:
        raise CommandError(str(exc)) from None
    except InvalidInput as exc:
        raise CommandError(invalid_input(exc)) from None
    if args.json:
        return _print_json(view.to_dict())
    from app.labels import model_label

    print(message("cli_score", score=view.score, band=view.band_label, threshold=view.threshold,
                  incomplete=view.incomplete_from, model=model_label(view.model)))
    for f in view.factors:
        if f.source == "unknown":
            continue
        how = f"{f.quantity[0]}={f.quantity[1]:g}" if f.quantity else (
            message("cli_score_by_hand") if f.source == "input" else message("cli_score_cues", n=len(f.cues)))
        print(message("cli_score_factor", points=f.points, label=f.label, name=f.name, value=f.value, weight=f.weight,
                      how=how))
        for c in f.cues[:3]:
            print(f"          {'+' if c.direction > 0 else '−'} …{c.quote}…")
    unknown = [f.name for f in view.factors if f.source == "unknown"]
    if unknown:
        print(message("cli_score_unknown", names="、".join(unknown)))
    return 0


def cmd_score_calibrate(ctx: Context, args) -> int:
    from nlp.eval import calibrate_score

    _require_file(args.file)
    return _print_json(calibrate_score(args.file))


def cmd_train_elements(ctx: Context, args) -> int:
    from nlp.elements import train
    from nlp.eval import labelled, read_jsonl

    _require_file(args.file)
    documents = labelled(read_jsonl(args.file))
    out = Path(args.out) if args.out else ctx.settings.elements_model_path
    train(documents).save(out)
    return _print_json({"model": str(out), "trained_on": args.file, "documents": len(documents),
                        "sentences": sum(map(len, documents))})


def cmd_elements(ctx: Context, args) -> int:
    from dataclasses import asdict

    from nlp.elements import label_sentences

    model = ctx.elements_model
    text = args.text if args.text is not None else _file_text(ctx, args.file)
    rows = [asdict(s) for s in label_sentences(text, model) if s.labels or args.all]
    return _print_json({"model": "classifier" if model else "rules only (run caishen train-elements)",
                        "sentences": rows})


def cmd_reindex(ctx: Context, args) -> int:
    from ingest.pipeline import reindex

    _require_schema(ctx)
    n = reindex(ctx.sessions, ctx.search, workers=ctx.settings.ingest_workers)
    print(message("cli_reindexed", n=n))
    return 0


def cmd_reextract(ctx: Context, args) -> int:
    from ingest.pipeline import reextract

    _require_schema(ctx)
    n = reextract(ctx.sessions, _search_or_none(ctx), ctx.settings.divergence_tolerance, force=args.all,
                  workers=ctx.settings.ingest_workers)
    print(message("cli_reextracted", n=n))
    return 0


def cmd_analyse(ctx: Context, args) -> int:
    from app.services.analysis import analyse_all, analyse_pending

    _require_schema(ctx)
    tolerance = ctx.settings.divergence_tolerance
    n = analyse_all(ctx.sessions, tolerance) if args.all else analyse_pending(ctx.sessions, tolerance)
    print(message("cli_analysed", n=n, tolerance=tolerance))
    return 0


def cmd_stats(ctx: Context, args) -> int:
    from app.services.stats import StatsQuery, divergence_table, recognition_drift, records

    query = StatsQuery(tuple(args.by or ()), _filters(args.where, "--where"))
    _require_schema(ctx)
    if args.measure == "agreement":
        return _print_agreement(ctx, query, args.json)
    with ctx.sessions() as session:
        table = (divergence_table if args.measure == "divergence" else recognition_drift)(session, query)
    if args.json:
        return _print_json({"measure": args.measure, "by": list(query.by), "where": query.where, "rows": records(table)})
    if table.empty:
        print(message("cli_no_compared_claims"))
    else:  # read by people: columns and codes in Chinese (--json keeps the codes)
        from app.labels import FIELD_LABELS, field_value_label

        for name in table.columns:
            table[name] = table[name].map(lambda v, name=name: field_value_label(name, v))
        print(table.rename(columns=lambda c: FIELD_LABELS.get(c, c)).to_string(index=False, na_rep="—"))
    return 0


def _print_agreement(ctx: Context, query, as_json: bool) -> int:
    from app.services.stats import agreement_overall, records, review_agreement

    with ctx.sessions() as session:
        table, cross = review_agreement(session, query)
    overall = agreement_overall(table)
    if as_json:
        return _print_json({"measure": "agreement", "where": query.where, "overall": overall,
                            "rows": records(table), "cross": records(cross)})
    rate = f"{overall['agreement']:.1%}" if overall["agreement"] is not None else "—"
    print(f"divergences {overall['divergent']}, reviewed {overall['reviewed']}, reviewers agreed with the machine's "
          f"type {overall['agreed']} ({rate})")
    for r in records(table):
        share = f"{r['agreement']:.0%}" if r["agreement"] is not None else "—"
        print(f"  {r['machine_divergence_type']}: {r['divergent']} divergent, {r['reviewed']} reviewed, "
              f"{r['agreed']} agreed ({share}){'; most often corrected to ' + r['corrected_to'] if r['corrected_to'] else ''}")
    return 0


def cmd_export_joint_meeting(ctx: Context, args) -> int:
    import getpass
    from datetime import datetime, timezone

    from app.auth import audit
    from app.services.joint_meeting import MeetingQuery, material, material_docx, material_xlsx

    fmt = Path(args.out).suffix.lstrip(".").lower()
    if fmt not in ("docx", "xlsx"):
        raise CommandError(f"{args.out}: the material is written as .docx or .xlsx")
    query = MeetingQuery.parse({"date_from": args.date_from, "date_to": args.date_to, "province": args.province,
                                "city": args.city})
    _require_schema(ctx)
    made_by = f"{getpass.getuser()}（命令行）"
    with ctx.sessions.begin() as session:
        m = material(session, query, made_by, datetime.now(timezone.utc).replace(tzinfo=None))
        Path(args.out).write_bytes(material_docx(m) if fmt == "docx" else material_xlsx(m))
        audit(session, "export", username=made_by, target=f"joint-meeting.{fmt}",
              detail={"via": "cli", "rows": len(m.items), "period": query.period(), "region": query.region()})
    print(f"wrote {len(m.items)} divergences ({m.reviewed} reviewed, {len(m.to_unify)} 尺度待统一) to {args.out}")
    return 0


def cmd_export_divergences(ctx: Context, args) -> int:
    from app.services.export import export_divergences
    from app.services.stats import StatsQuery

    query = StatsQuery(where=_filters(args.where, "--where"))
    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    _require_schema(ctx)
    with ctx.sessions() as session:
        n = export_divergences(session, fmt, args.out, query, codes=args.codes)
    print(message("cli_exported", n=n, out=args.out, format=fmt))
    return 0


def cmd_create_user(ctx: Context, args) -> int:
    import getpass

    from app.auth import AuthError, create_user

    _require_schema(ctx)
    if sys.stdin.isatty():
        password = getpass.getpass(message("cli_password_prompt", name=args.name))
        if getpass.getpass(message("cli_password_again")) != password:
            raise CommandError(message("cli_passwords_differ"))
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        with ctx.sessions.begin() as session:
            user = create_user(session, args.name, password, args.role, args.institution)
            role, institution = user.role.value, user.institution
    except AuthError as exc:
        raise CommandError(str(exc)) from None
    from app.labels import ROLE_LABELS

    print(message("cli_user_created", name=args.name, role=ROLE_LABELS[role], institution=institution))
    return 0


def cmd_quarantine(ctx: Context, args) -> int:
    from app.labels import quarantine_reason
    from app.services.corpus import quarantined

    _require_schema(ctx)
    with ctx.sessions() as session:
        rows = quarantined(session, args.limit)
    for q in rows:
        where = q.path + (f" [{q.member}]" if q.member else "")
        print(message("cli_quarantine_row", run=q.run_id, where=where, reason=quarantine_reason(q.reason)))
    print(message("cli_quarantined", n=len(rows)), file=sys.stderr)
    return 0


def cmd_summary(ctx: Context, args) -> int:
    from app.services.corpus import summary

    _require_schema(ctx)
    with ctx.sessions() as session:
        counts = summary(session)
    return _print_json(counts)


def cmd_serve(ctx: Context, args) -> int:
    from app.serve import default_workers, serve

    host, port = args.host or ctx.settings.host, args.port or ctx.settings.port
    workers = getattr(args, "workers", None) or default_workers()
    print(message("cli_serving", host=host, port=port), flush=True)
    serve(ctx.settings, host, port, workers)
    return 0


def cmd_demo(ctx: Context, args) -> int:
    """The main job on embedded defaults: generate, ingest, summarise, train the element classifier (when the shared
    labelled data is there), serve."""
    corpus_dir = ctx.settings.data_dir / "sample-corpus"
    cmd_init_db(ctx, args)
    if not corpus_dir.exists():
        args.out_dir = corpus_dir
        cmd_sample_corpus(ctx, args)
    side_dir = ctx.settings.data_dir / "sample-side"
    if not side_dir.exists():
        args.out_dir = side_dir
        cmd_sample_side(ctx, args)
    args.paths, args.report = [str(corpus_dir)], None
    cmd_ingest(ctx, args)
    args.paths, args.kind = [str(side_dir)], None
    cmd_ingest_side(ctx, args)
    cmd_summary(ctx, args)
    from nlp.eval import ELEMENTS_DEV

    if not ctx.settings.elements_model_path.exists() and ELEMENTS_DEV.is_file():  # else the rules label elements
        args.file, args.out = str(ELEMENTS_DEV), None
        cmd_train_elements(ctx, args)
    if args.no_serve:
        return 0
    from app.auth import demo_institutions, demo_users

    with ctx.sessions.begin() as session:
        where = demo_institutions(session)
        users = demo_users(session, where)
    print(message("cli_demo_users"))
    for name, password in users.items():
        print(f"    {name}  {password}  ({where.get(name.removeprefix('demo-'), '演示机构')})")
    return cmd_serve(ctx, args)


def cmd_dispute_show(ctx: Context, args) -> int:
    from app.labels import DIRECTION_LABELS, KIND_LABELS, OUTCOME_LABELS, SOURCE_LABELS, STAGE_LABELS
    from app.services.disputes import UnknownCaseNumber, chain_for

    _require_schema(ctx)
    with ctx.sessions() as session:
        try:
            chain = chain_for(session, args.case_number)
        except UnknownCaseNumber as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        return _print_json(chain.to_dict())
    print(message("cli_dispute", dispute_id=chain.dispute_id))
    for s in chain.stages:
        print(f"  {STAGE_LABELS.get(s.stage, s.stage or '?')}  {s.case_number or ''}  {s.body or ''}  "
              f"{s.decision_date or ''}")
        for d in s.documents:
            print(f"      [{d['id']}] {KIND_LABELS[d['kind']]}  {d['title']}  ({d['source'].rsplit('/', 1)[-1]}"
                  f"{' ' + d['member'] if d['member'] else ''})")
        for o in s.outcomes:
            amount = f" {o.amount:,.0f}元" if o.amount is not None else ""
            print(f"      {o.ordinal}. {o.claim_type}: {OUTCOME_LABELS[o.outcome]}{amount}"
                  f"{message('cli_recited') if o.read_from == 'recited' else ''}")
    if chain.comparisons:
        print(message("cli_comparison"))
    for c in chain.comparisons:
        kind = (f"{c.reviewed_type}（已研判，机器分类 {c.divergence_type}）" if c.reviewed_type
                else c.divergence_type or "")
        verdict = ("分歧 " + kind + " " + DIRECTION_LABELS[c.direction]) if c.divergent \
            else "一致" if c.divergent is False else "未比对"
        print(f"      {c.ordinal}. {c.claim_type}: {c.change}  [{verdict}]")
        for e in c.evidence:
            print(f"         {SOURCE_LABELS[e['stage']]}：「{e['quote']}」")
    return 0


def cmd_eval_cases(ctx: Context, args) -> int:
    from nlp.eval import eval_cases

    _require_file(args.file)
    return _print_json(eval_cases(args.file, ctx.settings.divergence_tolerance))


def cmd_eval_judgments(ctx: Context, args) -> int:
    from nlp.eval import eval_judgments

    _require_file(args.file)
    return _print_json(eval_judgments(args.file, ctx.settings.divergence_tolerance))


def cmd_eval_elements(ctx: Context, args) -> int:
    from nlp.eval import eval_elements

    for path in (args.file, args.train, args.names):
        _require_file(path)
    return _print_json(eval_elements(args.file, args.train, args.names))


def cmd_eval_score(ctx: Context, args) -> int:
    from nlp.eval import eval_score

    _require_file(args.file)
    return _print_json(eval_score(args.file))


def cmd_eval_retrieval(ctx: Context, args) -> int:
    from nlp.eval import eval_retrieval

    _require_file(args.file)
    return _print_json(eval_retrieval(args.file))


def _print_json(data) -> int:
    """Print a command's result as JSON (Chinese as is) and end the command."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _require_inputs(ctx: Context, paths: list[str]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise CommandError(message("cli_no_such_path", paths="、".join(missing)))
    _require_schema(ctx)


def _file_text(ctx: Context, path: str) -> str:
    """The text of a file in any format ingest reads (a ValueError names what is wrong with it)."""
    from app.services.similar import text_of_file

    _require_file(path)
    return text_of_file(path, Path(path).read_bytes(), ctx.settings.max_file_bytes)


def _require_file(path: str) -> None:
    if not Path(path).is_file():
        raise CommandError(message("cli_no_such_file", path=path))


def _filters(pairs: list[str] | None, option: str = "--filter") -> dict[str, list[str]]:
    """FIELD=VALUE options as field → values; a field given twice matches either value."""
    filters: dict[str, list[str]] = {}
    for pair in pairs or []:
        field, sep, value = pair.partition("=")
        if not sep or not value:
            raise CommandError(message("cli_pair_expected", option=option, pair=pair))
        filters.setdefault(field, []).append(value)
    return filters


def _require_schema(ctx: Context) -> None:
    from app.db import schema_revisions

    current, head = schema_revisions(ctx.engine)
    where = _safe_url(ctx.settings.database_url)
    if current is None:
        raise CommandError(message("cli_no_schema", where=where))
    if current != head:
        raise CommandError(message("cli_old_schema", current=current, head=head, where=where))


def _search_or_none(ctx: Context):
    try:
        return ctx.search
    except SearchUnavailable:
        print(message("cli_index_unavailable"), file=sys.stderr)
        return None


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caishen", description="裁审: labor arbitration and court documents side by side")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("init-db", help="create or upgrade the database schema").set_defaults(func=cmd_init_db)

    p = sub.add_parser("sample-corpus", help="write a generated demo corpus (fictional parties) and its truth")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--disputes", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_sample_corpus)

    p = sub.add_parser("ingest", help="ingest files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--report", help="write the run report as JSON to this file")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("sample-side", help="write generated side data (platform indicators, industry employment, "
                                           "workers' income and complaints) for the demo portrait")
    p.add_argument("out_dir", type=Path)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_sample_side)

    from ingest.side import schemas as side_schemas
    p = sub.add_parser("ingest-side", help="ingest CSV/XLSX side data for the employment-form portrait "
                                           "(schemas: ingest/side_schemas.toml)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--kind", choices=list(side_schemas()), help="default: found from each file's columns")
    p.set_defaults(func=cmd_ingest_side)

    from app.services.portrait import PORTRAIT_BY
    p = sub.add_parser("portrait", help="employment-form portrait by platform, occupation or region")
    p.add_argument("--by", choices=PORTRAIT_BY, default="platform")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_portrait)

    p = sub.add_parser("warnings", help="risk warnings (rules: config/warnings.toml)")
    p.add_argument("--refresh", action="store_true", help="evaluate the rules now (ingest does it after every run)")
    p.add_argument("--all", action="store_true", help="also those resolved since")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_warnings)

    from app.search.base import FILTER_FIELDS, SORTS
    p = sub.add_parser("search", help="full-text search (words all match; \"quoted phrases\" match in order)")
    p.add_argument("query")
    p.add_argument("--filter", action="append", metavar="FIELD=VALUE",
                   help=f"one of {', '.join(FILTER_FIELDS)}; repeatable (the same field twice: either value)")
    p.add_argument("--sort", choices=SORTS, default="relevance")
    p.add_argument("--facets", action="store_true", help="also count the matches by every facet field")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--json", action="store_true", help='phrases in double quotes: "外卖 骑手"')
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("similar", help="similar cases (类案) for a document, pasted text or a file, with reasons")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--doc-id", type=int)
    source.add_argument("--text")
    source.add_argument("--file", help="any format ingest reads")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.add_argument("--report", metavar="OUT.docx", help="also write the 类案检索报告 (masked) as a Word document")
    p.add_argument("--province", help="similar disputes of this province (广东省)")
    p.add_argument("--body", help="… heard by this court or commission")
    p.add_argument("--year-from", help="… decided in this year or later")
    p.add_argument("--year-to", help="… decided in this year or earlier")
    p.add_argument("--employment-mode", help="… with this employment mode (专送, 众包 …)")
    p.add_argument("--outcome", help="… with a claim so decided (granted, partly_granted, rejected, not_ruled, "
                                     "inadmissible)")
    p.set_defaults(func=cmd_similar)

    from nlp.match import inputs as score_inputs
    p = sub.add_parser("score", help="labor-relation match score (劳动关系匹配度) of a dispute, a text or given factors")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--dispute-id", type=int)
    source.add_argument("--text")
    source.add_argument("--file", help="any format ingest reads")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="what-if: set a factor over what was read; one of " + ", ".join(
                       f"{i.name} ({i.unit or '|'.join(i.choices) or 'yes|no'})" for i in score_inputs()))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_score)
    from nlp.eval import ELEMENT_NAMES, ELEMENTS_DEV

    p = sub.add_parser("train-elements", help="train the CAIL2019 element classifier and write it to the data dir")
    p.add_argument("file", nargs="?", default=str(ELEMENTS_DEV), help="labelled sentences (default: shared dev)")
    p.add_argument("--out", help="where to write the model (default: <data dir>/models/elements.pkl)")
    p.set_defaults(func=cmd_train_elements)
    p = sub.add_parser("elements", help="element labels (LB1…LB20) on each sentence of a text or file, as JSON")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text")
    source.add_argument("--file", help="any format ingest reads")
    p.add_argument("--all", action="store_true", help="list unlabelled sentences too")
    p.set_defaults(func=cmd_elements)
    p = sub.add_parser("calibrate-score", help="fit the match score's weights to decided cases and write them")
    p.add_argument("file", help="typical-cases JSONL with gold claims (../shared/data/typical_cases.dev.jsonl)")
    p.set_defaults(func=cmd_score_calibrate)

    sub.add_parser("reindex", help="rebuild the search index from the database").set_defaults(func=cmd_reindex)
    p = sub.add_parser("reextract", help="recompute derived fields from stored text after an extractor change")
    p.add_argument("--all", action="store_true", help="every document, not only those read by another version")
    p.set_defaults(func=cmd_reextract)
    p = sub.add_parser("analyse", help="compare each dispute's claims between the award and the court (分歧)")
    p.add_argument("--all", action="store_true", help="every dispute, not only those changed since last analysed")
    p.set_defaults(func=cmd_analyse)

    from app.services.stats import FIELDS, MEASURES
    p = sub.add_parser("stats", help="divergence statistics by region, body, year, platform, mode, claim type …")
    p.add_argument("--by", nargs="+", choices=list(FIELDS), metavar="FIELD",
                   help=f"group by these fields ({', '.join(FIELDS)})")
    p.add_argument("--where", action="append", metavar="FIELD=VALUE", help="keep only rows with this value")
    p.add_argument("--measure", choices=MEASURES, default="divergence",
                   help="divergence rates (default; a reviewed divergence counts under its reviewed type), "
                        "labor-relation recognition by commission and court, or agreement: how often reviewers "
                        "agreed with the machine's divergence type, per type")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="export data for analysis")
    esub = p.add_subparsers(dest="what", required=True)
    e = esub.add_parser("divergences", help="one row per aligned claim, with all its attributes")
    e.add_argument("out", help="file to write")
    e.add_argument("--format", choices=["csv", "xlsx", "parquet"], help="default: from the file's suffix")
    e.add_argument("--where", action="append", metavar="FIELD=VALUE", help="keep only rows with this value")
    e.add_argument("--codes", action="store_true",
                   help="CSV/XLSX with column names and codes for programs (default: Chinese headers and words)")
    e.set_defaults(func=cmd_export_divergences)
    e = esub.add_parser("joint-meeting", help="joint-meeting material (联席会议材料): a period's and region's "
                                              "divergences by type and claim type, 尺度待统一 first (masked)")
    e.add_argument("out", help="file to write (.docx or .xlsx)")
    e.add_argument("--from", dest="date_from", help="court decisions from this date (2024-01-01) or year (2024)")
    e.add_argument("--to", dest="date_to", help="court decisions up to this date or year")
    e.add_argument("--province", help="region (省份)")
    e.add_argument("--city")
    e.set_defaults(func=cmd_export_joint_meeting)

    p = sub.add_parser("create-user", help="add a user; the password comes from a prompt, or the first line of stdin")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["judge", "arbitrator", "analyst", "admin"])
    p.add_argument("--institution", required=True, help="the commission or court the user belongs to")
    p.set_defaults(func=cmd_create_user)

    sub.add_parser("summary", help="print corpus counts as JSON").set_defaults(func=cmd_summary)

    p = sub.add_parser("quarantine", help="files that could not be ingested")
    qsub = p.add_subparsers(dest="action", required=True)
    q = qsub.add_parser("list")
    q.add_argument("--limit", type=int, default=200)
    q.set_defaults(func=cmd_quarantine)

    p = sub.add_parser("serve", help="serve the web UI")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, help="worker processes (gunicorn; default: one a core)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("dispute", help="case chains")
    dsub = p.add_subparsers(dest="action", required=True)
    d = dsub.add_parser("show", help="the chain 仲裁 → 一审 → 二审 → 执行 holding a case number")
    d.add_argument("case_number")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_dispute_show)

    p = sub.add_parser("eval", help="evaluation commands; each prints its figures as JSON")
    esub = p.add_subparsers(dest="what", required=True)
    e = esub.add_parser("cases", help="claims, outcomes and gig context on typical cases with gold labels")
    e.add_argument("file")
    e.set_defaults(func=cmd_eval_cases)
    e = esub.add_parser("judgments", help="whole judgments with document-level gold: claims, the recited award, "
                                          "the court's outcomes, divergence (the production reader, by halves)")
    e.add_argument("file")
    e.set_defaults(func=cmd_eval_judgments)
    e = esub.add_parser("elements", help="CAIL2019 element labels: model, rules and keyword baseline")
    e.add_argument("file")
    e.add_argument("--train", default=str(ELEMENTS_DEV), help="labelled file to train on (default: shared dev)")
    e.add_argument("--names", default=str(ELEMENT_NAMES), help="label names, for the keyword baseline")
    e.set_defaults(func=cmd_eval_elements)

    e = esub.add_parser("score", help="labor-relation match score: band vs the final decision, leave-one-out")
    e.add_argument("file", help="typical-cases JSONL with gold claims")
    e.set_defaults(func=cmd_eval_score)

    e = esub.add_parser("retrieval", help="LeCaRD similar-case retrieval: caishen's ranking vs plain BM25, pool NDCG")
    e.add_argument("file", help="LeCaRD-format JSONL, plain or .gz")
    e.set_defaults(func=cmd_eval_retrieval)

    p = sub.add_parser("demo", help="generate the sample corpus, ingest it, print a summary and serve the web UI")
    p.add_argument("--disputes", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, help="worker processes serving the web UI (default: one a core)")
    p.add_argument("--no-serve", action="store_true", help="stop after the summary")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        ctx = Context(load_settings())
    except SettingsError as exc:
        print(message("cli_error", detail=exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(ctx, args)
    except SearchUnavailable:
        print(message("cli_error", detail=message("index_unavailable")), file=sys.stderr)
        return 1
    except BrokenProcessPool:  # a worker was killed (out of memory, kill -9): the run ends, the next one resumes it
        print(message("cli_error", detail=message("cli_worker_died")), file=sys.stderr)
        return 1
    except (CommandError, ValueError) as exc:
        print(message("cli_error", detail=exc), file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(message("cli_database_error", where=_safe_url(ctx.settings.database_url), reason=str(exc.orig).strip()),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
