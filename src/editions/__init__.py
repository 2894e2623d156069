"""Multilingual editions of a statement: Sphinx extension and command line.

This module imports nothing outside the standard library, so that
``python3 -m editions.data.system`` can check the machine before the virtual
environment exists.
"""

__version__ = "0.1.0"
