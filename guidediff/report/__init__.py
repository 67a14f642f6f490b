"""Report stage: the change report as plain data (``model``), built from an alignment (``build``).

Rendering it is the render stage's job (``guidediff.render.REPORT``)."""

from guidediff.report.model import (
    Change, ChangeKind, Edition, QuoteEntry, QuoteFate, QuotePlace, Report, SectionEntry, SectionRef, Side, Summary,
)

__all__ = ["Change", "ChangeKind", "Edition", "QuoteEntry", "QuoteFate", "QuotePlace", "Report", "SectionEntry",
           "SectionRef", "Side", "Summary"]
