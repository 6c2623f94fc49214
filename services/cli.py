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
    "services.delivery.reseal",  # reseal
    "services.runtime.status",  # status
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


#: Commands that find the broker of a running ``up`` from its run file when no address is given.
FIND_BROKER = frozenset({"publish", "status", "redeliver", "reseal", "replay", "dashboard"})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from services.runtime.orphan import watch_parent
    from services.runtime.runfile import use_running_broker

    watch_parent()  # a child of `up` ends with it
    if args.command in FIND_BROKER:
        use_running_broker()
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
