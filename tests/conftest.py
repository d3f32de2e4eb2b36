"""Shared pytest setup: test flags, and the paths of the repository's notebooks and fixtures."""
import os
from configparser import ConfigParser
from pathlib import Path

import pytest

# Tests never touch the Hugging Face hub: everything they load is local.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def tst_flags() -> list[str]:
    "The flags settings.ini declares (`tst_flags`): cells and tests carrying them are skipped unless enabled."
    cfg = ConfigParser(delimiters=["="])
    cfg.read(ROOT / "settings.ini", encoding="utf-8")
    return cfg["DEFAULT"].get("tst_flags", "").split()


def enabled_flags() -> set[str]:
    "Flags switched on for this run: CC_TEST_FLAGS='slow gpu' runs the slow and GPU tests too."
    return set(os.environ.get("CC_TEST_FLAGS", "").split())


def pytest_collection_modifyitems(config, items):
    on = enabled_flags()
    for item in items:
        for flag in tst_flags():
            if flag in item.keywords and flag not in on:
                item.add_marker(pytest.mark.skip(reason=f"'{flag}' test: set CC_TEST_FLAGS={flag} to run it"))
