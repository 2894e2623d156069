"""Every use of a private API of another package (a name starting with ``_``, a module
attribute replaced), in one place; ``tests/test_lint.py`` checks that no other module has one.

Each use names what it relies on and the upstream issue whose fix would remove it. They were
checked against the versions in :data:`CHECKED`: with any other version the patches are not
applied and one warning says so. Sphinx and MyST then work as they ship: translated builds
are slower, and a translated paragraph with a ``[text][label]`` link fails the doctree check
(MyST-Parser#690), as it would without this project; every other edition builds, so a
security release of Sphinx stops nothing else.
"""

from __future__ import annotations

import copy
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any

from sphinx import locale
from sphinx.application import Sphinx

CHECKED = {"sphinx": "9.0.4", "myst-parser": "5.2.0"}


class UntestedVersion(UserWarning):
    """A dependency at another version than the one the patches here were checked against."""


def untested() -> list[str]:
    """The dependencies whose installed version is not the one checked, as ``name version``."""
    return [f"{name} {metadata.version(name)}" for name, version in CHECKED.items()
            if metadata.version(name) != version]  # fmt: skip


def patching() -> bool:
    """Whether to apply the patches below: only on the versions checked (else a warning)."""
    others = untested()
    if others:
        checked = ", ".join(f"{name} {version}" for name, version in CHECKED.items())
        warnings.warn(
            f"editions: {', '.join(others)} is untested (checked: {checked}); building "
            "without its workarounds (editions.sphinxext.private)", UntestedVersion, stacklevel=2,
        )  # fmt: skip
    return not others


def reset_translators() -> None:
    """Forget the message catalogs loaded by earlier Sphinx apps in this process.

    ``sphinx.locale.init`` adds a new language's catalogs as *fallbacks* of those already
    loaded under the same name, so a process building uk then be would show Ukrainian UI
    strings in the Belarusian edition. Sphinx's own test suite clears ``translators`` the
    same way between apps; there is no public API for it. Upstream: sphinx-doc/sphinx#13448
    (translations persist between builds in one process).
    """
    locale.translators.clear()


def load_interface_strings_first(app: Sphinx, locale_dir: Path) -> None:
    """Load Sphinx's interface strings again, the project's catalog (in ``locale_dir``) first.

    Sphinx loads them before any extension runs, from ``conf.py``'s ``locale_dirs``, and
    compiles ``sphinx.po`` beside itself there; the project's catalogs are compiled into the
    build folder at ``config-inited``, when it is known. ``sphinx.locale.init`` would add them
    as a fallback of the catalog already loaded, so that is forgotten first (as
    :func:`reset_translators`), and ``app.translator``, which the templates use, replaced.
    Upstream: sphinx-doc/sphinx#11167 (compiled catalogs in the build folder).
    """
    locale.translators.pop(("general", "sphinx"), None)
    ours = [str(locale_dir), None, str(Path(locale.__file__).parent)]
    app.translator, _ = locale.init(ours, app.config.language)


def cache_myst_document_settings(*_event: object) -> None:
    """Parse docutils' default settings once, not once per translated paragraph.

    MyST's renderer makes a throwaway document for every string it renders, even when it is
    given the document to render into (``options.get("document", make_document())`` in
    ``myst_parser/mdit_to_docutils/base.py`` evaluates its default eagerly), and each one
    parses docutils' option definitions anew: 1.3 ms, which is most of the translation time
    of a long statement (900 paragraphs: 1.3 s per edition). The settings never differ, so
    each call gets a copy of the first. Remove when MyST-Parser builds the document lazily
    (no upstream issue filed yet).
    """
    from myst_parser.mdit_to_docutils import base

    if not patching():
        return

    # MyST imports the name from docutils; the patch replaces MyST's own reference to it.
    original = base.get_default_settings  # type: ignore[attr-defined]  # not re-exported
    if getattr(original, "cached", False):
        return
    settings: dict[tuple[Any, ...], Any] = {}

    def cached(*components: Any) -> Any:
        if components not in settings:
            settings[components] = original(*components)
        return copy.copy(settings[components])

    cached.cached = True  # type: ignore[attr-defined]  # a marker on the function object
    base.get_default_settings = cached  # type: ignore[attr-defined]  # not re-exported


class _ReusedParser:
    """A MyST parser that serves again once its render is over (see :func:`reuse_myst_parser`);
    ``MystParser.parse`` uses only its ``options`` and ``render``."""

    def __init__(self, parser: Any) -> None:
        self.parser, self.options, self.busy = parser, parser.options, False

    def render(self, text: str, env: Any = None) -> Any:
        self.busy = True
        env = {} if env is None else env
        document = self.options.get("document")
        source = str(document.get("source", "")) if document is not None else ""
        if source.endswith(_TRANSLATED):  # Sphinx's name: f"{source_path}:{line}:<translated>"
            env["references"] = dict(_definitions.get(source.rsplit(":", 2)[0], {}))
        try:
            return self.parser.render(text, env)
        finally:
            self.busy = False
            if source and not source.endswith(_TRANSLATED):
                _definitions[source] = dict(env.get("references", {}))


# Each document's link reference definitions ([label]: url), by source path: Sphinx's Locale
# parses each translated passage on its own, where ``[text][label]`` would find none.
_definitions: dict[str, dict[str, Any]] = {}
_TRANSLATED = ":<translated>"


def reuse_myst_parser(*_event: object) -> None:
    """Make MyST's Markdown parser once per configuration, not once per translated paragraph.

    ``MystParser.parse`` (``myst_parser/parsers/sphinx_.py``) calls ``create_md_parser`` for
    every string it parses, and Sphinx's ``Locale`` transform parses each translated paragraph
    on its own: 900 paragraphs make 900 parsers, 0.12 s per edition. A parser keeps nothing
    between renders (``DocutilsRenderer.setup_render`` resets its state), so the last one made
    for the same configuration and renderer serves again, unless it is still rendering (a
    parse inside a parse gets a new one). Remove when MyST-Parser reuses its parser.

    It also gives a translated passage its document's link reference definitions, which
    Sphinx's ``_publish_msgstr`` (``sphinx/transforms/i18n.py``) does not: a link written
    ``[text][label]`` stays a link in every language (the gate refuses a definition that a
    translation adds, and the doctree check a link whose address changed). Upstream:
    executablebooks/MyST-Parser#690 (translations lose indirect links); the parser's reuse has
    no upstream issue filed yet.
    """
    from myst_parser.parsers import sphinx_

    if untested():
        return  # cache_myst_document_settings has said so

    # MyST imports the name from its mdit module; the patch replaces the parser's reference.
    original = sphinx_.create_md_parser  # type: ignore[attr-defined]  # not re-exported
    if getattr(original, "cached", False):
        return
    last: dict[str, Any] = {}

    def cached(config: Any, renderer: Any) -> Any:
        reused = last.get("parser")
        if reused is None or reused.busy or last["key"] != (id(config), renderer):
            reused = _ReusedParser(original(config, renderer))
            # The configuration is held, so its id cannot be reused by another object.
            last.update(parser=reused, key=(id(config), renderer), config=config)
        return reused

    cached.cached = True  # type: ignore[attr-defined]  # a marker on the function object
    sphinx_.create_md_parser = cached  # type: ignore[attr-defined]  # not re-exported
