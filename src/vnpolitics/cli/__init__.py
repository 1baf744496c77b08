"""The `vnpolitics` command line: one sub-module per command, each with `register(subparsers)`.

The CLI calls the library; the library never imports the CLI.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Sub-modules of vnpolitics.cli that define a command (each has `register(subparsers)`).
COMMANDS = ["annotate", "info", "evaluate", "index", "search", "serve", "train_classifier", "evaluate_classifier"]


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 2, no traceback."""


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="vnpolitics",
        description="Vietnamese political and government news: tokens, document codes, "
        "entities, officials, topics, batch annotation and search.",
        epilog="Run `vnpolitics COMMAND --help` for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"vnpolitics {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = import_command(f"{__name__}.{name}")
        if module is not None:
            module.register(subparsers)
    return parser


def import_command(module: str):
    """The command module, or None when it is not part of this installation."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name == module:
            return None
        raise


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CommandError as error:
        print(f"vnpolitics {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
