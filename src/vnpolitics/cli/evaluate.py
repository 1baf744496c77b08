"""`vnpolitics evaluate WHAT ...`: each evaluation is a module `vnpolitics.cli.evaluate_<what>`."""
from __future__ import annotations

import importlib

# what -> sub-module of vnpolitics.cli defining `register(subparsers)` for that evaluation.
EVALUATIONS: dict[str, str] = {}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score a component against a gold file",
        description="Score a vnpolitics component against gold annotations.",
    )
    inner = parser.add_subparsers(dest="evaluation", metavar="WHAT")
    for module in EVALUATIONS.values():
        importlib.import_module(f"{__package__}.{module}").register(inner)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)
