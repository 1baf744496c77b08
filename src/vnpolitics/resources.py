"""Where the shipped models, vocabularies and sample live, installed or in a checkout.

A wheel carries `models/` and `corpora/samples/` inside the package (`_models`, `_samples`);
an editable install or a plain checkout finds them at the top of the repository.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


@lru_cache(maxsize=None)
def models_dir() -> Path:
    """The folder holding the shipped models (one sub-folder per model, each with a card)."""
    return _first_existing(PACKAGE_DIR / "_models", PACKAGE_DIR.parents[1] / "models")


@lru_cache(maxsize=None)
def samples_dir() -> Path:
    """The folder holding the bundled sample articles."""
    return _first_existing(PACKAGE_DIR / "_samples", PACKAGE_DIR.parents[1] / "corpora" / "samples")


def model_path(name: str) -> Path:
    """Path of the shipped model `name`; a clear error when it is not there."""
    path = models_dir() / name
    if not path.exists():
        raise FileNotFoundError(
            f"vnpolitics model {name!r} is not installed (looked in {models_dir()}); "
            "reinstall vnpolitics or pass the path of a model folder"
        )
    return path


def data_path(*parts: str) -> Path:
    """Path of a vocabulary or table shipped in `vnpolitics/data/`."""
    return DATA_DIR.joinpath(*parts)


def shared_data_dir(given: str | Path | None = None, *, required_by: str | None = None) -> Path:
    """The research corpora folder (training scripts, benchmarks): `given`, else $VNPOLITICS_DATA,
    else `../shared/data` beside the repository. `required_by` names the caller in the exit
    message when the folder is missing."""
    path = Path(given or os.environ.get("VNPOLITICS_DATA") or PACKAGE_DIR.parents[2] / "shared" / "data")
    if required_by and not path.is_dir():
        raise SystemExit(f"{required_by}: data folder {path} not found (pass --data or set VNPOLITICS_DATA)")
    return path
