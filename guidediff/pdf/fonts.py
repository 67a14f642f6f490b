"""Decoding shown strings with a PDF font: the one place that leans on pypdf internals.

pypdf's public text API (``extract_text`` and its visitors) merges runs that a
Word-made PDF sets at different sizes and baselines on one line, so a
superscript footnote marker arrives fused to its word ("practitioners15.").
guidediff therefore interprets content streams itself (``content.py``) but
decodes strings exactly the way pypdf does, through pypdf's own ``Font`` model
and ``get_text_operands``. Keeping both imports here means a pypdf upgrade that
moves them breaks one small module, and ``pyproject.toml`` bounds the version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pypdf._text_extraction import get_text_operands
from pypdf.generic import DictionaryObject
from pypdf.generic._font import Font

_IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
_ALL_ORIENTATIONS = (0, 90, 180, 270)
_BOLD_NAME_PARTS = ("bold", "black", "heavy", "semibold", "demibold", "extrabold", "ultrabold")
# The PostScript names of ITC's bold faces say "Demi" (AvantGarde-Demi, Bookman-Demi); "DemiLight" is lighter than book.
_DEMI = re.compile(r"demi(?!light)")
_ITALIC_NAME_PARTS = ("italic", "oblique")
_FORCE_BOLD_FLAG = 1 << 18
_ITALIC_FLAG = 1 << 6
# Decoded strings kept per font. A font serves every page of its document (content.py shares it),
# and a long Word document shows some tens of thousands of distinct strings in its body font.
DECODE_CACHE_SIZE = 1 << 15


@dataclass(frozen=True, slots=True)
class Decoded:
    """A shown string: its Unicode text, glyph count, space count and width in glyph-space units."""

    text: str
    glyphs: int
    spaces: int
    width: float  # sum of glyph widths, in 1/1000 text-space units


class PdfFont:
    """A font resource ready to decode strings and measure them."""

    def __init__(self, resource: DictionaryObject | None) -> None:
        self.resource = resource
        self._font = _load_font(resource)
        self.name = self._font.name.split("+", 1)[-1] if self._font else "Unknown"
        self.bold, self.italic = _style(self._font, self.name)
        self._two_byte = self._font is not None and not isinstance(self._font.encoding, dict)
        self._blank_codes = _blank_codes(resource) if not self._two_byte else frozenset()
        self._cache: dict[bytes, Decoded] = {}

    def decode(self, raw: bytes) -> Decoded:
        cached = self._cache.get(raw)
        if cached is not None:
            return cached
        decoded = self._decode(raw)
        if len(self._cache) < DECODE_CACHE_SIZE:
            self._cache[raw] = decoded
        return decoded

    def _decode(self, raw: bytes) -> Decoded:
        font = self._font
        if font is None:
            text = raw.decode("latin-1")
            return Decoded(text, len(raw), raw.count(b" "), 500.0 * len(raw))
        try:
            text, _is_str, width = get_text_operands([raw], _IDENTITY, _IDENTITY, font, _ALL_ORIENTATIONS)
        except Exception:  # a broken encoding must cost a run, never the document
            text, width = raw.decode("latin-1", "replace"), 500.0 * len(raw)
        else:
            width -= self._space_excess(raw, text)
        blank = self._blank_codes
        mapped = "".join(" " if char in blank else font.character_map.get(char, char) for char in text)
        glyphs = len(raw) // 2 if self._two_byte else len(raw)
        # Word spacing (Tw) applies to the single-byte code 32 only (PDF 32000-1, 9.3.3).
        spaces = 0 if self._two_byte else raw.count(b" ")
        return Decoded(mapped, max(glyphs, 1) if raw else 0, spaces, float(width))


    def _space_excess(self, raw: bytes, text: str) -> float:
        """What pypdf adds for spaces whose /Widths entry is 0: the glyph advances 0, as the font says.

        pypdf's text extraction gives such a space half the default width (its guess for a
        font that leaves the space out); PDFium and Acrobat advance it by its width, 0. Adobe
        PDF Library subsets (InDesign) show code 32 with width 0 and set the word space as a
        TJ kerning, so the guess pushed every later glyph of the string ("legislation :").
        """
        font = self._font
        if font is None or font.character_widths.get(font.space_char, 1) != 0 or not font.space_width:
            return 0.0
        source = raw.decode("latin-1") if isinstance(font.encoding, dict) else text
        return source.count(font.space_char) * float(font.space_width)


def _blank_codes(resource: DictionaryObject | None) -> frozenset[str]:
    """The codes (as pypdf leaves them in the text) whose glyph the encoding names /space.

    A glyph named /space paints nothing, whatever the ToUnicode map claims: InDesign's
    ZapfDingbats bullets map the space set after the bullet to the bullet as well, so every
    list item read '●● social workers;' (IRO handbook 2010).
    """
    try:
        encoding = resource.get("/Encoding") if resource is not None else None
        encoding = encoding.get_object() if encoding is not None else None
        if not isinstance(encoding, DictionaryObject) or resource.get("/ToUnicode") is None:
            return frozenset()
        differences = encoding.get("/Differences")
        differences = differences.get_object() if differences is not None else []
        blank, code = set(), 0
        for item in differences:
            item = item.get_object()
            if isinstance(item, (int, float)):
                code = int(item)
                continue
            if str(item) == "/space" and code != 32:
                blank.add(chr(code))
            code += 1
        return frozenset(blank)
    except Exception:  # an odd encoding dictionary costs this refinement, never the font
        return frozenset()


def _load_font(resource: DictionaryObject | None) -> Font | None:
    if resource is None:
        return None
    try:
        return Font.from_font_resource(resource)
    except Exception:  # unreadable font dictionaries happen in the wild
        return None


def _style(font: Font | None, name: str) -> tuple[bool, bool]:
    if font is None:
        return style_of(name, 0, None, 0.0)
    descriptor: Any = font.font_descriptor
    return style_of(name, int(getattr(descriptor, "flags", 0) or 0), getattr(descriptor, "weight", ""),
                    getattr(descriptor, "italic_angle", 0))


def style_of(name: str, flags: int, weight: Any, italic_angle: Any) -> tuple[bool, bool]:
    """Bold and italic from the font's name and its descriptor (/Flags, /FontWeight, /ItalicAngle).

    Every producer decides style here, so the pypdf and pdfium readers agree on it.
    """
    lowered = name.lower()
    bold = (any(part in lowered for part in _BOLD_NAME_PARTS) or bool(_DEMI.search(lowered))
            or bool(flags & _FORCE_BOLD_FLAG))
    if isinstance(weight, (int, float)) or (isinstance(weight, str) and weight.isdigit()):
        bold = bold or int(weight) >= 600
    italic = any(part in lowered for part in _ITALIC_NAME_PARTS) or bool(flags & _ITALIC_FLAG) or bool(italic_angle)
    return bold, italic
