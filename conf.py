"""Sphinx configuration of the statement's editions.

The ``editions`` extension derives every other setting from ``[tool.editions]`` in
``pyproject.toml`` (languages, base URL, PDF name...); a setting given here takes precedence.
Build with this folder as the configuration and ``docs/`` as the source, one language at a
time: ``sphinx-build -c . -D language=de docs OUT`` (``make`` builds them all).
"""

extensions = ["editions.sphinxext"]
