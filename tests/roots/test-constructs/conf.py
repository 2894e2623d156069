"""Every construct of the project's Markdown, in en and de (set up from pyproject.toml)."""

extensions = ["editions.sphinxext"]
# Given, so that no build asks git (the test root is no repository).
editions_provenance = {"version": "v1.0", "date": "2025-11-26", "commit": "0123abc"}
