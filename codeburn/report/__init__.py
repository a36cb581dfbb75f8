"""The render stage: a scan's selected calls made into reports (build: the
JSON dict every format renders; text, markdown, HTML, CSV and the
menubar's forms; the compare, yield, sessions and export outputs)."""
