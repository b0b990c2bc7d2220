"""Which engine serves which language: the `[translation]` table of site.toml.

```toml
[translation]
default = "argos"                      # Argos Translate packages (hi, bn, ur)
mr = { engine = "ctranslate2", model = "nllb-200-distilled-600M-ct2" }
ta = { engine = "ctranslate2", model = "/srv/models/nllb-200-1.3B-ct2", device = "cuda", compute_type = "int8_float16" }
kn = { engine = "libretranslate", url = ["http://10.0.0.5:5000"], api_key_env = "LT_API_KEY" }
use = "non-commercial"                 # optional: the centre may run non-commercial models

[translation.back]                     # the other way, for back-translation (`review --back-translate`)
ur = "argos"                           # Argos's ur→en package
review = ["ta", "ur"]                  # languages whose review sheets always carry a back-translation
```

Without an entry in `[translation.back]`, a language is translated back by the engine that serves
it (NLLB-200 and LibreTranslate are many-to-many; Argos has xx→en packages for hi, bn, ur).

A CTranslate2 `model` is a folder: a path (absolute, or relative to the project root) or the
name of a model installed with `leaflet models install` (in `LEAFLET_MODELS_DIR`, default
`$XDG_DATA_HOME/leaflet/models`). Parsing happens when site.toml is loaded, so a bad entry
is reported with the file and line before any work. These are plain specs: the engines are
built from them by `mt.engines`, and nothing here imports an MT library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..base.errors import InputError

ENGINES = ("argos", "ctranslate2", "libretranslate")
DEVICES = ("auto", "cpu", "cuda")
COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")
#: The CTranslate2 model families `mt.ctranslate2` knows how to run.
FAMILIES = ("nllb", "indictrans2")
#: The licence (SPDX) of each family's published weights: the one table of model licences.
#: An Argos package names its own in metadata.json; what is not known is `UNKNOWN`, never guessed.
LICENCES = {"nllb": "CC-BY-NC-4.0", "indictrans2": "MIT"}
UNKNOWN = "unknown"
#: What `use` in [translation] may say: a non-commercial centre may run non-commercial models.
USES = ("commercial", "non-commercial")


def non_commercial(licence: str) -> bool:
    """A Creative Commons NonCommercial licence (CC-BY-NC-4.0, CC-BY-NC-SA-4.0, …)."""
    parts = licence.upper().split("-")
    return parts[:1] == ["CC"] and "NC" in parts
_FIELDS = {"argos": {"engine"},
           "ctranslate2": {"engine", "model", "family", "device", "compute_type"},
           "libretranslate": {"engine", "url", "api_key_env", "timeout"}}



@dataclass(frozen=True)
class EngineSpec:
    """One entry of `[translation]`."""

    engine: str = "argos"
    model: str = ""
    family: str | None = None
    device: str = "auto"
    compute_type: str = "default"
    urls: tuple[str, ...] = ()
    api_key_env: str = ""
    timeout: float = 60.0


    @property
    def identity(self) -> str:
        """What makes two back-translations of one text the same: the engine and its model."""
        where = ",".join(self.urls) if self.engine == "libretranslate" else self.model
        return f"{self.engine} {where}".strip()


@dataclass(frozen=True)
class TranslationConfig:
    default: EngineSpec = field(default_factory=EngineSpec)
    languages: dict[str, EngineSpec] = field(default_factory=dict)
    #: `[translation.back]`: the engine that translates a language back into the source language.
    back: dict[str, EngineSpec] = field(default_factory=dict)
    #: `[translation.back] review = [...]`: sheets of these languages always carry a back-translation.
    review_back: tuple[str, ...] = ()
    #: `use = "non-commercial"`: the centre's use allows non-commercial models without a warning.
    use: str = "commercial"

    def spec(self, lang: str) -> EngineSpec:
        return self.languages.get(lang, self.default)

    def back_spec(self, lang: str) -> EngineSpec:
        """The engine serving `lang`→source: `[translation.back]`'s, else the forward one's."""
        return self.back.get(lang) or self.back.get("default") or self.spec(lang)


def parse(table: Any, languages: list[str], fail: Callable[[str], InputError]) -> TranslationConfig:
    """`[translation]` as a value; `fail(message)` makes the error naming site.toml and the line."""
    if table is None:
        return TranslationConfig()
    if not isinstance(table, dict):
        raise fail("'translation' must be a table: [translation] with default = \"argos\" and per-language entries")
    specs = {}
    back, review = _back(table.get("back"), languages, fail)
    use = table.get("use", "commercial")
    if use not in USES:
        raise fail(f"'use' in [translation] must be one of {', '.join(USES)}")
    for key, value in table.items():
        if key in ("back", "use"):
            continue
        if key != "default" and key not in languages:
            raise fail(f"'{key}' in [translation] is not a language of 'languages' (nor 'default')")
        specs[key] = _spec(key, value, fail)
    default = specs.pop("default", EngineSpec())
    return TranslationConfig(default, specs, back, review, use)


def _back(table: Any, languages: list[str], fail: Callable[[str], InputError]
          ) -> tuple[dict[str, EngineSpec], tuple[str, ...]]:
    """`[translation.back]`: engine specs per language (and `default`), and `review = [...]`."""
    if table is None:
        return {}, ()
    if not isinstance(table, dict):
        raise fail("'back' in [translation] must be a table: [translation.back] with per-language engines")
    review = table.get("review", [])
    if not isinstance(review, list) or not all(isinstance(x, str) and x in languages for x in review):
        raise fail("'review' in [translation.back] must be a list of languages of 'languages'")
    specs = {}
    for key, value in table.items():
        if key == "review":
            continue
        if key != "default" and key not in languages:
            raise fail(f"'{key}' in [translation.back] is not a language of 'languages' (nor 'default')")
        specs[key] = _spec(key, value, fail, "[translation.back]")
    return specs, tuple(review)


def _spec(key: str, value: Any, fail: Callable[[str], InputError], table: str = "[translation]") -> EngineSpec:
    if isinstance(value, str):
        value = {"engine": value}
    if not isinstance(value, dict):
        raise fail(f"'{key}' in {table} must be an engine name or a table such as "
                   '{ engine = "ctranslate2", model = "…" }')
    engine = value.get("engine")
    if engine not in ENGINES:
        raise fail(f"'{key}' in {table}: unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    unknown = set(value) - _FIELDS[engine]
    if unknown:
        raise fail(f"'{key}' in {table}: {', '.join(sorted(unknown))} is not a field of the {engine} "
                   f"engine (known: {', '.join(sorted(_FIELDS[engine]))})")
    strings = {k: v for k, v in value.items() if k not in ("url", "timeout")}
    for name, v in strings.items():
        if not isinstance(v, str) or not v:
            raise fail(f"'{key}' in {table}: {name} must be a non-empty string")
    if engine == "ctranslate2":
        if "model" not in value:
            raise fail(f"'{key}' in {table}: the ctranslate2 engine needs model = \"FOLDER or NAME\"")
        if value.get("device", "auto") not in DEVICES:
            raise fail(f"'{key}' in {table}: device must be one of {', '.join(DEVICES)}")
        if value.get("compute_type", "default") not in COMPUTE_TYPES:
            raise fail(f"'{key}' in {table}: compute_type must be one of {', '.join(COMPUTE_TYPES)}")
        if value.get("family") not in (None, *FAMILIES):
            raise fail(f"'{key}' in {table}: unknown family {value['family']!r} "
                       f"(known: {', '.join(FAMILIES)})")
    urls: tuple[str, ...] = ()
    if engine == "libretranslate":
        raw = value.get("url")
        raw = [raw] if isinstance(raw, str) else raw
        if not isinstance(raw, list) or not raw or not all(
                isinstance(u, str) and u.startswith(("http://", "https://")) for u in raw):
            raise fail(f"'{key}' in {table}: the libretranslate engine needs url = \"http://…\" "
                       "or a list of them")
        urls = tuple(u.rstrip("/") for u in raw)
        timeout = value.get("timeout", 60)
        if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
            raise fail(f"'{key}' in {table}: timeout must be a number of seconds")
    return EngineSpec(engine=engine, model=value.get("model", ""), family=value.get("family"),
                      device=value.get("device", "auto"), compute_type=value.get("compute_type", "default"),
                      urls=urls, api_key_env=value.get("api_key_env", ""),
                      timeout=float(value.get("timeout", 60)))


def parse_option(text: str, fail: Callable[[str], InputError]) -> EngineSpec:
    """An engine named on the command line (`models evaluate --engine`): `argos`,
    `ctranslate2:MODEL`, `libretranslate:URL`, or an inline table as in site.toml."""
    import tomllib

    if text.lstrip().startswith("{"):
        try:
            value = tomllib.loads(f"engine = {text}")["engine"]
        except tomllib.TOMLDecodeError as exc:
            raise fail(f"'--engine' is not an inline table: {exc}") from None
        return _spec("--engine", value, fail, "the command line")
    engine, _, rest = text.partition(":")
    field_ = {"ctranslate2": "model", "libretranslate": "url"}.get(engine)
    if field_ and not rest:
        raise fail(f"'--engine' {engine} needs {engine}:{field_.upper()}")
    return _spec("--engine", {"engine": engine, **({field_: rest} if field_ else {})}, fail,
                 "the command line")
