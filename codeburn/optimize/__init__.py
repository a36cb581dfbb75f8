"""`codeburn optimize` (spec commands §4): waste findings from the scan's
columns and the local configuration.

- rules.py: rules/optimize.toml (thresholds, lists), read before the scan
- facts.py: what the detectors look at, from the one scan's columns
- localconfig.py: the configuration read (never written)
- detectors.py, mcp.py: the detectors, in their order of execution
- findings.py: class, basis, ranking, health grade
- analysis.py: runs them and builds the JSON document; workflow.py its
  reworked files and coaching notes; text.py the text output

This package's __init__ imports nothing: the command reads its rules
before the scan starts and imports the rest (numpy) while files are read.
"""
