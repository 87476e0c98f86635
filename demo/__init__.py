"""The demo: a sample corpus generator, an imitation Meetings Plus portal and `protokoll demo`.

Kept outside the production packages: `extractors/`, `warehouse/` and `pipelines/` never import
`demo` (a test scans their imports). The `protokoll` console script finds the `demo` command
through the `protokoll.commands` entry-point group declared in pyproject.toml.
"""
