"""Benchmarks: ``python -m bench [name] [options]``."""
