"""What `make status` and `make check-publish` report, per language, against the current
source; rendering is the command line's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from editions.data.progress import Progress
from editions.gate import checks
from editions.project import Problem, Project
from editions.translation import catalogs
from editions.translation.catalogs import NamesProgress


@dataclass(frozen=True)
class Status:
    progress: Progress  # the statement's and the interface's strings
    names: NamesProgress  # organisations' names (signatories.po), apart from the percentage

    @property
    def new(self) -> int:
        """Strings of the current source the catalogs do not have yet (`make update-po`)."""
        return self.progress.not_merged + self.names.not_merged


def status(project: Project, languages: Sequence[str], pots: Sequence[Path]) -> list[Status]:
    return [
        Status(catalogs.progress(project, code, pots), catalogs.names_progress(project, code, pots))
        for code in languages
    ]


@dataclass(frozen=True)
class Verdict:
    language: str
    progress: Progress | None  # None for the source language
    verdict: str
    refused: bool = False
    problems: tuple[Problem, ...] = ()  # why, when not for missing strings


def publishing(project: Project, languages: Sequence[str], pots: Sequence[Path]) -> list[Verdict]:
    """The publishing gate: a language is published complete, or marked as a draft."""
    verdicts = []
    for language in languages:
        if language == project.source_language:
            verdicts.append(Verdict(language, None, "the source language — ok"))
            continue
        p = catalogs.progress(project, language, pots)
        kept = tuple(checks.kept_problems(project, language))
        if kept:  # progress made of the English kept as it is
            why = "refused: too much kept as the English, to translate or review"
            verdicts.append(Verdict(language, p, why, refused=True, problems=kept))
        elif p.percent >= 100:
            verdicts.append(Verdict(language, p, "ok"))
        elif language in project.drafts:
            verdicts.append(Verdict(language, p, "draft: published with a notice"))
        else:
            why = "refused: finish it or list it under drafts in pyproject.toml"
            verdicts.append(Verdict(language, p, why, refused=True))
    return verdicts
