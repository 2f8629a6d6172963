"""The library's own exceptions: the CLI turns them into clean messages and exit code 2."""


class LedgerError(Exception):
    """Input that cannot be read at all: no ledger here, a path outside it, a missing manifest."""


class RegistryError(TypeError):
    """A check or an output format that does not keep its registry's contract: a programming
    error, refused when it is registered rather than found half-way through a report."""
