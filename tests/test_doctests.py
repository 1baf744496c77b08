"""The examples in the docstrings run and give what they show."""
import doctest
import importlib

import pytest

MODULES = [
    "vnpolitics",
    "vnpolitics.text.normalize",
    "vnpolitics.text.article",
    "vnpolitics.tokenize",
    "vnpolitics.tag",
    "vnpolitics.pipeline",
    "vnpolitics.record",
    "vnpolitics.components.tokenizer",
    "vnpolitics.components._spans",
    "vnpolitics.scoring",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
