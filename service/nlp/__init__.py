"""Stanza's French pipeline, loaded once per process (see pipeline.py)."""
from .pipeline import ModelsUnavailable, get_pipeline, load_pipeline, parse, pipeline_loaded, reparse

__all__ = ["ModelsUnavailable", "get_pipeline", "load_pipeline", "parse", "pipeline_loaded", "reparse"]
