"""Back-translations kept under `.leaflet-cache/`, so `check` can compare without an engine.

`review --back-translate` fills it through `mt` (the only code that runs an engine); `check
--back-translated` and `signoff` read it, so the checks never import `mt`, and a second review
calls no engine. A back-translation is keyed by what decides it: the engine and its model (the
spec's `identity`), the direction (`ta→en`) and the msgstr. The cache only helps a reviewer
read: publish never reads it, and deleting the folder loses nothing but time. It writes its own
`.gitignore`, so it is never committed in any content repository.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..base.files import MAX_CATALOG_BYTES, read_limited, relative, write_atomic
from ..source.translation import EngineSpec

CACHE_DIR = ".leaflet-cache"


def cache_path(root: Path, source: str, lang: str) -> Path:
    return root / CACHE_DIR / "back-translations" / f"{lang}-{source}.json"


@dataclass
class BackCache:
    """The back-translations of one direction by one engine: msgstr → English."""

    root: Path
    source: str  # the source language, the direction's target
    lang: str
    engine: str  # the spec's identity
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # key → {engine, text}

    @property
    def direction(self) -> str:
        return f"{self.lang}→{self.source}"

    @property
    def path(self) -> Path:
        return cache_path(self.root, self.source, self.lang)

    def key(self, msgstr: str) -> str:
        return hashlib.sha256(f"{self.engine}\n{self.direction}\n{msgstr}".encode()).hexdigest()

    def get(self, msgstr: str) -> str | None:
        found = self.entries.get(self.key(msgstr))
        return found["text"] if found else None

    def put(self, msgstr: str, text: str) -> None:
        self.entries[self.key(msgstr)] = {"engine": self.engine, "text": text}

    def save(self) -> Path:
        top = self.root / CACHE_DIR
        if not (top / ".gitignore").exists():
            write_atomic(top / ".gitignore", b"# leaflet's cache: never committed, safe to delete\n*\n")
        data = json.dumps(self.entries, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        write_atomic(self.path, data.encode("utf-8"))
        return self.path


def load_cache(root: Path, source: str, lang: str, spec: EngineSpec) -> BackCache:
    """The cache of `lang`→`source` by `spec`'s engine; an unreadable file counts as empty."""
    cache = BackCache(root, source, lang, spec.identity)
    try:
        raw = read_limited(cache.path, MAX_CATALOG_BYTES, relative(cache.path, root))
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        return cache
    except (ValueError, UnicodeDecodeError):
        return cache  # a cache, not a source: it is rebuilt
    if isinstance(data, dict):
        cache.entries = {k: v for k, v in data.items()
                         if isinstance(v, dict) and isinstance(v.get("text"), str)}
    return cache
