"""`source/site.toml` as a value: the centre, the languages, coverage thresholds, translation specs.

Loading validates everything a later stage would trip over, so errors name the file and line
before any work.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..base.errors import InputError, UsageError
from ..base.files import MAX_SOURCE_BYTES, Inputs, bad_character, relative
from .translation import TranslationConfig
from .translation import parse as parse_translation

LANG_RE = re.compile(r"[a-z]{2,3}")
SITE_DOMAIN = "site"


@dataclass(frozen=True)
class Centre:
    name: str
    tagline: str = ""
    city: str = ""
    region: str = ""
    phones: tuple[str, ...] = ()
    address: str = ""
    website: str = ""


@dataclass(frozen=True)
class Site:
    """`source/site.toml` as a value, plus the project root it was read from."""

    root: Path
    source_language: str
    languages: tuple[str, ...]
    centre: Centre
    min_coverage: float = 80.0
    min_coverage_by_lang: dict[str, float] = field(default_factory=dict)
    #: Which machine translation engine serves each language ([translation]).
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    #: The Dask scheduler of `[cluster]`, "" to work on this machine.
    scheduler: str = ""
    #: site.toml's text as read, for the lines of its keys.
    text: str = field(default="", repr=False, compare=False)

    @property
    def path(self) -> Path:
        return self.root / "source" / "site.toml"

    def line_of(self, key: str, section: str | None = None) -> int | None:
        """The line of site.toml where `key` is set (for references and messages)."""
        return key_line(self.text, key, section)

    def coverage_threshold(self, lang: str) -> float:
        return self.min_coverage_by_lang.get(lang, self.min_coverage)

    def check_language(self, lang: str) -> str:
        """Return `lang` if it is a configured target language, else raise naming the configured ones."""
        if lang == self.source_language:
            raise UsageError(f"{lang!r} is the source language: it has no catalogs, and publish builds its "
                             f"edition with every run; the configured languages are {', '.join(self.languages)}",
                             relative(self.path, self.root))
        if lang not in self.languages:
            raise UsageError(
                f"unknown language {lang!r}: the configured languages are {', '.join(self.languages)}",
                relative(self.path, self.root),
            )
        return lang

    def select_languages(self, langs: tuple[str, ...] | list[str], all_: bool) -> list[str]:
        """The `--lang`/`--all` convention shared by every command."""
        if all_ and langs:
            raise UsageError("give either --lang or --all, not both")
        if all_:
            return list(self.languages)
        if not langs:
            raise UsageError("name a language with --lang (repeatable) or use --all")
        seen: list[str] = []
        for lang in langs:
            if self.check_language(lang) not in seen:
                seen.append(lang)
        return seen


def deepest_line(text: str) -> int:
    """The line of TOML `text` where its arrays and inline tables nest deepest (strings and
    comments skipped): where a value nested too deeply for the parser is."""
    depth, deepest, line, best = 0, 0, 1, 1
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            line += 1
        elif quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            while i + 1 < len(text) and text[i + 1] != "\n":
                i += 1
        elif c in "[{":
            depth += 1
            if depth > deepest:
                deepest, best = depth, line
        elif c in "]}":
            depth -= 1
        i += 1
    return best


def load_site(root: Path, inputs: Inputs | None = None) -> Site:
    path = root / "source" / "site.toml"
    shown = relative(path, root)
    inputs = inputs or Inputs(root)
    text = ""
    try:
        raw = inputs.read(path, MAX_SOURCE_BYTES, shown)
        text = raw.decode("utf-8")
        bad = bad_character(text)
        if bad:
            raise InputError(f"{bad[1]}: remove it", shown, bad[0])
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise InputError("no site configuration: create source/site.toml (see README)", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start})", shown, raw[: exc.start].count(b"\n") + 1) from None
    except RecursionError:
        raise InputError("malformed TOML: nested too deeply", shown, deepest_line(text)) from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        end = "at end of document" in str(exc)  # an unclosed value: the last line
        raise InputError(f"malformed TOML: {str(exc).split(' (at')[0]}", shown,
                         int(m.group(1)) if m else text.rstrip("\n").count("\n") + 1 if end else None) from None

    bad_value = bad_character_in(data)
    if bad_value:
        keys, what = bad_value
        line = key_line(text, keys[-1], section=keys[0]) if len(keys) > 1 else key_line(text, keys[0])
        raise InputError(f"{what} in '{'.'.join(keys)}' (written as an escape): remove it", shown, line)

    def fail(message: str) -> InputError:
        line = key_line(text, message.split("'")[1] if "'" in message else "")
        return InputError(message, shown, line)

    from ..base.languages import is_known
    source_language = data.get("source_language", "en")
    if not isinstance(source_language, str) or not LANG_RE.fullmatch(source_language):
        raise fail(f"'source_language' must be a language code such as \"en\", not {source_language!r}")
    if not is_known(source_language):
        raise fail(f"'source_language' is {source_language!r}, a language code Babel does not know")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        raise fail("'languages' must be a non-empty list of language codes")
    for lang in languages:
        if not LANG_RE.fullmatch(lang) or lang == source_language:
            raise fail(f"'languages' has an invalid target language code {lang!r}")
        if not is_known(lang):
            raise fail(f"'languages' has {lang!r}, a language code Babel does not know")
    if len(set(languages)) != len(languages):
        raise fail("'languages' lists a language twice")
    centre_data = data.get("centre")
    if not isinstance(centre_data, dict) or not isinstance(centre_data.get("name"), str):
        raise fail("'centre' needs a 'name'")
    known = {f for f in Centre.__dataclass_fields__}
    for key, value in centre_data.items():
        if key not in known:
            raise fail(f"'{key}' is not a centre field (known: {', '.join(sorted(known))})")
        if key == "phones":
            if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
                raise fail("'phones' must be a list of strings")
        elif not isinstance(value, str):
            raise fail(f"'{key}' must be a string")
    centre = Centre(**{**centre_data, "phones": tuple(centre_data.get("phones", ()))})
    coverage = data.get("min_coverage", 80)
    by_lang: dict[str, float] = {}
    if isinstance(coverage, dict):
        by_lang = {k: v for k, v in coverage.items() if k != "default"}
        coverage = coverage.get("default", 80)
        for key, value in by_lang.items():
            if key not in languages:
                raise fail(f"'min_coverage' names {key!r}, which is not in 'languages'")
            if not _percentage(value):
                raise fail(f"'min_coverage' for {key} must be a percentage between 0 and 100")
    if not _percentage(coverage):
        raise fail("'min_coverage' must be a percentage between 0 and 100")
    def fail_in_translation(message: str) -> InputError:
        section = "translation.back" if "[translation.back]" in message else "translation"
        line = key_line(text, message.split("'")[1] if "'" in message else "", section=section)
        return InputError(message, shown, line)

    translation = parse_translation(data.get("translation"), languages, fail_in_translation)
    scheduler = _scheduler(data.get("cluster"), fail)
    return Site(root=root, source_language=source_language, languages=tuple(languages),
                centre=centre, min_coverage=float(coverage),
                min_coverage_by_lang={k: float(v) for k, v in by_lang.items()}, translation=translation,
                text=text, scheduler=scheduler)


def _scheduler(table: object, fail: Callable[[str], InputError]) -> str:
    """`[cluster] scheduler = "tcp://HOST:8786"`: the Dask scheduler commands fan out to."""
    if table is None:
        return ""
    if not isinstance(table, dict) or set(table) - {"scheduler"}:
        raise fail("'cluster' must be a table with only scheduler = \"tcp://HOST:8786\"")
    address = table.get("scheduler", "")
    if not isinstance(address, str) or not re.fullmatch(r"(tcp|tls)://[^\s/]+:\d+", address):
        raise fail(f"'scheduler' must be a Dask scheduler address such as \"tcp://10.0.0.5:8786\", not {address!r}")
    return address


def bad_character_in(value: object, keys: tuple[str, ...] = ()) -> tuple[tuple[str, ...], str] | None:
    """(keys, what) of the first string in parsed YAML or TOML that holds a control character
    or an overlong run of combining marks: an escape (`"\\x00"`, `"\\e"`, `"\\u2028"`) puts
    into the value what the file's own text may not hold."""
    if isinstance(value, str):
        bad = bad_character(value)
        return (keys or ("?",), bad[1]) if bad else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = bad_character_in(str(key), keys + (str(key),)) or bad_character_in(item, keys + (str(key),))
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = bad_character_in(item, keys)
            if found:
                return found
    return None


def _percentage(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def key_line(text: str, key: str, section: str | None = None) -> int | None:
    """The line of `key = …` (or `[key]`) in TOML `text`, within `[section]` when one is given."""
    if not key:
        return None
    lines = text.splitlines()
    inside = section is None
    for number, text in enumerate(lines, start=1):
        if section is not None and text.strip().startswith("["):
            inside = text.strip() == f"[{section}]"
            if key == section and inside:
                return number
            continue
        if inside and (re.match(rf"\s*{re.escape(key)}\s*=", text) or text.strip() == f"[{key}]"):
            return number
    return None


