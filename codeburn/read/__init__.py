"""The read stage: which files a scan reads (discovery), how they are decoded
(the compiled reader, in threads, ahead of the scan, or on a Dask cluster) and
the scan that turns them into call columns (scan)."""
