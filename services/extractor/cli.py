"""``conflict-alerts extract [FILE]``: JSON Lines reports in, one JSON Incident per line out.

Same code path as the agent: decode a Report, call ``extract``, print. Only incidents go to stdout;
warnings and bad lines (named by line number) go to stderr, and processing continues.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from services.common.errors import InvalidMessage
from services.common.gctune import tune_gc
from services.extractor.entry import extract_report, read_report
from services.extractor.resources import Resources


def register(subparsers) -> None:
    parser = subparsers.add_parser("extract", help="extract incidents from JSON Lines reports")
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="JSON Lines reports (default: stdin)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    resources = Resources.load()
    tune_gc()  # a stream of reports, as the worker reads: the worker's collector settings
    src = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")
    out = sys.stdout
    bad = 0
    try:
        for n, line in enumerate(src, 1):
            if not line.strip():
                continue
            now = dt.datetime.now(dt.UTC)
            try:
                report = read_report(line.encode("utf-8", "surrogatepass"), now)
                incidents = extract_report(report, resources, now)
            except InvalidMessage as exc:
                bad += 1
                msg = str(exc).splitlines()[0][:200]
                print(f"extract: line {n}: not a valid report: {msg}", file=sys.stderr)
                continue
            except Exception as exc:  # one bad report must not stop the stream
                bad += 1
                print(f"extract: line {n}: extraction failed: {exc!r}", file=sys.stderr)
                continue
            for inc in incidents:
                out.write(inc.model_dump_json() + "\n")
    finally:
        if src is not sys.stdin:
            src.close()
    if bad:
        print(f"extract: {bad} bad line(s); the others were extracted", file=sys.stderr)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="extract")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
