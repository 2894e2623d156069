"""Compiled catalogs, made from each ``.po``'s content: ``.mo`` files and ``sphinx.js``, in the
build folder (Sphinx's doctree folder), never beside the catalogs: ``locale/`` is input."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import CatalogRepository

from editions.data.progress import UI_DOMAIN
from editions.sphinxext import private
from editions.sphinxext.strings import CATALOG


def compile_catalog(po: Path, target: Path) -> None:
    """Write ``po``'s content to ``target`` (a folder) as a copy, a ``.mo`` and, for the UI
    catalog, ``sphinx.js``. The copy is what Sphinx watches: it makes each document depend on
    its catalog, as it does for catalogs it finds beside their ``.mo``.

    Compiled from the ``.po`` every time, never judged by modification times (a ``.mo`` newer
    than its ``.po``, or truncated, is replaced); a file is rewritten only when its bytes
    change, whole, never half-written. ``sphinx.js`` holds the strings of Sphinx's scripts.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    content = po.read_bytes()
    catalog = read_po(io.BytesIO(content), locale=po.parent.parent.name)
    target.mkdir(parents=True, exist_ok=True)
    copy = target / po.name
    _replace(copy, content)
    if po.stem == UI_DOMAIN:
        _replace(copy.with_suffix(".js"), translations_js(catalog).encode())
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    mo = copy.with_suffix(".mo")
    _replace(mo, buffer.getvalue())
    if mo.stat().st_mtime_ns < copy.stat().st_mtime_ns:  # else Sphinx compiles it again
        os.utime(mo)


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
    """Compile the edition's catalogs (found in ``locale_dirs``) from their content into the
    build folder, which becomes ``locale_dirs``; load Sphinx's interface strings and the
    extension's own from there.

    Sphinx would recompile a ``.mo`` only when it is older than its ``.po``, and beside it:
    compiling here means what is built is what the ``.po`` says, whatever the files' times,
    and the catalogs' folder holds only what translators wrote (upstream: sphinx-doc/sphinx#11167).
    """
    repo = CatalogRepository(
        app.srcdir, config.locale_dirs, config.language, config.source_encoding
    )
    # A folder of the language's own: gettext looks ``pt_BR``'s messages up in ``pt`` too, so
    # another edition built with the same doctree folder must not be beside it.
    compiled = Path(app.doctreedir, "locale", config.language)
    folder = compiled / config.language / "LC_MESSAGES"
    # Those the gate checks: a catalog in a subfolder (a document's in docs/<folder>/) is one
    # the gate, the fingerprint and update-po never read, so never published.
    catalogs = [catalog for catalog in repo.catalogs if "/" not in catalog.domain]
    for catalog in catalogs:
        compile_catalog(Path(catalog.po_path), folder)
    remove_orphans(folder, {catalog.domain for catalog in catalogs})
    config.editions_catalogs = [str(Path(app.srcdir, d)) for d in config.locale_dirs]
    config.locale_dirs = [str(compiled)]
    private.load_interface_strings_first(app, compiled)
    app.add_message_catalog(CATALOG, str(compiled))


def remove_orphans(folder: Path, domains: set[str]) -> None:
    """Compiled catalogs whose ``.po`` is gone: gettext would still load them, so an old
    translation (or an unchecked one) would be published where a clean build has none."""
    for compiled in (*folder.rglob("*.mo"), *folder.rglob("*.js"), *folder.rglob("*.po")):
        if compiled.relative_to(folder).with_suffix("").as_posix() not in domains:
            compiled.unlink()
