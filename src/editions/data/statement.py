"""The facts about the statement itself (``docs/statement.yaml``): issuer, place, date...

Each field is optional: an empty one is shown nowhere. A filled one must be plain text (it
reaches the page, the PDF and its metadata as data, never as markup), ``date`` a real date
written YYYY-MM-DD, ``original-publication`` the web address (http or https) of the text as
first published, ``licence-url`` the licence's address, and ``contact`` an e-mail address or
a web address. A problem is a ``Refused`` naming ``file:line``.
"""

from __future__ import annotations

import datetime
import urllib.parse
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from editions.data.datafile import compose, line_of, mapping, text
from editions.project import Problem, Refused

FIELDS = ("issuer", "place", "date", "original-language", "original-publication", "licence",
          "licence-url", "contact")  # fmt: skip
WEB = ("original-publication", "licence-url")


def load(path: Path) -> dict[str, str]:
    """Every field, ``""`` where the file leaves it empty (or where there is no file)."""
    facts = dict.fromkeys(FIELDS, "")
    root = compose(path) if path.exists() else None
    if root is None:
        return facts
    for key, node in mapping(path, root, set(FIELDS), "the file").items():
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            continue
        if key == "date" and isinstance(node, yaml.ScalarNode):
            facts[key] = _date(path, node)
        else:
            facts[key] = text(path, node, key)
        if key == "original-language":
            _language(path, node, facts[key])
        if key in WEB:
            _address(path, node, key, facts[key])
        if key == "contact" and not _email(facts[key]):
            _address(path, node, key, facts[key])
    return facts


def _language(path: Path, node: yaml.Node, code: str) -> None:
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        message = f"'original-language' must be a language code such as en, not {code!r}"
        raise Refused(Problem(path, line_of(node), message)) from None


def _date(path: Path, node: yaml.ScalarNode) -> str:
    try:
        return datetime.date.fromisoformat(node.value).isoformat()
    except ValueError:
        message = f"'date' must be a date written YYYY-MM-DD, not {node.value!r}"
        raise Refused(Problem(path, line_of(node), message)) from None


def _address(path: Path, node: yaml.Node, key: str, address: str) -> None:
    parts = urllib.parse.urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in address:
        also = " or an e-mail address" if key == "contact" else ""
        message = (
            f"'{key}' must be a web address such as https://example.org/page{also}, not {address!r}"
        )
        raise Refused(Problem(path, line_of(node), message))


def _email(address: str) -> bool:
    """An address such as ``press@example.org``: one @, a dotted domain, nothing that would
    make a ``mailto:`` link do more than open a message."""
    local, at, domain = address.partition("@")
    return bool(at and local and "." in domain.strip(".")) and not any(
        c.isspace() or c in "@?&#:/<>\"'" for c in local + domain
    )


def contact_link(contact: str) -> str:
    """Where the contact's link leads: ``mailto:`` for an e-mail address, else the address."""
    return f"mailto:{contact}" if _email(contact) else contact


def site_name(address: str) -> str:
    """The host of a web address as a reader names the site: ``zmina.ua``."""
    host = urllib.parse.urlsplit(address).hostname or address
    return host.removeprefix("www.")
