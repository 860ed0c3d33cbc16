"""KS Atlas analytics: schema, import, demo data, indicators, privacy, figures, exports, CLI.

This package never imports streamlit: everything here runs from the CLI, tests and benchmarks.
"""
__version__ = "0.1.0"
