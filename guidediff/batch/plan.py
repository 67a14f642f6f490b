"""Batch stage, planning: a manifest or two folders → the documents to read and the pairs to compare.

In: a TOML manifest's path, or two folders of PDFs with the user's overrides.
Out: a ``ManifestPlan`` (pairs known now) or a ``FolderPlan`` (documents known now,
pairs once ``pairing`` has read them). Nothing is read here but the manifest and
the folder listings, so every mistake in them is one sentence before any work.

Manifest (TOML; paths relative to the manifest's folder; an edition is a path or a
corpus id such as ``wt-2015``)::

    [[series]]                      # consecutive editions, oldest first: 2010→2013, 2013→2015
    name = "Working Together"       # optional: how the index names the document
    editions = ["wt-2010", "wt-2013", "wt-2015"]

    [[pair]]                        # one pair, optionally restricted to printed pages
    name = "KCSIE Part one"
    old = "kcsie-2025-july.pdf"
    new = "kcsie-2025-part-one-sept.pdf"
    old_pages = "7-24"
    new_pages = "4-20"

Rules:

- An unknown field, a wrong type, a series of fewer than two editions, an unknown
  corpus id or an empty manifest is an error naming the manifest and the entry.
- A path that does not exist is not an error here: the index reports it as a
  document that could not be read, and the other pairs go ahead.
- Folders: every ``*.pdf`` file directly inside (any case of the extension), in
  order of file name. ``--pair OLD=NEW`` names a file of each folder; ``--unpair``
  a file of either.
- Pair ids name the reports (``reports/<id>.html``): the two file stems (or corpus
  ids) joined by ``--``, or the one stem when both are the same; letters, digits,
  ``.``, ``_`` and ``-`` only; made unique by ``-2``, ``-3``… in plan order.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from guidediff import corpus
from guidediff.batch.model import PairedBy
from guidediff.errors import GuidediffError, InputError

SERIES_FIELDS = ("name", "editions")
PAIR_FIELDS = ("name", "old", "new", "old_pages", "new_pages")
MAX_ID_LENGTH = 80


class ManifestError(InputError):
    """A batch manifest that cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One document of a batch: what the user wrote, the file to read, and how a corpus id names it."""

    given: str  # as written: "wt-2015", "old/thresholds.pdf"
    path: str  # the file to read: a corpus id resolved, a path joined to the manifest's folder
    citation: str | None = None  # "Working Together 2015" when given as a corpus id
    side: str | None = None  # "old" or "new" for a folder's documents

    @property
    def stem(self) -> str:
        """What the pair id is made of: the corpus id, else the file name without its extension."""
        return self.given if self.citation else Path(self.path).stem


@dataclass(frozen=True, slots=True)
class PairSpec:
    """Two documents to compare, and how they were put together."""

    old: DocumentInput
    new: DocumentInput
    by: PairedBy
    name: str | None = None  # the manifest's name for the document
    old_pages: str | None = None  # printed pages to compare, "7-24"
    new_pages: str | None = None


@dataclass(frozen=True, slots=True)
class ManifestPlan:
    """Pairs from a manifest, in its order: each series' consecutive pairs, then each pair."""

    manifest: str
    pairs: tuple[PairSpec, ...]

    @property
    def source(self) -> dict[str, str]:
        return {"manifest": self.manifest}

    @property
    def documents(self) -> tuple[DocumentInput, ...]:
        """Every distinct file, in order of first use."""
        seen: dict[str, DocumentInput] = {}
        for pair in self.pairs:
            for document in (pair.old, pair.new):
                seen.setdefault(document.path, document)
        return tuple(seen.values())

    @property
    def folders(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class FolderPlan:
    """The PDFs of two folders, and the user's say on how they pair."""

    old_dir: str
    new_dir: str
    old: tuple[DocumentInput, ...]
    new: tuple[DocumentInput, ...]
    given: tuple[tuple[str, str], ...] = ()  # --pair: (old path, new path)
    unpaired: tuple[str, ...] = ()  # --unpair: paths never paired automatically

    @property
    def source(self) -> dict[str, str]:
        return {"old": self.old_dir, "new": self.new_dir}

    @property
    def documents(self) -> tuple[DocumentInput, ...]:
        return self.old + self.new

    @property
    def folders(self) -> tuple[str, ...]:
        return (self.old_dir, self.new_dir)


Plan = ManifestPlan | FolderPlan


# --------------------------------------------------------------------------- manifests


def read_manifest(path: str | os.PathLike[str]) -> ManifestPlan:
    """The plan a TOML manifest describes; ``ManifestError`` naming the manifest and the entry otherwise."""
    shown = os.fspath(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ManifestError(f"cannot read the manifest '{shown}': no such file") from None
    except IsADirectoryError:
        raise ManifestError(f"'{shown}' is a folder; give a manifest file, or two folders OLD_DIR NEW_DIR") from None
    except UnicodeDecodeError:
        raise ManifestError(f"the manifest '{shown}' is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise ManifestError(f"cannot read the manifest '{shown}': {error.strerror or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"the manifest '{shown}' is not valid TOML: {error}") from None
    return parse_manifest(data, shown, base=os.path.dirname(shown))


def parse_manifest(data: dict, shown: str, base: str = "") -> ManifestPlan:
    """The plan of a parsed manifest; paths are joined to ``base`` (the manifest's folder)."""
    unknown = sorted(set(data) - {"series", "pair"})
    if unknown:
        raise ManifestError(f"the manifest '{shown}' has an unknown table '{unknown[0]}' "
                            "(a manifest has [[series]] and [[pair]] tables)")
    series = _tables(data, "series", shown)
    pairs = _tables(data, "pair", shown)
    if not series and not pairs:
        raise ManifestError(f"the manifest '{shown}' lists no [[series]] and no [[pair]]; nothing to compare")
    planned: list[PairSpec] = []
    for number, entry in enumerate(series, 1):
        where = f"the manifest '{shown}', series {number}"
        _check_fields(entry, SERIES_FIELDS, where)
        editions = entry.get("editions")
        if not isinstance(editions, list) or not all(isinstance(item, str) and item.strip() for item in editions):
            raise ManifestError(f"{where}: 'editions' must be a list of paths or edition ids, oldest first")
        if len(editions) < 2:
            raise ManifestError(f"{where}: a series needs at least two editions to compare")
        name = _text(entry, "name", where)
        documents = [_document(item, base, where) for item in editions]
        planned += [PairSpec(old, new, PairedBy.MANIFEST, name) for old, new in zip(documents, documents[1:])]
    for number, entry in enumerate(pairs, 1):
        where = f"the manifest '{shown}', pair {number}"
        _check_fields(entry, PAIR_FIELDS, where)
        for side in ("old", "new"):
            if not isinstance(entry.get(side), str) or not entry[side].strip():
                raise ManifestError(f"{where}: '{side}' must be a path or an edition id")
        planned.append(PairSpec(_document(entry["old"], base, where), _document(entry["new"], base, where),
                                PairedBy.MANIFEST, _text(entry, "name", where),
                                _text(entry, "old_pages", where), _text(entry, "new_pages", where)))
    return ManifestPlan(shown, tuple(planned))


def _tables(data: dict, key: str, shown: str) -> list[dict]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise ManifestError(f"the manifest '{shown}': write each {key} as a [[{key}]] table")
    return tables


def _check_fields(entry: dict, known: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(entry) - set(known))
    if unknown:
        raise ManifestError(f"{where} has an unknown field '{unknown[0]}' (known: {', '.join(known)})")


def _text(entry: dict, key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ManifestError(f"{where}: '{key}' must be text")
    return value.strip() if value is not None else None


def _document(given: str, base: str, where: str) -> DocumentInput:
    """A path (joined to the manifest's folder) or a corpus id (resolved to its file)."""
    given = given.strip()
    path = given if os.path.isabs(given) else os.path.join(base, given) if base else given
    if corpus.looks_like_id(given) and not os.path.exists(path):
        try:
            resolved = corpus.resolve(given)
        except GuidediffError as error:  # CorpusError: an unknown id, or an id with no file here
            raise ManifestError(f"{where}: {error}") from None
        return DocumentInput(given, str(resolved.path), resolved.citation)
    return DocumentInput(given, path)


# --------------------------------------------------------------------------- folders


def list_folder(folder: str | os.PathLike[str], side: str) -> tuple[DocumentInput, ...]:
    """The PDFs directly inside ``folder``, by file name."""
    shown = os.fspath(folder)
    if not os.path.isdir(folder):
        what = "no such folder" if not os.path.exists(folder) else "not a folder"
        raise InputError(f"cannot list the {side} folder '{shown}': {what}")
    try:
        names = sorted(entry.name for entry in os.scandir(folder)
                       if entry.name.lower().endswith(".pdf") and entry.is_file())
    except OSError as error:
        raise InputError(f"cannot list the {side} folder '{shown}': {error.strerror or error}") from None
    if not names:
        raise InputError(f"the {side} folder '{shown}' has no PDF files (*.pdf)")
    return tuple(DocumentInput(os.path.join(shown, name), os.path.join(shown, name), side=side) for name in names)


def plan_folders(old_dir: str | os.PathLike[str], new_dir: str | os.PathLike[str],
                 given: Iterable[tuple[str, str]] = (), unpaired: Iterable[str] = ()) -> FolderPlan:
    """Two folders' PDFs, with ``given`` pairs (file names or paths) and ``unpaired`` files checked against them."""
    old_shown, new_shown = os.fspath(old_dir), os.fspath(new_dir)
    if os.path.isdir(old_dir) and os.path.isdir(new_dir) and os.path.samefile(old_dir, new_dir):
        raise InputError(f"'{old_shown}' and '{new_shown}' are the same folder; give the old editions' folder "
                         "and the new editions' folder")
    old, new = list_folder(old_dir, "old"), list_folder(new_dir, "new")
    chosen: list[tuple[str, str]] = []
    for old_name, new_name in given:
        pair = (_member(old_name, old, old_shown, "old", f"--pair {old_name}={new_name}"),
                _member(new_name, new, new_shown, "new", f"--pair {old_name}={new_name}"))
        for taken_old, taken_new in chosen:
            if pair[0] == taken_old or pair[1] == taken_new:
                raise InputError(f"--pair {old_name}={new_name}: a document can be in one pair only")
        chosen.append(pair)
    excluded: list[str] = []
    for name in unpaired:
        found = [document.path for document in old + new if _names(document, name)]
        if not found:
            raise InputError(f"--unpair {name}: no PDF of that name in '{old_shown}' or '{new_shown}'")
        excluded += found
    for path in excluded:
        if any(path in pair for pair in chosen):
            raise InputError(f"'{path}' is both in a --pair and in --unpair")
    return FolderPlan(old_shown, new_shown, old, new, tuple(chosen), tuple(dict.fromkeys(excluded)))


def _names(document: DocumentInput, name: str) -> bool:
    return name in (document.path, Path(document.path).name) or os.path.abspath(name) == os.path.abspath(document.path)


def _member(name: str, documents: Sequence[DocumentInput], folder: str, side: str, option: str) -> str:
    for document in documents:
        if _names(document, name):
            return document.path
    raise InputError(f"{option}: '{name}' is not a PDF in the {side} folder '{folder}'")


# --------------------------------------------------------------------------- pair ids


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _clean(stem: str) -> str:
    cleaned = _UNSAFE.sub("-", stem).strip("-.") or "document"
    return cleaned[:MAX_ID_LENGTH // 2]


def pair_ids(pairs: Sequence[tuple[DocumentInput, DocumentInput]]) -> list[str]:
    """A unique, file-name-safe id for each pair, in order."""
    ids: list[str] = []
    taken: set[str] = set()
    for old, new in pairs:
        old_stem, new_stem = _clean(old.stem), _clean(new.stem)
        base = old_stem if old_stem == new_stem else f"{old_stem}--{new_stem}"
        candidate, number = base, 1
        while candidate.lower() in taken:  # file systems that ignore case must not merge two reports
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate.lower())
        ids.append(candidate)
    return ids


# --------------------------------------------------------------------------- writing a manifest


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters (and DEL) as \\uXXXX."""
    escaped = "".join(f"\\u{ord(char):04X}" if char < " " or char == "\x7f" else "\\" + char if char in '"\\' else char
                      for char in text)
    return f'"{escaped}"'


def _comment(text: str) -> str:
    """Text for a comment line: a control character (a line break in a file name) cannot end the comment."""
    return "".join("?" if char < " " or char == "\x7f" else char for char in text)


def manifest_text(source: dict[str, str], pairs: Sequence[tuple[PairSpec, str]], leftovers: Sequence[str],
                  unreadable: Sequence[str]) -> str:
    """A manifest of ``pairs`` (each with a comment saying why), absolute paths, to edit and run as it is.

    ``leftovers`` and ``unreadable`` are comment lines about documents left out.
    """
    out = [f"# guidediff batch manifest: the documents of {_toml_string(source.get('old', ''))} and "
           f"{_toml_string(source.get('new', ''))}, paired by title and content.",
           "# Check the pairs, edit them (move a document to another pair, add or delete a [[pair]]),",
           "# then run: guidediff batch THIS_FILE -o FOLDER", ""]
    for spec, why in pairs:
        out += [f"# {_comment(why)}", "[[pair]]", f"old = {_toml_string(os.path.abspath(spec.old.path))}",
                f"new = {_toml_string(os.path.abspath(spec.new.path))}", ""]
    if leftovers:
        out += ["# No partner:"] + [f"#   {_comment(line)}" for line in leftovers] + [""]
    if unreadable:
        out += ["# Could not be read:"] + [f"#   {_comment(line)}" for line in unreadable] + [""]
    return "\n".join(out)
