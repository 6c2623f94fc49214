"""The ``conflict-alerts`` command: one console script, one subcommand module per concern.

Each module listed in ``COMMANDS`` exposes ``register(subparsers)``, which adds its subcommands and
sets ``func`` (taking the parsed args, returning an exit code) on each parser it adds.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Modules that contribute subcommands, in the order they appear in ``--help``.
COMMANDS = (
    "services.runtime.cli",  # up, demo, worker, topics
    "services.common.publish",  # publish
    "services.extractor.cli",  # extract
    "services.rules.cli",  # replay
    "services.dashboard.cli",  # dashboard
    "services.delivery.redeliver",  # redeliver
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflict-alerts",
        description="Real-time alerts from conflict reporting.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
