"""The change report: plain data (``model``), built from an alignment (``build``), rendered four ways."""

from guidediff.report.model import Change, Edition, Report, SectionEntry, SectionRef, Side, Summary, TermEntry

__all__ = ["Change", "Edition", "Report", "SectionEntry", "SectionRef", "Side", "Summary", "TermEntry"]
