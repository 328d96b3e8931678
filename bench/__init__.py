"""Benchmarks and evaluation of the engine (they import the engine, never the reverse)."""
