"""guidediff: what changed between editions of long guidance documents."""

from __future__ import annotations

__version__ = "0.1.0"
