"""The `caishen` command: a thin layer over the library, one module a group of commands; errors become one clear
line and a non-zero exit."""

from __future__ import annotations

import os
import sys
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy.exc import OperationalError

from app.cli import cases, data, evaluation, serve, stats, users
from app.cli.common import EXIT_USAGE, CommandError, Parser, safe_url, subcommands
from app.context import Context
from config import load_settings
from config.settings import SettingsError
from search import SearchUnavailable
from wording.messages import help_text, message

GROUPS = (data, cases, stats, evaluation, users, serve)


def build_parser() -> Parser:
    parser = Parser(prog="caishen", description=help_text("caishen"))
    sub = subcommands(parser, "command")
    for group in GROUPS:
        group.register(sub)
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
        print(
            message("cli_database_error", where=safe_url(ctx.settings.database_url), reason=str(exc.orig).strip()),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped reading (caishen search … | head): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the exit's flush does not fail too
        return 0
    finally:
        ctx.close()
