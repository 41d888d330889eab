"""Errors a user can act on: a short code and a message (the CLI turns them into exit codes)."""
from __future__ import annotations


class GeokgError(Exception):
    """A failure with a stable code (E001…) and a one-line message for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


# The codes, in one place, like spacy/errors.py.
CODES = {
    "E001": "input file missing or unreadable",
    "E002": "language model cannot be loaded",
    "E003": "input is not text",
    "E004": "output directory cannot be written",
    "E005": "unknown export format",
    "E006": "query failed",
    "E007": "no documents in input",
    "E008": "store error",
    "E009": "lexicon table malformed",
    "E010": "push refused",
    "E011": "executor cannot be set up (--workers, --executor, --scheduler)",
}
