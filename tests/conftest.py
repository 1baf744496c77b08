"""Shared fixtures: the bundled sample and one loaded pipeline per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    import vnpolitics

    return vnpolitics.load()


@pytest.fixture(scope="session")
def sample_doc(nlp, sample_text):
    return nlp(sample_text)


def execute_notebook(name: str):
    """Run notebooks/NAME top to bottom in a fresh kernel (from the notebooks folder); the
    executed notebook, so a test can look at its outputs."""
    import nbclient
    import nbformat

    path = ROOT / "notebooks" / name
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook
