"""What every command module shares: the error a command raises, the parser that speaks Chinese, and the checks and
printing the commands have in common."""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

from app.context import Context
from search import SearchUnavailable
from wording.messages import help_text, message

EXIT_USAGE = 2


class CommandError(Exception):
    """A command cannot go on; the message says why."""


# argparse words each come through its module-level gettext `_` (at construction, on --help and on errors); the
# parser below swaps in these while it runs. A string not listed (another Python version's wording) stays as is.
_ARGPARSE_WORDS = {
    "usage: ": "argparse_usage",
    "positional arguments": "argparse_positionals",
    "options": "argparse_options",
    "show this help message and exit": "argparse_help",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "the following arguments are required: %s": "argparse_required",
    "one of the arguments %s is required": "argparse_one_required",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "not allowed with argument %s": "argparse_not_allowed_with",
    "expected one argument": "argparse_one_value",
    "expected at most one argument": "argparse_at_most_one_value",
    "expected at least one argument": "argparse_values",
    "ambiguous option: %(option)s could match %(matches)s": "argparse_ambiguous",
    "invalid %(type)s value: %(value)r": "argparse_invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse_unknown_command",
    "ignored explicit argument %r": "argparse_explicit_ignored",
    "can't open '%(filename)s': %(error)s": "argparse_cannot_open",
}


def _chinese(text: str) -> str:
    return message(_ARGPARSE_WORDS[text]) if text in _ARGPARSE_WORDS else text


def _chinese_n(singular: str, plural: str, n: int) -> str:
    return message("argparse_n_values") if plural == "expected %s arguments" else (singular if n == 1 else plural)


@contextmanager
def _in_chinese():
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _chinese, _chinese_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# Punctuation that closes what it follows stays on its line; what opens goes to the next with what it opens.
_NO_LINE_START, _NO_LINE_END = set("，、。；：）」”"), set("（「“")


class Formatter(argparse.HelpFormatter):
    """Help lines wrapped by display width (a Chinese character takes two columns) and between words: Chinese text
    has no spaces for textwrap to break at, and a code (partly_granted) must not be cut in two."""

    def _split_lines(self, text, width):
        lines, line, used = [], "", 0
        for token in re.findall(r"[\x21-\x7e]+|\s+|.", " ".join(text.split())):
            size = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in token)
            if used + size > width and line.strip() and token not in _NO_LINE_START:
                carried = line[-1] if line[-1] in _NO_LINE_END else ""
                lines.append(line[: len(line) - len(carried)].rstrip())
                line, used = carried, 2 * len(carried)
                if token.isspace():
                    continue
            line, used = line + token, used + size
        return [*lines, line.rstrip()] if line.strip() else lines


class Parser(argparse.ArgumentParser):
    """argparse with its own words in Chinese, and errors as one `caishen 出错：` line after the usage."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        with _in_chinese():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        with _in_chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _in_chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with _in_chinese():  # section headings end in argparse's own colon: a Chinese one
            return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.M)

    def error(self, detail: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, message("cli_error", detail=detail) + "\n")


def command(sub, name: str, func=None, key: str | None = None) -> Parser:
    """A sub-command (or a group of them, without func) whose help in the list of commands is also its description
    on its own --help."""
    text = help_text(key or name)
    p = sub.add_parser(name, help=text, description=text)
    if func is not None:
        p.set_defaults(func=func)
    return p


def subcommands(parser: Parser, dest: str):
    return parser.add_subparsers(dest=dest, required=True, metavar="命令", help=help_text("commands"))


def print_json(data) -> int:
    """Print a command's result as JSON (Chinese as is) and end the command."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def require_inputs(ctx: Context, paths: list[str]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise CommandError(message("cli_no_such_path", paths="、".join(missing)))
    require_schema(ctx)


def file_text(ctx: Context, path: str) -> str:
    """The text of a file in any format ingest reads (a ValueError names what is wrong with it)."""
    from ingest.sources import text_of_file

    require_file(path)
    return text_of_file(path, Path(path).read_bytes(), ctx.settings.max_file_bytes)


def require_file(path: str) -> None:
    if not Path(path).is_file():
        raise CommandError(message("cli_no_such_file", path=path))


def field_pairs(pairs: list[str] | None, option: str = "--filter") -> dict[str, list[str]]:
    """FIELD=VALUE options as field → values; a field given twice matches either value."""
    found: dict[str, list[str]] = {}
    for pair in pairs or []:
        field, sep, value = pair.partition("=")
        if not sep or not value:
            raise CommandError(message("cli_pair_expected", option=option, pair=pair))
        found.setdefault(field, []).append(value)
    return found


def require_schema(ctx: Context) -> None:
    from store.db import schema_revisions

    current, head = schema_revisions(ctx.engine)
    where = safe_url(ctx.settings.database_url)
    if current is None:
        raise CommandError(message("cli_no_schema", where=where))
    if current != head:
        raise CommandError(message("cli_old_schema", current=current, head=head, where=where))


def search_or_none(ctx: Context):
    try:
        return ctx.search
    except SearchUnavailable:
        print(message("cli_index_unavailable"), file=sys.stderr)
        return None


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
