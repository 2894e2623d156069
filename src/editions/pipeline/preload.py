"""Imported once by the build pool's server process before it forks a worker per language:
every module a build loads (Sphinx loads all its built-in extensions for every app), so that
each worker starts warm instead of importing them itself."""

import contextlib
import importlib

MODULES = (
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx.util.console",
    "myst_parser.sphinx_ext.main",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.myst_refs",
    "myst_parser.parsers.sphinx_",
    "jinja2.ext",
    "pygments.styles.default",
    "xml.dom.minidom",
    "editions.translation.catalogs",
    "editions.sphinxext",
    "typst",
)

try:  # Sphinx's own import included: Ctrl-C may land during any of them
    from sphinx.application import builtin_extensions

    for _name in (*builtin_extensions, *MODULES):
        # A module that fails here (a broken edit) fails again in the build that needs it,
        # which says so in that language's log; raising here would end the pool's server.
        with contextlib.suppress(Exception):
            importlib.import_module(_name)
except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the build says so
    raise SystemExit(130) from None
