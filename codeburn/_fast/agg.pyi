import numpy as np

def group_sum_i64(labels: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray: ...  # intp[n], int64[k, n] -> int64[k, g]
def group_sum_f64(labels: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray: ...  # intp[n], float64[n] -> float64[g]
def group_count(labels: np.ndarray, ngroups: int) -> np.ndarray: ...  # intp[n] -> int64[g]
