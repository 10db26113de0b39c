"""Statistics and exports: divergence statistics, the employment-form portrait, risk warnings, and the exports for
analysis and for joint meetings."""

from __future__ import annotations

import getpass
from pathlib import Path

from app.cli.common import CommandError, command, field_pairs, print_json, require_schema, subcommands
from app.cli.data import print_warnings_counts
from app.context import Context
from wording.messages import help_text, listed, message


def cmd_stats(ctx: Context, args) -> int:
    from services.stats import StatsQuery, divergence_table, recognition_drift, records

    query = StatsQuery(tuple(args.by or ()), field_pairs(args.where, "--where"))
    require_schema(ctx)
    if args.measure == "agreement":
        return _print_agreement(ctx, query, args.json)
    with ctx.sessions() as session:
        table = (divergence_table if args.measure == "divergence" else recognition_drift)(session, query)
    if args.json:
        return print_json({"measure": args.measure, "by": list(query.by), "where": query.where, "rows": records(table)})
    if table.empty:
        print(message("cli_no_compared_claims"))
    else:  # read by people: columns and codes in Chinese (--json keeps the codes)
        from wording.labels import FIELD_LABELS, field_value_label

        for name in table.columns:
            table[name] = table[name].map(lambda v, name=name: field_value_label(name, v))
        print(table.rename(columns=lambda c: FIELD_LABELS.get(c, c)).to_string(index=False, na_rep="—"))
    return 0


def _print_agreement(ctx: Context, query, as_json: bool) -> int:
    from services.stats import agreement_overall, records, review_agreement

    with ctx.sessions() as session:
        table, cross = review_agreement(session, query)
    overall = agreement_overall(table)
    if as_json:
        return print_json(
            {
                "measure": "agreement",
                "where": query.where,
                "overall": overall,
                "rows": records(table),
                "cross": records(cross),
            }
        )
    rate = f"{overall['agreement']:.1%}" if overall["agreement"] is not None else "—"
    print(
        message(
            "cli_agreement",
            divergent=overall["divergent"],
            reviewed=overall["reviewed"],
            agreed=overall["agreed"],
            rate=rate,
        )
    )
    for r in records(table):
        share = f"{r['agreement']:.0%}" if r["agreement"] is not None else "—"
        corrected = message("cli_agreement_corrected", type=r["corrected_to"]) if r["corrected_to"] else ""
        print(
            message(
                "cli_agreement_row",
                type=r["machine_divergence_type"],
                divergent=r["divergent"],
                reviewed=r["reviewed"],
                agreed=r["agreed"],
                share=share,
                corrected=corrected,
            )
        )
    return 0


def cmd_portrait(ctx: Context, args) -> int:
    from services.portrait import portrait

    require_schema(ctx)
    with ctx.sessions() as session:
        rows = portrait(session, args.by, args.year)
    if args.json:
        return print_json(rows)
    import pandas as pd

    from wording.labels import PORTRAIT_LABELS

    if not rows:
        print(message("cli_no_portrait"))
        return 0
    table = pd.DataFrame(rows)
    with pd.option_context("display.max_columns", None, "display.width", 200):
        print(table.astype(object).where(table.notna(), "—").rename(columns=PORTRAIT_LABELS).to_string(index=False))
    return 0


def cmd_warnings(ctx: Context, args) -> int:
    from services.warnings import active, refresh, warning_dict

    require_schema(ctx)
    if args.refresh:
        print_warnings_counts(refresh(ctx.sessions))
    with ctx.sessions() as session:
        found = [warning_dict(w) for w in active(session, include_resolved=args.all)]
    if args.json:
        return print_json(found)
    from wording.labels import SEVERITY_LABELS, WARNING_RULE_LABELS, local_time

    for w in found:
        print(
            f"[{SEVERITY_LABELS[w['severity']]}] {w['message']}  ({WARNING_RULE_LABELS.get(w['rule'], w['rule'])}；"
            f"自 {local_time(w['first_seen'], True)}"
            f"{'，' + local_time(w['resolved_at'], True) + ' 解除' if w['resolved_at'] else ''}）"
        )
    if not found:
        print(message("cli_no_warnings"))
    return 0


def cmd_export_divergences(ctx: Context, args) -> int:
    from services.export import export_divergences
    from services.stats import StatsQuery

    query = StatsQuery(where=field_pairs(args.where, "--where"))
    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    require_schema(ctx)
    with ctx.sessions() as session:
        n = export_divergences(session, fmt, args.out, query, codes=args.codes)
    print(message("cli_exported", n=n, out=args.out, format=fmt))
    return 0


def cmd_export_joint_meeting(ctx: Context, args) -> int:
    from datetime import datetime, timezone

    from services.auth import audit
    from services.joint_meeting import MeetingQuery, material, material_docx, material_xlsx

    fmt = Path(args.out).suffix.lstrip(".").lower()
    if fmt not in ("docx", "xlsx"):
        raise CommandError(message("cli_meeting_format", out=args.out))
    query = MeetingQuery.parse(
        {"date_from": args.date_from, "date_to": args.date_to, "province": args.province, "city": args.city}
    )
    require_schema(ctx)
    made_by = f"{getpass.getuser()}（命令行）"
    with ctx.sessions.begin() as session:
        m = material(session, query, made_by, datetime.now(timezone.utc).replace(tzinfo=None))
        Path(args.out).write_bytes(material_docx(m) if fmt == "docx" else material_xlsx(m))
        audit(
            session,
            "export",
            username=made_by,
            target=f"joint-meeting.{fmt}",
            detail={"via": "cli", "rows": len(m.items), "period": query.period(), "region": query.region()},
        )
    print(message("cli_meeting_written", n=len(m.items), reviewed=m.reviewed, to_unify=len(m.to_unify), out=args.out))
    return 0


def register(sub) -> None:
    from services.stats import FIELDS, MEASURES

    p = command(sub, "stats", cmd_stats)
    p.add_argument(
        "--by", nargs="+", choices=list(FIELDS), metavar="FIELD", help=help_text("stats --by", fields=listed(FIELDS))
    )
    p.add_argument("--where", action="append", metavar="FIELD=VALUE", help=help_text("where"))
    p.add_argument("--measure", choices=MEASURES, default="divergence", help=help_text("stats --measure"))
    p.add_argument("--json", action="store_true", help=help_text("json"))

    from services.portrait import PORTRAIT_BY

    p = command(sub, "portrait", cmd_portrait)
    p.add_argument("--by", choices=PORTRAIT_BY, default="platform", help=help_text("portrait --by"))
    p.add_argument("--year", type=int, help=help_text("portrait --year"))
    p.add_argument("--json", action="store_true", help=help_text("json"))

    p = command(sub, "warnings", cmd_warnings)
    p.add_argument("--refresh", action="store_true", help=help_text("warnings --refresh"))
    p.add_argument("--all", action="store_true", help=help_text("warnings --all"))
    p.add_argument("--json", action="store_true", help=help_text("json"))

    esub = subcommands(command(sub, "export"), "what")
    e = command(esub, "divergences", cmd_export_divergences, key="export divergences")
    e.add_argument("out", help=help_text("export divergences out"))
    e.add_argument("--format", choices=["csv", "xlsx", "parquet"], help=help_text("export divergences --format"))
    e.add_argument("--where", action="append", metavar="FIELD=VALUE", help=help_text("where"))
    e.add_argument("--codes", action="store_true", help=help_text("export divergences --codes"))
    e = command(esub, "joint-meeting", cmd_export_joint_meeting, key="export joint-meeting")
    e.add_argument("out", help=help_text("export joint-meeting out"))
    e.add_argument("--from", dest="date_from", help=help_text("export joint-meeting --from"))
    e.add_argument("--to", dest="date_to", help=help_text("export joint-meeting --to"))
    e.add_argument("--province", help=help_text("export joint-meeting --province"))
    e.add_argument("--city", help=help_text("export joint-meeting --city"))
