"""A tiny edition: the whole ``editions.sphinxext``, set up from this root's pyproject.toml."""

extensions = ["editions.sphinxext"]
# Given, so that no build asks git (the test root is no repository); the English text
# (the original) is older than the translations.
editions_provenance = {
    "version": "v1.0",
    "date": "2025-11-26",
    "commit": "0123abc",
    "original": "2025-11-20",
}
# Pages beside the statement, for what differs per document (banner, count lines).
suppress_warnings = ["toc.not_included"]
