"""The kernels in use are the compiled ones, from this package."""
import importlib.machinery
import os

import pytest

import codeburn
from codeburn._fast import agg, reader
from codeburn.classify import ruleset
from codeburn.read.scan import make_scanner


def test_fast_modules_are_compiled_extensions():
    for mod in (reader, agg):
        assert mod.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), mod.__file__
        assert os.path.dirname(mod.__file__) == os.path.join(os.path.dirname(codeburn.__file__), "_fast")


def test_decoded_files_refuse_none():
    """A cache miss is None: handing it on must raise, not crash."""
    with pytest.raises(TypeError):
        make_scanner(ruleset.load()).adopt(None, 0)
    with pytest.raises(TypeError):
        reader.DecodedFile().append([None])
