"""The data files and what is read from them: organisations and their names, the statement's
facts, changes, progress, languages, provenance, dictionaries, faces, system packages."""
