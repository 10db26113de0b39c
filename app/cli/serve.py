"""Serving the web UI, and the demo that prepares its data first."""

from __future__ import annotations

from app.cli.common import command, print_json, search_or_none
from app.cli.data import print_corpus, print_database_ready, print_files, print_ingest, print_side
from app.context import Context
from wording.messages import help_text, message


def cmd_serve(ctx: Context, args) -> int:
    from app.serve import default_workers, serve

    host, port = args.host or ctx.settings.host, args.port or ctx.settings.port
    workers = args.workers or default_workers()
    print(message("cli_serving", host=host, port=port), flush=True)
    serve(ctx.settings, host, port, workers)
    return 0


def cmd_demo(ctx: Context, args) -> int:
    """The main job on embedded defaults (ingest.sample.demo), what it did, then the demo users and the server."""
    from ingest.sample.demo import prepare_demo

    demo = prepare_demo(ctx.settings, ctx.sessions, search_or_none(ctx), disputes=args.disputes, seed=args.seed)
    print_database_ready(ctx, demo.compared_again)
    if demo.corpus is not None:
        print_corpus(demo.corpus, demo.corpus_dir)
    print_files(demo.side_files)
    print_ingest(demo.ingest)
    print_side(demo.side)
    print_json(demo.summary)
    if demo.elements is not None:
        print(
            message(
                "cli_elements_trained",
                model=demo.elements.model,
                documents=demo.elements.documents,
                sentences=demo.elements.sentences,
            )
        )
    if args.no_serve:
        return 0
    from services.auth import demo_institutions, demo_users

    with ctx.sessions.begin() as session:
        where = demo_institutions(session)
        users = demo_users(session, where)
    print(message("cli_demo_users"))
    for name, password in users.items():
        print(f"    {name}  {password}  （{where.get(name.removeprefix('demo-'), '演示机构')}）")
    return cmd_serve(ctx, args)


def _serving_options(p) -> None:
    p.add_argument("--host", help=help_text("host"))
    p.add_argument("--port", type=int, help=help_text("port"))
    p.add_argument("--workers", type=int, help=help_text("workers"))


def register(sub) -> None:
    _serving_options(command(sub, "serve", cmd_serve))

    p = command(sub, "demo", cmd_demo)
    p.add_argument("--disputes", type=int, default=200, help=help_text("demo --disputes"))
    p.add_argument("--seed", type=int, default=0, help=help_text("seed"))
    _serving_options(p)
    p.add_argument("--no-serve", action="store_true", help=help_text("demo --no-serve"))
