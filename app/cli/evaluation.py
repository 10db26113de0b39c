"""Evaluation and models: each eval command prints its figures as JSON; the element classifier is trained here and
the match score calibrated."""

from __future__ import annotations

from pathlib import Path

from app.cli.common import command, print_json, require_file, subcommands
from app.context import Context
from wording.messages import help_text


def cmd_eval_cases(ctx: Context, args) -> int:
    from nlp.eval import eval_cases

    require_file(args.file)
    return print_json(eval_cases(args.file, ctx.settings.divergence_tolerance))


def cmd_eval_judgments(ctx: Context, args) -> int:
    from nlp.eval import eval_judgments

    require_file(args.file)
    return print_json(eval_judgments(args.file, ctx.settings.divergence_tolerance))


def cmd_eval_elements(ctx: Context, args) -> int:
    from nlp.eval import ELEMENT_NAMES, ELEMENTS_DEV, eval_elements

    train = str(ELEMENTS_DEV) if args.train is None else args.train
    names = str(ELEMENT_NAMES) if args.names is None else args.names
    for path in (args.file, train, names):
        require_file(path)
    return print_json(eval_elements(args.file, train, names))


def cmd_eval_score(ctx: Context, args) -> int:
    from nlp.eval import eval_score

    require_file(args.file)
    return print_json(eval_score(args.file))


def cmd_eval_retrieval(ctx: Context, args) -> int:
    from nlp.eval import eval_retrieval

    require_file(args.file)
    return print_json(eval_retrieval(args.file))


def cmd_train_elements(ctx: Context, args) -> int:
    from ingest.sample.demo import train_elements
    from nlp.eval import ELEMENTS_DEV

    file = str(ELEMENTS_DEV) if args.file is None else args.file
    require_file(file)
    trained = train_elements(file, Path(args.out) if args.out else ctx.settings.elements_model_path)
    return print_json(
        {
            "model": str(trained.model),
            "trained_on": file,
            "documents": trained.documents,
            "sentences": trained.sentences,
        }
    )


def cmd_score_calibrate(ctx: Context, args) -> int:
    from nlp.eval import calibrate_score

    require_file(args.file)
    return print_json(calibrate_score(args.file))


def register(sub) -> None:
    # The files' defaults (the shared data's) are nlp.eval's, filled in by the commands: importing it here would load
    # scikit-learn for every command and --help.
    p = command(sub, "train-elements", cmd_train_elements)
    p.add_argument("file", nargs="?", help=help_text("train-elements file"))
    p.add_argument("--out", help=help_text("train-elements --out"))
    p = command(sub, "calibrate-score", cmd_score_calibrate)
    p.add_argument("file", help=help_text("calibrate-score file"))

    esub = subcommands(command(sub, "eval"), "what")
    for name, func in (("cases", cmd_eval_cases), ("judgments", cmd_eval_judgments), ("score", cmd_eval_score)):
        command(esub, name, func, key=f"eval {name}").add_argument("file", help=help_text("eval_file"))
    e = command(esub, "elements", cmd_eval_elements, key="eval elements")
    e.add_argument("file", help=help_text("eval_file"))
    e.add_argument("--train", help=help_text("eval elements --train"))
    e.add_argument("--names", help=help_text("eval elements --names"))
    e = command(esub, "retrieval", cmd_eval_retrieval, key="eval retrieval")
    e.add_argument("file", help=help_text("eval retrieval file"))
