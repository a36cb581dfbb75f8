"""The classify stage: the rules (ruleset, from rules/*.toml), the one
Hyperscan pass that sorts turns into the 13 categories (categories), which
keyword roles a turn's tools let count (prompt_classes), and the
self-corrections `compare` counts (selfcorrect)."""
