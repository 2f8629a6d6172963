"""claims-ledger: a fact-checking claims ledger kept as data in a git repository."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claims-ledger")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
