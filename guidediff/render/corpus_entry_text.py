"""Render stage, one corpus edition → plain text (``corpus show``): one line per field, lists indented."""

from __future__ import annotations

from guidediff.corpus import EditionStatus
from guidediff.render.registry import RenderOptions


def render(item: EditionStatus, options: RenderOptions = RenderOptions()) -> str:
    lines = []
    for key, value in item.to_dict().items():
        label = key.replace("_", " ")
        if key == "source_urls":
            lines.append(f"{label}:")
            lines += [f"  - {url['url']} ({url['kind']}{', official' if url.get('official_landing') else ''})"
                      for url in value]
        elif isinstance(value, list):
            lines.append(f"{label}:")
            lines += [f"  - {element}" for element in value]
        elif isinstance(value, dict):
            lines.append(f"{label}:")
            lines += [f"  {name}: {element}" for name, element in value.items()]
        else:
            text = " ".join(str(value).split())  # the manifest's notes are wrapped; re-flow them
            lines.append(f"{label}: {text}")
    return "\n".join(lines) + "\n"
