"""The aggregate stage: scan columns priced and sliced to a period (usage),
grouped into turns (turns), with local-day arithmetic (periods), project
names (projects), model labels (model_labels) and small numpy helpers
(arrays)."""
