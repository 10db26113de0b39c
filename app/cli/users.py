"""Users: who may sign in to the web UI and the API, in which role and institution."""

from __future__ import annotations

import sys

from app.cli.common import CommandError, command, require_schema
from app.context import Context
from wording.messages import help_text, message


def cmd_create_user(ctx: Context, args) -> int:
    import getpass

    from services.auth import AuthError, create_user

    require_schema(ctx)
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
    from wording.labels import ROLE_LABELS

    print(message("cli_user_created", name=args.name, role=ROLE_LABELS[role], institution=institution))
    return 0


def register(sub) -> None:
    p = command(sub, "create-user", cmd_create_user)
    p.add_argument("name", help=help_text("create-user name"))
    p.add_argument(
        "--role",
        required=True,
        choices=["judge", "arbitrator", "analyst", "admin"],
        help=help_text("create-user --role"),
    )
    p.add_argument("--institution", required=True, help=help_text("create-user --institution"))
