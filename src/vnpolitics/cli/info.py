"""`vnpolitics info`: the pipeline, the shipped models and the terms of their data."""
from __future__ import annotations

import argparse
import json
import platform
import re


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "info",
        help="show the pipeline, model versions and data terms",
        description="Show the components of vnpolitics.load(), the shipped models with their "
        "versions and the terms of the data they were trained on.",
        epilog="examples:\n  vnpolitics info\n  vnpolitics info --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def gather() -> dict:
    import spacy
    import underthesea

    from .. import SCHEMA_VERSION, __version__
    from ..pipeline import available_components
    from ..resources import models_dir
    from ..tokenize import DEFAULT_ENGINE, ENGINES

    models = []
    if models_dir().exists():
        for folder in sorted(p for p in models_dir().iterdir() if p.is_dir()):
            card = folder / "README.md"
            text = card.read_text(encoding="utf-8") if card.exists() else ""
            # The card's sentence on the terms of its training data ("research use", a licence).
            terms = re.search(r"(?im)^[|\s-]*(?:terms of the data\s*\|\s*)?([^|\n]*(?:research use|CC BY)[^|\n]*)", text)
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            models.append({
                "name": folder.name,
                "path": str(folder),
                "size_mb": round(size / 1e6, 2),
                "card": str(card) if card.exists() else None,
                "terms": _sentence_with(terms.group(1), ("research use", "CC BY")) if terms else None,
            })
    return {
        "vnpolitics": __version__,
        "schema": SCHEMA_VERSION,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "underthesea": underthesea.__version__,
        "pipeline": ["tokenizer", *available_components()],
        "models": models,
        "segmentation": f"engine {DEFAULT_ENGINE!r} on vnpolitics syllables, protected spans kept whole "
        f"(engines: {', '.join(ENGINES)})",
    }


def _sentence_with(line: str, words: tuple[str, ...]) -> str:
    """The sentence of `line` that names one of `words`, without markdown emphasis."""
    sentences = re.split(r"(?<=[.;])\s+", line.replace("**", "").strip())
    return next((s for s in sentences if any(w.lower() in s.lower() for w in words)), sentences[0]).strip()


def run(args: argparse.Namespace) -> int:
    info = gather()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"vnpolitics {info['vnpolitics']}  (record schema {info['schema']})")
    print(f"python {info['python']}, spaCy {info['spacy']}, underthesea {info['underthesea']}")
    print("pipeline: " + " -> ".join(info["pipeline"]))
    print(f"segmentation: {info['segmentation']}")
    print("models:" if info["models"] else "models: none installed")
    for model in info["models"]:
        print(f"  {model['name']:<18} {model['size_mb']:>7.2f} MB  {model['path']}")
        if model["terms"]:
            print(f"  {'':<18} terms: {model['terms']}")
    return 0
