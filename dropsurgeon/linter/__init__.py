"""The lint pipeline: entry points, analysis across front-ends, merging, the static path.

``api`` (``lint``/``inventory``), ``analyse`` (runs the front-ends on a built model),
``merge`` (joins graph and source evidence), ``static`` (directory scans, no import),
``source_rules`` (whole-file rules over a source context), ``fix`` (LibCST autofixes),
``suppress`` (noqa), ``config`` (``[tool.dropsurgeon]``), ``result`` (reports).
"""
