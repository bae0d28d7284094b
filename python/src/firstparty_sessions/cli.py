"""Command line interface: ``firstparty-sessions``.

Sub-commands::

    firstparty-sessions mint EVENT_ID RECEIVED_AT
    firstparty-sessions validate VALUE
    firstparty-sessions cookie HEADER
    firstparty-sessions generate --events N --out FILE [--seed S]
    firstparty-sessions resolve RAW_FILE --out-dir DIR [--strict]

Exit codes: 0 success; 1 ``validate`` of an invalid value; 2 bad arguments or unusable input
(with a one-line message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from firstparty_sessions import __version__
from firstparty_sessions.cookies import fsid_from_cookie_header
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.timestamps import parse_received_at
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Firstparty session rules: mint and check session IDs, generate raw "
        "events, run the reference resolver.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    mint = commands.add_parser("mint", help="print the minted session ID of an event")
    mint.add_argument("event_id", metavar="EVENT_ID", help="the event id, taken as is")
    mint.add_argument(
        "received_at",
        metavar="RECEIVED_AT",
        help="when it was received, e.g. '2026-11-01 12:00:00.123' (UTC unless an offset is given)",
    )

    validate = commands.add_parser(
        "validate", help="print the canonical session ID, or 'invalid' (exit 1)"
    )
    validate.add_argument("value", metavar="VALUE")

    cookie = commands.add_parser(
        "cookie", help="print the fsid status (valid/malformed/absent) and session ID"
    )
    cookie.add_argument("header", metavar="HEADER", help="a raw Cookie header")

    generate = commands.add_parser("generate", help="write deterministic realistic raw events")
    generate.add_argument(
        "--events", type=_non_negative_int, required=True, metavar="N", help="number of rows"
    )
    generate.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=".csv, .parquet, .ndjson or .jsonl"
    )
    generate.add_argument("--seed", type=_int, default=0, metavar="S", help="default 0")

    resolve = commands.add_parser(
        "resolve", help="run the reference resolver and write three parquet files"
    )
    resolve.add_argument("raw_file", type=Path, metavar="RAW_FILE")
    resolve.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    resolve.add_argument(
        "--strict",
        action="store_true",
        help="session_id_validation = known: payload IDs must name established sessions",
    )
    return parser


def _mint(event_id: str, received_at: str) -> int:
    moment, reason = parse_received_at(received_at)
    if moment is None:
        raise UserError(f"RECEIVED_AT {received_at!r} is not an event time ({reason})")
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
    else:
        print(f"{candidate.status} {candidate.session_id}")
    return EXIT_OK


class _Progress:
    """A one-line progress bar on stderr, redrawn in place (used only when stderr is a TTY)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(share * 30)
        elapsed = time.monotonic() - self.start
        bar = "#" * filled + "-" * (30 - filled)
        sys.stderr.write(
            f"\r{self.label} [{bar}] {done:,}/{total:,} rows {share:4.0%} {elapsed:5.1f}s"
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _generate(events: int, out: Path, seed: int) -> int:
    from firstparty_sessions.generate import write_generated_events
    from firstparty_sessions.io import raw_format

    raw_format(out)  # fail on a bad extension before the work
    progress = _Progress("generating") if sys.stderr.isatty() else None
    written = write_generated_events(events, seed, out, progress=progress)
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
    print(f"{PROG}: error: {message}", file=sys.stderr)
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
        return _resolve(args.raw_file, args.out_dir, args.strict)
    except UserError as exc:
        return _error(str(exc))
    except FileNotFoundError as exc:
        return _error(str(exc) if exc.filename is None else f"no such file: {exc.filename}")
    except (ValueError, TypeError, OSError) as exc:
        return _error(str(exc))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
