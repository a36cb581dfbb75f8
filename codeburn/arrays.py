"""Small numpy helpers."""
from __future__ import annotations

import numpy as np


def distinct(a: np.ndarray) -> np.ndarray:
    """The sorted distinct values of `a`, as np.unique(a) gives them. numpy
    2's plain np.unique first asks whether `a` is a masked array, which
    imports numpy.ma: 10 ms of every run's start-up, for nothing here."""
    return np.unique(a, return_counts=True)[0]
