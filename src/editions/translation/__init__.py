"""The catalog tools: extract, merge, add a language; progress reports."""
