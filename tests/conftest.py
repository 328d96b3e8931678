"""Shared fixtures: the real Stanza pipeline, loaded once per test session."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def settings():
    from service.config import Settings

    return Settings.from_env()


@pytest.fixture(scope="session")
def pipeline(settings):
    """The process-wide Stanza pipeline built from the models in use."""
    from service.nlp import get_pipeline

    return get_pipeline(settings)


@pytest.fixture(scope="session")
def seed_texts():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def pytest_configure(config):
    os.environ.setdefault("QUOTES_TORCH_THREADS", "1")
