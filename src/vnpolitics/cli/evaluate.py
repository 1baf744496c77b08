"""`vnpolitics evaluate WHAT ...`: each evaluation is a module `vnpolitics.cli.evaluate_<what>`."""
from __future__ import annotations

from . import import_command

# what -> sub-module of vnpolitics.cli defining `register(subparsers)` for that evaluation.
EVALUATIONS: dict[str, str] = {
    "doc-refs": "evaluate_doc_refs",
    "ner": "evaluate_ner",
    "officials": "evaluate_officials",
    "segmentation": "evaluate_segmentation",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score a component against a gold file",
        description="Score a vnpolitics component against gold annotations.",
    )
    inner = parser.add_subparsers(dest="evaluation", metavar="WHAT")
    for module in EVALUATIONS.values():
        found = import_command(f"{__package__}.{module}")
        if found is not None:
            found.register(inner)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)
