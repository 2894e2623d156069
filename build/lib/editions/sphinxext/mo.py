"""Compiled catalogs, made from each ``.po``'s content: ``.mo`` files and ``sphinx.js``."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import CatalogRepository

from editions.progress import UI_DOMAIN
from editions.sphinxext.strings import CATALOG


def compile_catalog(po: Path) -> None:
    """Write ``.mo`` next to ``po`` (for the UI catalog also ``sphinx.js``) from its content.

    Compiled from the ``.po`` every time, never judged by modification times (a ``.mo`` newer
    than its ``.po``, or truncated, is replaced); a file is rewritten only when its bytes
    change, whole, never half-written. ``sphinx.js`` holds the strings of Sphinx's scripts.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name)
    if po.stem == UI_DOMAIN:
        _replace(po.with_suffix(".js"), translations_js(catalog).encode())
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    _replace(po.with_suffix(".mo"), buffer.getvalue())


def translations_js(catalog: Catalog) -> str:
    """The catalog in the form of Sphinx's own ``sphinx.js`` files."""
    messages = {
        m.id if isinstance(m.id, str) else m.id[0]: m.string
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    data = {"locale": str(catalog.locale), "messages": messages, "plural_expr": catalog.plural_expr}
    return f"Documentation.addTranslations({json.dumps(data, sort_keys=True, indent=4)});\n"


def _replace(path: Path, content: bytes) -> None:
    if path.exists() and path.read_bytes() == content:
        return
    staging = path.with_name(f".{path.name}.{os.getpid()}.new")
    staging.write_bytes(content)
    staging.replace(path)


def load_catalogs(app: Sphinx, config: Config) -> None:
    """Compile the edition's catalogs from their content, and register the extension's own.

    Sphinx would recompile a ``.mo`` only when it is older than its ``.po``; compiling here
    first means what is built is what the ``.po`` says, whatever the files' times.
    """
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, app.config.language, app.config.source_encoding
    )
    for catalog in repo.catalogs:
        compile_catalog(Path(catalog.po_path))
    for locale_dir in repo.locale_dirs:
        remove_orphans(Path(locale_dir, app.config.language, "LC_MESSAGES"))
        app.add_message_catalog(CATALOG, locale_dir)


def remove_orphans(folder: Path) -> None:
    """Compiled catalogs whose ``.po`` is gone: gettext would still load them, so an old
    translation (or an unchecked one) would be published where a clean build has none."""
    for compiled in (*folder.rglob("*.mo"), *folder.rglob("*.js")):
        if not compiled.with_suffix(".po").is_file():
            compiled.unlink()
