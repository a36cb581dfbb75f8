import numpy as np

def group_sum_i64(labels: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray: ...  # int32|int64[n], int64[k, n] -> int64[k, g]
def group_sum_f64(labels: np.ndarray, values: np.ndarray, ngroups: int, flags: np.ndarray | None = None,
                  want: int = 1) -> np.ndarray: ...  # int32|int64[n], float64[n], uint8[n] -> float64[g]
def sum_f64(values: np.ndarray, flags: np.ndarray | None = None, want: int = 1) -> float: ...
def group_count(labels: np.ndarray, ngroups: int) -> np.ndarray: ...  # int32[n] or int64[n] -> int64[g]
def group_first(labels: np.ndarray, values: np.ndarray, ngroups: int, flags: np.ndarray | None = None,
                want: int = 1) -> np.ndarray: ...  # intp[n], intp[n], uint8[n] -> intp[g]
def walk_order(session: np.ndarray, rank: np.ndarray, pos: np.ndarray | None = None) -> np.ndarray: ...  # intp
def walk_ranks(session: np.ndarray, rank: np.ndarray) -> np.ndarray: ...  # int32|int64[n] -> int32[n]
def first_in_walk(labels: np.ndarray, among: np.ndarray, session: np.ndarray,
                  rank: np.ndarray) -> np.ndarray: ...  # -> int64[len(among)]
def named_counts(call_row: np.ndarray, name: np.ndarray, call_pos: np.ndarray, walk_rank: np.ndarray,
                 nnames: int) -> tuple[np.ndarray, np.ndarray]: ...  # int32, int32, int32|int64, int32 -> int64[k] x2
