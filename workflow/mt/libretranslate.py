"""A LibreTranslate server (or several) as a translation engine, over its HTTP API.

A centre that already runs LibreTranslate, or shares one between sites, points languages at
it in site.toml (`ta = { engine = "libretranslate", url = ["http://…:5000", …] }`). Strings
go in batches (`q` as an array), batches to every server in parallel, a failed request is
retried with backoff (on the next server when there are several), and a server that stays
down is one error line naming its URL. The API key, if the server wants one, is read from
the environment variable named by `api_key_env`, never from site.toml. Standard library
only: no MT package is needed on the machine that runs `leaflet translate`.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Sequence

from ..base.errors import LeafletError, MissingModelError, UsageError
from ..source.translation import UNKNOWN
from .argos import Progress, Translation
from .batching import Stats

#: Strings per request: small enough for LibreTranslate's default limits, large enough to batch.
BATCH = 16
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled after each failed try
REQUESTS_PER_SERVER = 2
#: Most bytes an answer may have: a floor, plus this many per byte asked. A translation is a few
#: times its source (three bytes a letter in Indian scripts, six as a JSON escape), never megabytes
#: per string: a larger answer is cut off and refused rather than read for minutes.
ANSWER_FLOOR = 1024 * 1024
ANSWER_PER_BYTE = 32


class AnswerTooLarge(ValueError):
    """An answer beyond the bound for its request."""


class ServerError(LeafletError):
    """A LibreTranslate server that is down or refuses the request."""


class LibreTranslateEngine:
    """Translations from LibreTranslate servers; the server gives no score."""

    def __init__(self, urls: Sequence[str], source: str, target: str, *, api_key_env: str = "",
                 timeout: float = 60.0):
        self.urls = tuple(u.rstrip("/") for u in urls)
        self.source = source
        self.target = target
        self.timeout = timeout
        #: The server does not say which models it runs, so their licence is not known.
        self.licence = UNKNOWN
        self.api_key = ""
        if api_key_env:
            self.api_key = os.environ.get(api_key_env, "")
            if not self.api_key:
                raise UsageError(f"the LibreTranslate API key for {target} is read from ${api_key_env}, "
                                 "which is not set")
        self._checked = False
        #: strings and requests sent so far (tokens are the server's business): the benchmark prints it
        self.stats = Stats()

    @property
    def provenance(self) -> str:
        return f"libretranslate {self.source}→{self.target} {self.urls[0]} ({self.licence})"

    def _request(self, url: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(url + path, data=data, method="POST" if data else "GET",
                                         headers={"Content-Type": "application/json",
                                                  "Accept": "application/json"})
        limit = ANSWER_FLOOR + ANSWER_PER_BYTE * len(data or b"")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            length = response.headers.get("Content-Length", "")
            body = b"" if length.isdigit() and int(length) > limit else response.read(limit + 1)
            if len(body) > limit or (length.isdigit() and int(length) > limit):
                raise AnswerTooLarge(f"answered more than {limit} bytes for {len(data or b'')} bytes asked")
            return json.loads(body.decode("utf-8"))

    def _call(self, first: int, path: str, payload: dict[str, Any] | None = None) -> Any:
        """`path` on the servers from `first` on, retried with backoff; ServerError naming the URL."""
        delay, last = BACKOFF, ""
        for attempt in range(RETRIES * len(self.urls)):
            url = self.urls[(first + attempt) % len(self.urls)]
            try:
                return self._request(url, path, payload)
            except AnswerTooLarge as exc:  # the same request would get the same answer
                raise ServerError(f"LibreTranslate server {url} {exc}: that is no translation") from None
            except urllib.error.HTTPError as exc:
                detail = _error_text(exc)
                if exc.code in (400, 403):  # a refusal that a retry will not change
                    raise ServerError(f"LibreTranslate server {url} refused the request: {detail}") from None
                last = f"LibreTranslate server {url} answered {exc.code}: {detail}"
            except (urllib.error.URLError, OSError, ValueError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"LibreTranslate server {url} is unreachable ({reason})"
            time.sleep(delay)
            delay *= 2
        raise ServerError(f"{last}: start it or correct url in [translation] of source/site.toml")

    def _check(self) -> None:
        """The first server must offer source→target (GET /languages)."""
        if self._checked:
            return
        languages = self._call(0, "/languages")
        targets = {t for lang in languages if lang.get("code") == self.source for t in lang.get("targets", ())}
        if self.target not in targets:
            raise MissingModelError(f"LibreTranslate server {self.urls[0]} does not translate "
                                    f"{self.source}→{self.target} (it offers {', '.join(sorted(targets)) or 'none'}); load the "
                                    f"{self.target} model on the server or serve {self.target} with another engine "
                                    "in [translation] of source/site.toml")
        self._checked = True

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [t.text for t in self.translate_scored(texts, progress)]

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        self._check()
        distinct = list(dict.fromkeys(t for t in texts if t.strip()))
        batches = [distinct[i:i + BATCH] for i in range(0, len(distinct), BATCH)]
        done: dict[str, str] = {}
        if progress:
            progress(0, len(distinct))

        def run(index: int) -> tuple[list[str], list[str]]:
            payload = {"q": batches[index], "source": self.source, "target": self.target, "format": "text"}
            if self.api_key:
                payload["api_key"] = self.api_key
            answer = self._call(index, "/translate", payload)
            out = answer.get("translatedText") if isinstance(answer, dict) else None
            if not isinstance(out, list) or len(out) != len(batches[index]):
                raise ServerError(f"LibreTranslate server {self.urls[index % len(self.urls)]} "
                                  "answered without one translation per string")
            return batches[index], out

        self.stats.add(Stats(sentences=len(distinct), calls=len(batches)))
        workers = max(1, min(len(batches), REQUESTS_PER_SERVER * len(self.urls)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for batch, out in pool.map(run, range(len(batches))):
                done.update(zip(batch, out))
                if progress:
                    progress(len(done), len(distinct))
        return [Translation(done.get(t, t)) for t in texts]


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read().decode("utf-8")).get("error", exc.reason))
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)
