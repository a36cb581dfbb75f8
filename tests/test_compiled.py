"""The kernels in use are the compiled ones, from this package."""
import importlib.machinery
import os

import codeburn
from codeburn._fast import agg, reader


def test_fast_modules_are_compiled_extensions():
    for mod in (reader, agg):
        assert mod.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), mod.__file__
        assert os.path.dirname(mod.__file__) == os.path.join(os.path.dirname(codeburn.__file__), "_fast")
