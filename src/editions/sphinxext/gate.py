"""The publishing gate's input checks in every Sphinx build (decision record 0005).

``make``, ``check-publish`` and ``make release`` run them before Sphinx starts; a stock
``sphinx-build`` (Read the Docs, or anyone's own command) runs them here, so that no path
publishes a translation the gate refuses: a changed number, an exchanged link, a bidi
control, markup the source lacks, a lying plural header, a look-alike name.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from editions.gate import preflight
from editions.project import load


def refuse_bad_input(app: Sphinx) -> None:
    """``builder-inited``: stop the build, with every ``file:line: message``, when the
    edition's input fails the gate (unless the pipeline has just checked it)."""
    if app.config.editions_gated:
        return
    project = load(Path(app.confdir))
    language = app.config.language
    translations = [language] if language in project.translations else []
    problems = preflight.bad_input(project, translations)
    if problems:
        raise ExtensionError(
            "\n".join(
                [*map(str, problems), f"{language}: not built (the publishing gate refused it)"]
            )
        )
