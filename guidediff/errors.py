"""One exception hierarchy for everything a user can get wrong or meet in a bad file.

Every message is one sentence a policy officer can act on. The CLI prints it on
one line and exits with status 2; library callers can catch ``GuidediffError``.
"""

from __future__ import annotations


class GuidediffError(Exception):
    """Base class: a clear, user-facing problem (never a bug in guidediff)."""

    exit_status = 2


class InputError(GuidediffError):
    """The input cannot be used: missing file, directory, unknown corpus id, bad option."""


class PdfError(GuidediffError):
    """The file is not a PDF guidediff can read."""


class NotPdfError(PdfError):
    """The file does not start like a PDF."""


class CorruptPdfError(PdfError):
    """The file is a truncated or damaged PDF."""


class EncryptedPdfError(PdfError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class NoTextLayerError(PdfError):
    """The PDF has pages but no extractable text (scanned images)."""


class TooLargeError(PdfError):
    """The PDF exceeds a safety limit (pages, content size)."""


class WatchlistError(GuidediffError):
    """A watchlist file is missing or malformed.

    ``problems`` lists every problem found in the file, one sentence each (the message
    is those sentences, one per line), so that one run shows them all.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class CorpusError(GuidediffError):
    """A corpus id, manifest entry or fetched file is wrong."""


class FetchError(CorpusError):
    """Downloading an official edition failed (offline, HTTP error, wrong file)."""
