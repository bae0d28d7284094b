"""Command line interface: ``firstparty-sessions``.

Sub-commands::

    firstparty-sessions mint EVENT_ID RECEIVED_AT
    firstparty-sessions validate VALUE
    firstparty-sessions cookie HEADER
    firstparty-sessions generate --events N --out FILE [--seed S]
    firstparty-sessions resolve RAW_FILE --out-dir DIR [--strict]
    firstparty-sessions report --database FILE --out FILE.html [--png FILE.png]

Exit codes: 0 success; 1 ``validate`` of an invalid value, or ``cookie`` whose status is not
``valid`` (the status line is still printed); 2 bad arguments or unusable input, including
``mint`` of an event the warehouse rejects (with a one-line message on stderr, never a
traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from firstparty_sessions import __version__
from firstparty_sessions.cookies import fsid_from_cookie_header
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.rejects import MISSING_EVENT_ID, REJECT_EXPLANATIONS, screen_raw_row
from firstparty_sessions.schema import RAW_COLUMNS, raw_format, raw_suffixes_text
from firstparty_sessions.validation import normalize_session_id

__all__ = ["build_parser", "main"]

PROG: Final = "firstparty-sessions"
EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2


class UserError(Exception):
    """An error caused by the user's arguments or input: reported without a traceback."""


def _non_negative_int(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


_EXIT_USAGE_TEXT: Final = "2 bad arguments or unusable input (one line on stderr)"


def _exit_codes(*codes: str) -> str:
    """The ``exit status`` epilog of a sub-command."""
    return "exit status: " + ", ".join([*codes, _EXIT_USAGE_TEXT]) + "."


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Firstparty session rules: mint and check session IDs, generate raw "
        "events, run the reference resolver.",
        epilog="exit status: 0 success, 1 'validate' of an invalid ID or 'cookie' without a "
        f"valid fsid, {_EXIT_USAGE_TEXT}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    mint = commands.add_parser(
        "mint",
        help="print the minted session ID of an event",
        epilog=_exit_codes("0 the ID was printed")
        + " An event the warehouse would reject (missing event_id, missing, unparseable or"
        " pre-1970 time) has no ID: that is a usage error (2).",
    )
    mint.add_argument(
        "event_id",
        metavar="EVENT_ID",
        help="the event id, hashed exactly as given (not trimmed); must not be empty or "
        "only white space",
    )
    mint.add_argument(
        "received_at",
        metavar="RECEIVED_AT",
        help="when it was received, e.g. '2026-11-01 12:00:00.123' (UTC unless an offset is given)",
    )

    validate = commands.add_parser(
        "validate",
        help="print the canonical session ID, or 'invalid' (exit 1)",
        epilog=_exit_codes("0 valid (the canonical ID is printed)", "1 invalid"),
    )
    validate.add_argument(
        "value",
        metavar="VALUE",
        help="a candidate session ID: a UUID in any letter case, surrounding ASCII white "
        "space allowed",
    )

    cookie = commands.add_parser(
        "cookie",
        help="print the fsid status (valid/malformed/absent) and session ID",
        epilog=_exit_codes(
            "0 valid (prints 'valid <id>')", "1 malformed or absent (prints the status)"
        ),
    )
    cookie.add_argument("header", metavar="HEADER", help="a raw Cookie header")

    generate = commands.add_parser(
        "generate",
        help="write deterministic realistic raw events",
        epilog=_exit_codes("0 written")
        + " Progress goes to stderr: a bar on a terminal, otherwise a line every 10% or 5 s.",
    )
    generate.add_argument(
        "--events", type=_non_negative_int, required=True, metavar="N", help="number of rows"
    )
    generate.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help=f"raw events file to write: {raw_suffixes_text()}",
    )
    generate.add_argument("--seed", type=_int, default=0, metavar="S", help="default 0")

    resolve = commands.add_parser(
        "resolve",
        help="run the reference resolver and write three parquet files",
        epilog=_exit_codes("0 written (their paths are printed)"),
    )
    resolve.add_argument(
        "raw_file",
        type=Path,
        metavar="RAW_FILE",
        help=f"raw events file ({raw_suffixes_text()}) with the columns "
        f"{', '.join(RAW_COLUMNS)}; other columns are ignored",
    )
    resolve.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    resolve.add_argument(
        "--strict",
        action="store_true",
        help="session_id_validation = known: payload IDs must name established sessions",
    )
    report = commands.add_parser(
        "report",
        help="write the health report: one self-contained HTML file with charts",
        epilog=_exit_codes("0 written (its path is printed)")
        + " The database must have been built by the dbt project (dbt build).",
    )
    report.add_argument(
        "--database",
        type=Path,
        required=True,
        metavar="FILE",
        help="the DuckDB database the project built (FIRSTPARTY_DUCKDB_PATH); opened read-only",
    )
    report.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the HTML file to write"
    )
    report.add_argument(
        "--png",
        type=Path,
        metavar="FILE",
        help="also render the page to this PNG with headless Chromium (must be installed)",
    )
    return parser


def _report(database: Path, out: Path, png: Path | None) -> int:
    from firstparty_sessions.report.data import ReportInputError
    from firstparty_sessions.report.page import write_report
    from firstparty_sessions.report.screenshot import screenshot

    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"--out {out}: the report is HTML; name the file .html")
    try:
        data = write_report(database, out)
    except ReportInputError as exc:
        raise UserError(str(exc)) from exc
    totals = data.totals.iloc[0]
    print(
        f"{int(totals['events'])} events, {int(totals['sessions'])} sessions, "
        f"{int(totals['rejects'])} rejects, {len(data.anomalies)} anomalies",
        file=sys.stderr,
    )
    print(out)
    if png is not None:
        try:
            screenshot(out, png)
        except RuntimeError as exc:
            raise UserError(str(exc)) from exc
        print(png)
    return EXIT_OK


def _mint(event_id: str, received_at: str) -> int:
    moment, reason = screen_raw_row(event_id, received_at)
    if reason is not None:
        subject = "EVENT_ID" if reason == MISSING_EVENT_ID else f"RECEIVED_AT {received_at!r}"
        raise UserError(
            f"{subject}: {REJECT_EXPLANATIONS[reason]}; the warehouse rejects it as {reason}, "
            "so it has no session ID"
        )
    assert moment is not None
    try:
        print(mint_session_id(event_id, moment))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    return EXIT_OK


def _validate(value: str) -> int:
    session_id = normalize_session_id(value)
    if session_id is None:
        print("invalid")
        return EXIT_INVALID
    print(session_id)
    return EXIT_OK


def _cookie(header: str) -> int:
    candidate = fsid_from_cookie_header(header)
    if candidate.session_id is None:
        print(candidate.status)
        return EXIT_INVALID
    print(f"{candidate.status} {candidate.session_id}")
    return EXIT_OK


def _generate(events: int, out: Path, seed: int) -> int:
    from firstparty_sessions.generate import write_generated_events
    from firstparty_sessions.progress import Progress

    raw_format(out)  # fail on a bad extension before the work
    written = write_generated_events(events, seed, out, progress=Progress("generating"))
    print(f"wrote {written} raw rows to {out}", file=sys.stderr)
    return EXIT_OK


def _resolve(raw_file: Path, out_dir: Path, strict: bool) -> int:
    from firstparty_sessions.io import read_raw_events, write_reference_outputs
    from firstparty_sessions.reference import resolve

    frame = read_raw_events(raw_file)
    outputs = resolve(frame, "known" if strict else "format")
    written = write_reference_outputs(outputs, out_dir)
    print(
        f"{len(frame)} raw rows: {len(outputs.event_sessions)} events, "
        f"{len(outputs.sessions)} sessions, {len(outputs.rejected_events)} rejected",
        file=sys.stderr,
    )
    for path in written.values():
        print(path)
    return EXIT_OK


def _error(message: str) -> int:
    one_line = " ".join(message.split())
    print(f"{PROG}: error: {one_line}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or help already
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if args.command == "mint":
            return _mint(args.event_id, args.received_at)
        if args.command == "validate":
            return _validate(args.value)
        if args.command == "cookie":
            return _cookie(args.header)
        if args.command == "generate":
            return _generate(args.events, args.out, args.seed)
        if args.command == "report":
            return _report(args.database, args.out, args.png)
        return _resolve(args.raw_file, args.out_dir, args.strict)
    except UserError as exc:
        return _error(str(exc))
    except FileNotFoundError as exc:
        return _error(str(exc) if exc.filename is None else f"no such file: {exc.filename}")
    except (ValueError, TypeError, OSError) as exc:
        return _error(str(exc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
