"""``conflict-alerts replay``: backtest rules offline over JSON Lines reports.

Reads reports (``schemas.report.Report``, one JSON object a line) from FILE or stdin, sorts them
by ``published_at``, runs extraction and the rules engine on each with ``now`` = its
``published_at``, and prints one CloudEvents ``AlertEvent`` JSON line per alert message to
stdout. ``--incidents`` reads ready-made ``Incident`` lines instead (no extractor needed), ordered
by ``source.published_at``. State lives in memory for the run, exactly as the worker keeps it.

Exit codes: 0 ok; 1 some lines were invalid (reported on stderr, skipped); 2 bad rules/zones file
or no FILE and no ``--live``; 3 ``--live`` and no broker answers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from pydantic import ValidationError

from schemas.incident import Incident
from schemas.report import Report
from services.rules.events import to_event
from services.rules.rulebook import Rulebook
from services.rules.ruleset import RulesetError
from services.rules.step import step
from services.rules.zones import ZoneError

__all__ = ["register", "replay", "replay_reports", "run"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="backtest rules over JSON Lines reports, printing alert events",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("file", metavar="FILE|-", nargs="?",
                        help="JSON Lines reports ('-' for stdin)")
    parser.add_argument("--live", action="store_true",
                        help="read the reports of the running pipeline's reports topic instead "
                             "of FILE (broker: --bootstrap, KAFKA_BOOTSTRAP_SERVERS, or the run "
                             "file of `up`)")
    parser.add_argument("--bootstrap", metavar="HOST:PORT",
                        help="with --live: the broker, whatever else says")
    parser.add_argument("--idle", type=float, default=2.0, metavar="SECONDS",
                        help="with --live: stop reading once no report arrives for this long")
    parser.add_argument("--rules", metavar="FILE", help="ruleset YAML (default: packaged)")
    parser.add_argument("--zones", metavar="FILE", help="zones GeoJSON (default: packaged)")
    parser.add_argument("--incidents", action="store_true",
                        help="input lines are Incident JSON: skip extraction")
    parser.set_defaults(func=run)


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(stream, 1):
        if line.strip():
            yield n, line


def _parse(lines: Iterable[tuple[int, str]], model: type, errors: IO[str]) -> tuple[list, int]:
    items, bad = [], 0
    for n, line in lines:
        try:
            items.append(model.model_validate_json(line))
        except ValidationError as exc:
            bad += 1
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(line)"
            print(f"line {n}: invalid {model.__name__}: {where}: {first['msg']}", file=errors)
    return items, bad


def replay(incidents_by_time: Iterable[tuple[Any, list[Incident]]], book: Rulebook,
           out: IO[str]) -> int:
    """Run the engine over (now, incidents) in order; print events; return alerts printed."""
    table: dict[str, dict[str, Any]] = {}
    printed = 0
    for now, incidents in incidents_by_time:
        for incident in incidents:
            for alert in step(incident, book, table, now):
                out.write(to_event(alert, now).model_dump_json() + "\n")
                printed += 1
    return printed


def replay_reports(reports: Iterable[Report], book: Rulebook, out: IO[str]) -> int:
    """Extract and replay reports in publication order, ``now`` = each one's ``published_at``."""
    from services.extractor import Resources  # lazy: --incidents needs no extractor

    resources = Resources.load()
    ordered = sorted(reports, key=lambda r: r.published_at)
    return replay(((r.published_at, _extract_or_skip(r, resources)) for r in ordered), book, out)


def _extract_or_skip(report: Report, resources: Any) -> list[Incident]:
    from services.common.errors import InvalidMessage
    from services.extractor.entry import extract_report

    try:
        return extract_report(report, resources, report.published_at)
    except InvalidMessage as exc:
        print(f"replay: report {report.id}: refused: {exc}", file=sys.stderr)
        return []


def _parse_reports(raws: Iterable[tuple[str, bytes | None]], errors: IO[str]
                   ) -> tuple[list, int]:
    """Reports through the same boundary as the worker (bounds, date window, URL check)."""
    import datetime as dt

    from services.common.errors import InvalidMessage
    from services.extractor.entry import read_report

    items, bad, now = [], 0, dt.datetime.now(dt.UTC)
    for where, raw in raws:
        try:
            items.append(read_report(raw, now))
        except InvalidMessage as exc:
            bad += 1
            print(f"{where}: invalid Report: {exc}", file=errors)
    return items, bad


def _run_live(args: argparse.Namespace, book: Rulebook, stdout: IO[str], stderr: IO[str]) -> int:
    from services.runtime.live import BrokerUnavailable, live_reports

    if args.incidents:
        print("replay: --live reads reports; --incidents takes a file", file=stderr)
        return 2
    try:
        reports, bad = _parse_reports(live_reports(args.bootstrap, idle_s=args.idle), stderr)
    except BrokerUnavailable as exc:
        print(f"replay: {exc}", file=stderr)
        return 3
    replay_reports(reports, book, stdout)
    print(f"replay: {len(reports)} report(s) read from the live pipeline"
          + (f"; {bad} refused" if bad else ""), file=stderr)
    return 1 if bad else 0


def run(args: argparse.Namespace, stdin: IO[str] | None = None, stdout: IO[str] | None = None,
        stderr: IO[str] | None = None) -> int:
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        book = Rulebook.load(args.rules, args.zones)
    except (RulesetError, ZoneError) as exc:
        print(f"replay: {exc}", file=stderr)
        return 2
    if getattr(args, "live", False):
        if args.file:
            print("replay: give FILE or --live, not both", file=stderr)
            return 2
        return _run_live(args, book, stdout, stderr)
    if not args.file:
        print("replay: give FILE ('-' for stdin) or --live", file=stderr)
        return 2
    stream = stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    try:
        if args.incidents:
            incidents, bad = _parse(_lines(stream), Incident, stderr)
            incidents.sort(key=lambda i: i.source.published_at)
            replay(((i.source.published_at, [i]) for i in incidents), book, stdout)
        else:
            raws = ((f"line {n}", line.encode("utf-8", "surrogatepass"))
                    for n, line in _lines(stream))
            reports, bad = _parse_reports(raws, stderr)
            replay_reports(reports, book, stdout)
    finally:
        if stream is not stdin:
            stream.close()
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="conflict-alerts")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

