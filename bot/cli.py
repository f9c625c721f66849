"""Waypoint's command line: a venture's report, cohorts for programme managers, venture export
and deletion, and the web server.

Exit codes: 0 done; 1 nothing found (unknown sender, code or venture) or the database is not ready;
2 a usage mistake (a missing argument, an empty name, a deletion without --yes).
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Callable, Optional, Sequence, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import load_settings
from bot.store import Store
from bot.store.conversion import founder_record
from bot.store.errors import InvalidInput, NotFound, SchemaBehind, SchemaUnknown
from bot.store.models import Founder, FounderLink
from bot.store.records import CohortRecord, FounderRecord
from bot.web.settings import WebSettings, load_web_settings, slack_join_phrase
from bot.web.summary import VentureSummary

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2
STATUS_LABELS = {"achieved": "achieved", "in_progress": "in progress", "not_started": "not started", "unknown": "not known"}
WRAP_WIDTH = 100


class CommandError(Exception):
    """A problem the person at the terminal can fix; carries the exit code to use."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Waypoint's command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser("report", help="print a founder's venture assessment and next steps")
    report.add_argument("--sender", required=True, help="the sender id the founder talks to Waypoint from")
    report.add_argument("--channel", default="rest", help="the channel of that sender id (default: rest)")
    report.add_argument("--json", action="store_true", help="print JSON instead of text")
    report.set_defaults(run=run_report)

    cohort = commands.add_parser("cohort", help="create and look at cohorts").add_subparsers(
        dest="cohort_command", required=True, metavar="ACTION"
    )
    create = cohort.add_parser("create", help="create a cohort: prints its invite code, links and dashboard token")
    create.add_argument("name", help='the cohort\'s name, e.g. "Spring 2027"')
    create.add_argument("--welcome", help="welcome text founders see when they join")
    create.set_defaults(run=run_cohort_create)
    cohort.add_parser("list", help="list every cohort").set_defaults(run=run_cohort_list)
    show = cohort.add_parser("show", help="show one cohort and its ventures")
    show.add_argument("code", help="the cohort's invite code")
    show.set_defaults(run=run_cohort_show)

    venture = commands.add_parser("venture", help="export or delete a venture's data").add_subparsers(
        dest="venture_command", required=True, metavar="ACTION"
    )
    export = venture.add_parser("export", help="print everything stored about a venture as JSON")
    export.add_argument("venture_id", type=int)
    export.set_defaults(run=run_venture_export)
    delete = venture.add_parser("delete", help="delete a venture and all its data")
    delete.add_argument("venture_id", type=int)
    delete.add_argument("--yes", action="store_true", help="confirm: the deletion cannot be undone")
    delete.set_defaults(run=run_venture_delete)

    web = commands.add_parser("web", help="serve the chat page, the dashboard and the reports")
    web.add_argument("--host", help="interface to listen on (default: WAYPOINT_WEB_HOST or 127.0.0.1)")
    web.add_argument("--port", type=int, help="port (default: WAYPOINT_WEB_PORT or 8000)")
    web.set_defaults(run=run_web)
    return parser


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.run(arguments, out)
    except CommandError as problem:
        print(f"waypoint: {problem}", file=err)
        return problem.exit_code
    except (SchemaBehind, SchemaUnknown) as problem:
        print(f"waypoint: {problem}", file=err)
        return EXIT_NOT_FOUND
    except InvalidInput as problem:
        print(f"waypoint: {problem}", file=err)
        return EXIT_USAGE


def open_store() -> Store:
    return Store.from_settings(load_settings())


def with_store(command: Callable[[Store, argparse.Namespace, TextIO], int]) -> Callable[[argparse.Namespace, TextIO], int]:
    """Open the store for one command and always close it."""

    def run(arguments: argparse.Namespace, out: TextIO) -> int:
        store = open_store()
        try:
            return command(store, arguments, out)
        finally:
            store.dispose()

    return run


def load_framework_once():
    from framework import load_framework

    return load_framework()


# -- report -------------------------------------------------------------------------------------


def existing_founder(store: Store, channel: str, sender_id: str) -> Optional[FounderRecord]:
    """The founder behind a sender id, or None; unlike Store.founder_for it never creates one.
    (Read-only lookup the store does not offer yet; it follows the store's own sender rule:
    the founder's own identity first, then identities linked by a continue code.)"""
    with Session(store.engine) as session:
        founder = session.execute(
            select(Founder).where(Founder.channel == channel, Founder.sender_id == sender_id)
        ).scalar_one_or_none()
        if founder is None:
            founder = session.execute(
                select(Founder)
                .join(FounderLink, FounderLink.founder_id == Founder.id)
                .where(FounderLink.channel == channel, FounderLink.sender_id == sender_id)
            ).scalar_one_or_none()
        return founder_record(founder) if founder else None


def summary_for_sender(store: Store, framework, channel: str, sender_id: str) -> VentureSummary:
    from bot.web.views import venture_summary

    founder = existing_founder(store, channel, sender_id)
    if founder is None:
        raise CommandError(
            f"no founder talks to Waypoint as {sender_id!r} on the {channel!r} channel "
            f"(check the sender id, or pass --channel)",
            EXIT_NOT_FOUND,
        )
    venture = store.venture_for_founder(founder.id)
    if venture is None:
        raise CommandError(f"the founder {sender_id!r} has not named a venture yet, so there is nothing to report", EXIT_NOT_FOUND)
    return venture_summary(store, framework, venture)


@with_store
def run_report(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    summary = summary_for_sender(store, load_framework_once(), arguments.channel, arguments.sender)
    if arguments.json:
        json.dump(summary.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(report_text(summary))
    return EXIT_OK


def report_text(summary: VentureSummary) -> str:
    lines = [f"{summary.venture_name}: check-up {summary.assessment_status.replace('_', ' ')}" + _dates(summary)]
    lines.append(f"Overall stage: {summary.overall_stage} (the lowest of the five areas)")
    for area in summary.areas:
        lines += ["", f"{area.area_label} ({area.area_name}): stage {area.stage}, {area.stage_name}, {round(area.progress * 100)}% of it in place"]
        for milestone in area.milestones:
            lines.append(f"  [{STATUS_LABELS[milestone.status.value]:>11}] {milestone.milestone_id}  {milestone.text}")
            for piece in milestone.evidence:
                quoted = f"\u201c{piece.words}\u201d" if piece.words else "(chosen with a button)"
                lines += _wrapped(f"{quoted} ({piece.founder_name}, {piece.recorded_at:%d %b %Y})", indent=16)
        if area.recommendations:
            lines.append("  Ways to make progress:")
            for recommendation in area.recommendations:
                lines += _wrapped(f"- {recommendation.way}: {recommendation.reason}", indent=4)
    lines += ["", "Next steps:"]
    for number, step in enumerate(summary.next_steps, start=1):
        lines += _wrapped(f"{number}. {step.way} ({step.area_name}): {step.reason}", indent=2)
    if summary.disagreements:
        lines += ["", "Where the founders disagree:"]
        for disagreement in summary.disagreements:
            views = "; ".join(f"{position.founder_name}: {STATUS_LABELS[position.status.value]}" for position in disagreement.positions)
            lines += _wrapped(f"- {disagreement.milestone_id} {disagreement.milestone_text} ({views})", indent=2)
    return "\n".join(lines) + "\n"


def _dates(summary: VentureSummary) -> str:
    if summary.completed_at:
        return f" (finished {summary.completed_at:%d %b %Y})"
    if summary.started_at:
        return f" (started {summary.started_at:%d %b %Y})"
    return ""


def _wrapped(text: str, indent: int) -> list[str]:
    prefix = " " * indent
    return textwrap.wrap(text, width=WRAP_WIDTH, initial_indent=prefix, subsequent_indent=prefix + "  ") or [prefix]


# -- cohorts ------------------------------------------------------------------------------------


@with_store
def run_cohort_create(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    from bot.web.views import create_cohort_with_token

    try:
        cohort, token = create_cohort_with_token(store, arguments.name, arguments.welcome)
    except InvalidInput as problem:
        raise CommandError(str(problem), EXIT_USAGE) from None
    settings = load_web_settings()
    out.write(
        f"Created cohort \u201c{cohort.name}\u201d.\n"
        f"Invite code:     {cohort.invite_code}\n"
        f"Widget link:     {settings.join_link(cohort.invite_code)}\n"
        f"Slack phrase:    {slack_join_phrase(cohort.invite_code)}\n"
        f"Dashboard token: {token}\n"
        f"  (shown only this once: Waypoint keeps a fingerprint, not the token; the programme manager\n"
        f"   signs in at {settings.public_url}/dashboard/login with it)\n"
    )
    return EXIT_OK


@with_store
def run_cohort_list(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    cohorts = store.list_cohorts()
    if not cohorts:
        out.write('No cohorts yet. Create one with: python -m bot cohort create "Spring 2027"\n')
        return EXIT_OK
    for cohort in cohorts:
        venture_count = len(store.ventures_in_cohort(cohort.id))
        out.write(f"{cohort.invite_code}  {cohort.name}  ({venture_count} venture{'s' if venture_count != 1 else ''}, created {cohort.created_at:%d %b %Y})\n")
    return EXIT_OK


def cohort_by_code(store: Store, code: str) -> CohortRecord:
    try:
        return store.cohort_by_invite(code)
    except NotFound:
        raise CommandError(f"no cohort has the invite code {code!r} (see: python -m bot cohort list)", EXIT_NOT_FOUND) from None


@with_store
def run_cohort_show(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    from bot.web.views import completion_of

    cohort = cohort_by_code(store, arguments.code)
    settings: WebSettings = load_web_settings()
    out.write(
        f"{cohort.name}\n"
        f"Invite code:  {cohort.invite_code}\n"
        f"Widget link:  {settings.join_link(cohort.invite_code)}\n"
        f"Slack phrase: {slack_join_phrase(cohort.invite_code)}\n"
        f"Dashboard:    {settings.public_url}/dashboard/cohorts/{cohort.id}\n"
        f"Welcome text: {cohort.welcome_text or '(none)'}\n"
    )
    ventures = store.ventures_in_cohort(cohort.id)
    out.write(f"Ventures ({len(ventures)}):\n")
    for venture in ventures:
        completion = completion_of(store.assessment_history(venture.id))
        out.write(f"  {venture.id:>5}  {venture.name}  [{completion}, last activity {venture.last_activity_at:%d %b %Y %H:%M} UTC]\n")
    return EXIT_OK


# -- ventures -----------------------------------------------------------------------------------


@with_store
def run_venture_export(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    try:
        export = store.export_venture(arguments.venture_id)
    except NotFound:
        raise CommandError(f"no venture has the id {arguments.venture_id}", EXIT_NOT_FOUND) from None
    json.dump(export, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return EXIT_OK


@with_store
def run_venture_delete(store: Store, arguments: argparse.Namespace, out: TextIO) -> int:
    if not arguments.yes:
        raise CommandError(
            f"deleting venture {arguments.venture_id} removes all its answers and cannot be undone; "
            f"add --yes to confirm",
            EXIT_USAGE,
        )
    if not store.delete_venture(arguments.venture_id):
        raise CommandError(f"no venture has the id {arguments.venture_id}", EXIT_NOT_FOUND)
    out.write(f"Deleted venture {arguments.venture_id} and all its data.\n")
    return EXIT_OK


# -- web ----------------------------------------------------------------------------------------


def run_web(arguments: argparse.Namespace, out: TextIO) -> int:
    from aiohttp import web

    from bot.web.app import create_app

    settings = load_web_settings()
    store = open_store()
    app = create_app(store, load_framework_once(), settings)
    host = arguments.host or settings.host
    port = arguments.port or settings.port
    try:
        web.run_app(app, host=host, port=port, print=lambda _message: out.write(f"Waypoint web on http://{host}:{port}/ (dashboard: /dashboard)\n"))
    finally:
        store.dispose()
    return EXIT_OK
