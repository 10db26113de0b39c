"""Reading cases: full-text search, similar cases (类案), the labor-relation match score, element labels, and a
dispute's chain."""

from __future__ import annotations

import getpass
from pathlib import Path

from app.cli.common import CommandError, command, field_pairs, file_text, print_json, require_schema, subcommands
from app.context import Context
from wording.messages import help_text, invalid_input, listed, message


def cmd_search(ctx: Context, args) -> int:
    from services.corpus import search

    filters = field_pairs(args.filter)
    require_schema(ctx)
    with ctx.sessions() as session:
        page = search(
            session,
            ctx.search,
            args.query,
            filters=filters,
            page=args.page,
            per_page=args.limit,
            sort=args.sort,
            facets=args.facets,
        )
    if args.json:
        return print_json(page.to_dict())
    from wording.labels import FACET_LABELS, KIND_LABELS, facet_value_label

    print(message("cli_search_total", total=page.total, query=args.query))
    for h in page.hits:
        print(
            message(
                "cli_search_hit",
                doc_id=h.doc_id,
                body=h.body or "",
                title=h.title,
                case_number=h.case_number or "",
                kind=KIND_LABELS[h.kind],
                score=h.score,
            )
        )
        for s in h.highlights[:1]:
            print("    " + s.replace("<mark>", "【").replace("</mark>", "】"))
    for name, counts in page.facets.items():
        if counts:
            print(
                f"  {FACET_LABELS.get(name, name)}: "
                + ", ".join(f"{facet_value_label(name, v)} ({n})" for v, n in counts[:10])
            )
    return 0


def cmd_similar(ctx: Context, args) -> int:
    from services.auth import audit
    from services.similar import BadFilter, UnknownDocument, filters_from, similar_to_document, similar_to_text
    from services.similar_report import issue_rows, report_docx, similar_report
    from store.models import utcnow
    from wording.labels import FACTOR_LABELS, SIMILAR_FILTERS, decision_label

    require_schema(ctx)
    try:
        filters = filters_from({k: v for k in SIMILAR_FILTERS if (v := getattr(args, k)) is not None})
    except BadFilter as exc:
        raise CommandError(message("cli_similar_filter", option=exc.field.replace("_", "-"), detail=exc)) from None
    text = args.text if args.doc_id is None and args.text is not None else None
    source = "text"
    if args.file is not None:
        text, source = file_text(ctx, args.file), f"file {args.file}"
    with ctx.sessions.begin() as session:
        try:
            if args.report:
                who = getpass.getuser()
                report = similar_report(
                    session,
                    ctx.search,
                    searched_by=f"{who}（命令行）",
                    searched_at=utcnow(),
                    full_text=True,
                    doc_id=args.doc_id,
                    text=text,
                    source=source,
                    limit=args.limit,
                    filters=filters,
                )
                result = report.result
                Path(args.report).write_bytes(report_docx(report))
                audit(
                    session,
                    "similar_report",
                    username=f"cli:{who}",
                    target=result.source,
                    detail={"via": "cli", "format": "docx", "hits": [h.doc_id for h in result.hits]},
                )
            elif args.doc_id is not None:
                result = similar_to_document(session, ctx.search, args.doc_id, limit=args.limit, filters=filters)
            else:
                result = similar_to_text(session, ctx.search, text, source=source, limit=args.limit, filters=filters)
        except UnknownDocument as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        return print_json(result.to_dict())
    print(
        f"与 {_source_label(result.source)} 相似的纠纷（请求类型：{'、'.join(result.claim_types) or '—'}；"
        f"劳动关系要素：{'、'.join(FACTOR_LABELS.get(f, f) for f in result.factors) or '—'}；"
        f"用工方式：{result.employment_mode or '—'}）"
    )
    for h in result.hits:
        print(
            f"[{h.doc_id}] 相似度 {h.similarity:.0f}/100 {decision_label(h.stage, h.kind)} "
            f"{h.body or ''} {h.case_number or '无案号'} {h.decision_date or ''}"
        )
        for issue, award, court, divergence in issue_rows(h):
            print(f"    {issue}：仲裁 {award}；法院 {court}；{divergence}")
        why = [
            f"相同请求 {'、'.join(h.shared_claim_types)}" if h.shared_claim_types else "",
            f"相同要素 {'、'.join(FACTOR_LABELS.get(f, f) for f in h.shared_factors)}" if h.shared_factors else "",
            f"同为{h.employment_mode}" if h.same_mode else "",
            f"共同关键词 {'、'.join(h.shared_terms)}" if h.shared_terms else "",
        ]
        print("    相似之处：" + "；".join(w for w in why if w))
    if args.report:
        print(f"类案检索报告已写入 {args.report}")
    return 0


def cmd_score(ctx: Context, args) -> int:
    from nlp.match import InvalidInput
    from services.compare import UnknownDispute
    from services.match import dispute_score, inputs_score, text_score

    changes = {k: v[-1] for k, v in field_pairs(args.set, "--set").items()}
    try:
        if args.dispute_id is not None:
            require_schema(ctx)
            with ctx.sessions() as session:
                view = dispute_score(session, args.dispute_id, changes)
        elif args.text is not None or args.file is not None:
            view = text_score(args.text if args.text is not None else file_text(ctx, args.file), changes)
        elif changes:
            view = inputs_score(changes)
        else:
            raise CommandError(message("cli_give_score_input"))
    except UnknownDispute as exc:
        raise CommandError(str(exc)) from None
    except InvalidInput as exc:
        raise CommandError(invalid_input(exc)) from None
    if args.json:
        return print_json(view.to_dict())
    from wording.labels import model_label

    print(
        message(
            "cli_score",
            score=view.score,
            band=view.band_label,
            threshold=view.threshold,
            incomplete=view.incomplete_from,
            model=model_label(view.model),
        )
    )
    for f in view.factors:
        if f.source == "unknown":
            continue
        how = (
            f"{f.quantity[0]}={f.quantity[1]:g}"
            if f.quantity
            else (message("cli_score_by_hand") if f.source == "input" else message("cli_score_cues", n=len(f.cues)))
        )
        print(
            message(
                "cli_score_factor", points=f.points, label=f.label, name=f.name, value=f.value, weight=f.weight, how=how
            )
        )
        for c in f.cues[:3]:
            print(f"          {'+' if c.direction > 0 else '−'} …{c.quote}…")
    unknown = [f.name for f in view.factors if f.source == "unknown"]
    if unknown:
        print(message("cli_score_unknown", names="、".join(unknown)))
    return 0


def cmd_elements(ctx: Context, args) -> int:
    from dataclasses import asdict

    from nlp.elements import label_sentences

    model = ctx.elements_model
    text = args.text if args.text is not None else file_text(ctx, args.file)
    rows = [asdict(s) for s in label_sentences(text, model) if s.labels or args.all]
    return print_json(
        {"model": "classifier" if model else "rules only (run caishen train-elements)", "sentences": rows}
    )


def cmd_dispute_show(ctx: Context, args) -> int:
    from services.disputes import UnknownCaseNumber, chain_for, chain_of
    from wording.labels import DIRECTION_LABELS, KIND_LABELS, OUTCOME_LABELS, SOURCE_LABELS, STAGE_LABELS

    require_schema(ctx)
    with ctx.sessions() as session:
        try:
            # A bare number is a dispute's own (a case report or a headerless judgment has no case number to give).
            wanted = args.case_number.strip()
            chain = chain_of(session, int(wanted)) if wanted.isdigit() else chain_for(session, wanted)
        except UnknownCaseNumber as exc:
            raise CommandError(str(exc)) from None
    if args.json:
        return print_json(chain.to_dict())
    print(message("cli_dispute", dispute_id=chain.dispute_id))
    for s in chain.stages:
        print(
            f"  {STAGE_LABELS.get(s.stage, s.stage or '?')}  {s.case_number or '无案号'}  {s.body or ''}  "
            f"{s.decision_date or ''}"
        )
        for d in s.documents:
            print(
                f"      [{d['id']}] {KIND_LABELS[d['kind']]}  {d['title']}  ({d['source'].rsplit('/', 1)[-1]}"
                f"{' ' + d['member'] if d['member'] else ''})"
            )
        for o in s.outcomes:
            amount = f" {o.amount:,.0f}元" if o.amount is not None else ""
            print(
                f"      {o.ordinal}. {o.claim_type}: {OUTCOME_LABELS[o.outcome]}{amount}"
                f"{message('cli_recited') if o.read_from == 'recited' else ''}"
            )
    if chain.comparisons:
        print(message("cli_comparison"))
    for c in chain.comparisons:
        kind = (
            f"{c.reviewed_type}（已研判，机器分类 {c.divergence_type}）" if c.reviewed_type else c.divergence_type or ""
        )
        verdict = (
            ("分歧 " + kind + " " + DIRECTION_LABELS[c.direction])
            if c.divergent
            else "一致"
            if c.divergent is False
            else "未比对"
        )
        print(f"      {c.ordinal}. {c.claim_type}: {c.change}  [{verdict}]")
        for e in c.evidence:
            print(f"         {SOURCE_LABELS[e['stage']]}：「{e['quote']}」")
    return 0


def _source_label(source: str) -> str:
    """What similar cases were found for ("document 12", "text", "file x.docx"), as the reader says it."""
    kind, _, rest = source.partition(" ")
    return {"document": f"文书 {rest}", "file": f"文件 {rest}"}.get(kind, "所给文本")


def register(sub) -> None:
    from nlp.match import inputs as score_inputs
    from search.base import FILTER_FIELDS, SORTS
    from wording.labels import OUTCOME_LABELS, SIMILAR_FILTERS

    p = command(sub, "search", cmd_search)
    p.add_argument("query", help=help_text("search query"))
    p.add_argument(
        "--filter",
        action="append",
        metavar="FIELD=VALUE",
        help=help_text("search --filter", fields=listed(FILTER_FIELDS)),
    )
    p.add_argument("--sort", choices=SORTS, default="relevance", help=help_text("search --sort"))
    p.add_argument("--facets", action="store_true", help=help_text("search --facets"))
    p.add_argument("--limit", type=int, default=10, help=help_text("limit"))
    p.add_argument("--page", type=int, default=1, help=help_text("search --page"))
    p.add_argument("--json", action="store_true", help=help_text("json"))

    p = command(sub, "similar", cmd_similar)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--doc-id", type=int, help=help_text("similar --doc-id"))
    source.add_argument("--text", help=help_text("text_in"))
    source.add_argument("--file", help=help_text("file_in"))
    p.add_argument("--limit", type=int, default=10, help=help_text("limit"))
    p.add_argument("--json", action="store_true", help=help_text("json"))
    p.add_argument("--report", metavar="类案检索报告.docx", help=help_text("similar --report"))
    for name in SIMILAR_FILTERS:
        option = "--" + name.replace("_", "-")
        p.add_argument(
            option,
            help=help_text(
                f"similar {option}", outcomes=listed(f"{code}（{label}）" for code, label in OUTCOME_LABELS.items())
            ),
        )

    p = command(sub, "score", cmd_score)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--dispute-id", type=int, help=help_text("score --dispute-id"))
    source.add_argument("--text", help=help_text("text_in"))
    source.add_argument("--file", help=help_text("file_in"))
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help=help_text(
            "score --set",
            inputs=listed(
                f"{i.name}（{i.label}，{i.unit or '|'.join(i.choices) or 'yes|no'}）" for i in score_inputs()
            ),
        ),
    )
    p.add_argument("--json", action="store_true", help=help_text("json"))

    p = command(sub, "elements", cmd_elements)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help=help_text("text_in"))
    source.add_argument("--file", help=help_text("file_in"))
    p.add_argument("--all", action="store_true", help=help_text("elements --all"))

    d = command(subcommands(command(sub, "dispute"), "action"), "show", cmd_dispute_show, key="dispute show")
    d.add_argument("case_number", help=help_text("dispute show case_number"))
    d.add_argument("--json", action="store_true", help=help_text("json"))
