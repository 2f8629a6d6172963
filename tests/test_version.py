"""The version: looked up from the installed package when asked for, never at start-up."""

from __future__ import annotations

import importlib.metadata

import pytest

import claims_ledger
from helpers import invoke


def installed() -> str:
    try:
        return importlib.metadata.version("claims-ledger")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def test_claims_version_prints_the_installed_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"claims, version {installed()}\n"
    assert claims_ledger.__version__ == installed()


def test_a_tree_never_installed_is_version_0_0_0(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    assert claims_ledger.__version__  # looked up, so that the lookup below is undone after
    monkeypatch.delattr(claims_ledger, "__version__")
    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert invoke("--version").output == "claims, version 0.0.0\n"


def test_another_missing_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        claims_ledger.no_such_name  # noqa: B018
