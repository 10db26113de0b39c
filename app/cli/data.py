"""Commands that build and maintain the store: the schema, generated demo data, ingest, re-reading and re-indexing,
comparison of claims, and what the store holds (summary, quarantine)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.cli.common import command, print_json, require_inputs, require_schema, safe_url, search_or_none, subcommands
from app.context import Context
from wording.messages import help_text, message


def cmd_init_db(ctx: Context, args) -> int:
    from ingest.pipeline import prepare_database

    print_database_ready(ctx, prepare_database(ctx.settings, ctx.sessions, search_or_none(ctx)))
    return 0


def cmd_sample_corpus(ctx: Context, args) -> int:
    from ingest.sample import generate_corpus

    print_corpus(generate_corpus(args.out_dir, args.disputes, args.seed), args.out_dir)
    return 0


def cmd_ingest(ctx: Context, args) -> int:
    from ingest.pipeline import ingest

    require_inputs(ctx, args.paths)
    report = ingest(args.paths, ctx.settings, ctx.sessions, search_or_none(ctx))
    if args.report:
        Path(args.report).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    print_ingest(report)
    return 0


def cmd_sample_side(ctx: Context, args) -> int:
    from ingest.sample.side import generate_side_data

    print_files(generate_side_data(args.out_dir, args.seed))
    return 0


def cmd_ingest_side(ctx: Context, args) -> int:
    from ingest.side import load_side

    require_inputs(ctx, args.paths)
    print_side(load_side(args.paths, ctx.sessions, ctx.settings.max_file_bytes, args.kind))
    return 0


def cmd_reindex(ctx: Context, args) -> int:
    from ingest.pipeline import reindex

    require_schema(ctx)
    n = reindex(ctx.sessions, ctx.search, workers=ctx.settings.ingest_workers)
    print(message("cli_reindexed", n=n))
    return 0


def cmd_reextract(ctx: Context, args) -> int:
    from ingest.pipeline import reextract

    require_schema(ctx)
    n = reextract(
        ctx.sessions,
        search_or_none(ctx),
        ctx.settings.divergence_tolerance,
        force=args.all,
        workers=ctx.settings.ingest_workers,
    )
    print(message("cli_reextracted", n=n))
    return 0


def cmd_analyse(ctx: Context, args) -> int:
    from services.analysis import analyse_all, analyse_pending

    require_schema(ctx)
    tolerance = ctx.settings.divergence_tolerance
    n = analyse_all(ctx.sessions, tolerance) if args.all else analyse_pending(ctx.sessions, tolerance)
    print(message("cli_analysed", n=n, tolerance=tolerance))
    return 0


def cmd_summary(ctx: Context, args) -> int:
    from services.corpus import summary

    require_schema(ctx)
    with ctx.sessions() as session:
        counts = summary(session)
    return print_json(counts)


def cmd_quarantine(ctx: Context, args) -> int:
    from services.corpus import quarantined
    from wording.labels import quarantine_reason

    require_schema(ctx)
    with ctx.sessions() as session:
        rows = quarantined(session, args.limit)
    for q in rows:
        where = q.path + (f" [{q.member}]" if q.member else "")
        print(message("cli_quarantine_row", run=q.run_id, where=where, reason=quarantine_reason(q.reason)))
    print(message("cli_quarantined", n=len(rows)), file=sys.stderr)
    return 0


# What a run did, as the data commands and the demo print it.


def print_database_ready(ctx: Context, compared_again: int) -> None:
    if compared_again:
        print(message("cli_compared_again", n=compared_again))
    print(message("cli_database_ready", where=safe_url(ctx.settings.database_url)))


def print_corpus(s, out) -> None:
    print(
        message(
            "cli_corpus_written",
            disputes=s.disputes,
            documents=s.documents,
            files=s.files,
            out=out,
            by_kind=_by_kind(s.by_kind),
            truth=s.truth_path,
        )
    )


def print_files(paths) -> None:
    for path in paths:
        print(message("cli_file_written", path=path))


def print_ingest(report) -> None:
    print(
        message(
            "cli_ingest_done",
            run=report.run_id,
            files=report.files,
            read=report.documents_read,
            new=report.documents_new,
            existing=report.documents_existing,
            quarantined=len(report.quarantined),
            rate=report.docs_per_s,
        )
    )
    for err in report.index_errors:
        print(message("cli_index_not_updated", reason=err), file=sys.stderr)
    print_warnings_counts(report.warnings)


def print_side(report) -> None:
    print(
        message(
            "cli_side_done",
            run=report.run_id,
            files=report.files,
            read=report.rows_read,
            new=report.rows_new,
            updated=report.rows_updated,
            quarantined=len(report.quarantined),
            by_kind=_by_kind(report.by_kind) or message("cli_nothing_loaded"),
        )
    )
    print_warnings_counts(report.warnings)


def print_warnings_counts(counts: dict) -> None:
    if "error" in counts:
        print(message("cli_warnings_not_evaluated", reason=counts["error"]), file=sys.stderr)
    elif counts:
        print(message("cli_warnings_counts", new=counts["new"], holding=counts["holding"], resolved=counts["resolved"]))


def _by_kind(counts: dict) -> str:
    """What a run read, by kind of document or side data (codes as people read them)."""
    from wording.labels import KIND_LABELS, SIDE_KIND_LABELS

    labels = {**KIND_LABELS, **SIDE_KIND_LABELS}
    return "，".join(f"{labels.get(k, k)} {v}" for k, v in sorted(counts.items()))


def register(sub) -> None:
    command(sub, "init-db", cmd_init_db)

    p = command(sub, "sample-corpus", cmd_sample_corpus)
    p.add_argument("out_dir", type=Path, help=help_text("sample-corpus out_dir"))
    p.add_argument("--disputes", type=int, default=200, help=help_text("sample-corpus --disputes"))
    p.add_argument("--seed", type=int, default=0, help=help_text("seed"))

    p = command(sub, "ingest", cmd_ingest)
    p.add_argument("paths", nargs="+", help=help_text("ingest paths"))
    p.add_argument("--report", help=help_text("ingest --report"))

    p = command(sub, "sample-side", cmd_sample_side)
    p.add_argument("out_dir", type=Path, help=help_text("sample-side out_dir"))
    p.add_argument("--seed", type=int, default=0, help=help_text("seed"))

    from ingest.side import schemas as side_schemas

    p = command(sub, "ingest-side", cmd_ingest_side)
    p.add_argument("paths", nargs="+", help=help_text("ingest-side paths"))
    p.add_argument("--kind", choices=list(side_schemas()), help=help_text("ingest-side --kind"))

    command(sub, "reindex", cmd_reindex)
    p = command(sub, "reextract", cmd_reextract)
    p.add_argument("--all", action="store_true", help=help_text("reextract --all"))
    p = command(sub, "analyse", cmd_analyse)
    p.add_argument("--all", action="store_true", help=help_text("analyse --all"))

    command(sub, "summary", cmd_summary)
    q = command(subcommands(command(sub, "quarantine"), "action"), "list", cmd_quarantine, key="quarantine list")
    q.add_argument("--limit", type=int, default=200, help=help_text("limit"))
