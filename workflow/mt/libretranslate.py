"""A LibreTranslate server (or several) as a translation engine, over its HTTP API.

A centre that already runs LibreTranslate, or shares one between sites, points languages at
it in site.toml (`ta = { engine = "libretranslate", url = ["http://…:5000", …] }`). Strings
go in batches (`q` as an array); each server has its own requests pulling batches from one queue
(`rotation`), so a fast server takes more than a slow one. A failed request is retried with
backoff on the same server; a server that stays down, or that does not offer the pair, is taken
out of the rotation with a message (`warnings`) and its batch goes to the others; with none
left, one error line names the last, and a batch that fails on two servers names its strings.
The API key, if the server wants one, is read from the environment variable named by
`api_key_env`, never from site.toml. Standard library only: no MT package is needed on the
machine that runs `leaflet translate`.
"""

from __future__ import annotations

import http.client
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
from .rotation import JobFails, NoServerLeft, Rotation, ServerDown

#: Strings per request: small enough for LibreTranslate's default limits, large enough to batch.
BATCH = 16
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled after each failed try
#: Requests under way at once on each server, each pulling the next batch from the shared queue.
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
        self.urls = tuple(dict.fromkeys(u.rstrip("/") for u in urls))  # a server listed twice is one
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
        #: The servers still in use this run; a server that fails is taken out with a message.
        self.rotation = Rotation(self.urls, "LibreTranslate server")
        #: strings and requests sent so far (tokens are the server's business): the benchmark prints it
        self.stats = Stats()

    @property
    def provenance(self) -> str:
        first = (self.rotation.live or self.urls)[0]
        return f"libretranslate {self.source}→{self.target} {first} ({self.licence})"

    @property
    def warnings(self) -> list[str]:
        """One line per server taken out of the rotation so far, for the command to show."""
        return self.rotation.warnings

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

    def _call(self, url: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """`path` on one server, retried with backoff: its answer, or ServerDown saying why. A
        refusal that a retry would not change is ServerError at once: it is the request, not the
        server."""
        delay, why, unreachable = BACKOFF, "", False
        for attempt in range(RETRIES):
            if attempt:
                time.sleep(delay)
                delay *= 2
                if self.rotation.is_out(url):  # another request found it down meanwhile
                    raise ServerDown(why, unreachable=unreachable)
            try:
                return self._request(url, path, payload)
            except AnswerTooLarge as exc:  # the same request would get the same answer
                raise ServerError(f"LibreTranslate server {url} {exc}: that is no translation") from None
            except urllib.error.HTTPError as exc:
                detail = _error_text(exc)
                if exc.code in (400, 403):
                    raise ServerError(f"LibreTranslate server {url} refused the request: {detail}") from None
                why, unreachable = f"answered {exc.code}: {detail}", False
            except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                unreachable = isinstance(reason, ConnectionError)
                why = (f"did not answer within {self.timeout:g} s" if isinstance(reason, TimeoutError)
                       else f"is unreachable ({reason})")
        raise ServerDown(why, unreachable=unreachable)

    def _down(self, exc: NoServerLeft) -> ServerError:
        rest = f"; none of the {len(self.urls)} servers is left" if len(self.urls) > 1 else ""
        return ServerError(f"LibreTranslate server {exc.server} {exc.why}{rest}: start it or correct url "
                           "in [translation] of source/site.toml")

    def _targets(self, url: str) -> set[str] | ServerDown:
        """What `url` translates the source language into (GET /languages), or why it is down."""
        try:
            languages = self._call(url, "/languages")
        except ServerDown as exc:
            return exc
        try:
            return {t for lang in languages if lang.get("code") == self.source for t in lang.get("targets", ())}
        except (TypeError, AttributeError):
            return ServerDown("answered /languages with no list of languages")

    def _check(self) -> None:
        """Each server must offer source→target (GET /languages, all at once); one that does not,
        or is down, is taken out. MissingModelError if none offers the pair."""
        if self._checked:
            return
        with ThreadPoolExecutor(max_workers=len(self.urls)) as pool:
            answers = list(pool.map(self._targets, self.urls))
        missing = ""
        for url, targets in zip(self.urls, answers):
            if isinstance(targets, ServerDown):
                why = targets.why
            elif self.target in targets:
                continue
            else:
                why = (f"does not translate {self.source}→{self.target} "
                       f"(it offers {', '.join(sorted(targets)) or 'none'})")
                missing = missing or f"LibreTranslate server {url} {why}"
            try:
                self.rotation.take_out(url, why)
            except NoServerLeft as exc:
                if missing:
                    raise MissingModelError(f"{missing}; load the {self.target} model on the server or serve "
                                            f"{self.target} with another engine in [translation] of "
                                            "source/site.toml") from None
                raise self._down(exc) from None
        self._checked = True

    def _send(self, url: str, batch: list[str]) -> list[str]:
        """One batch translated by one server."""
        payload = {"q": batch, "source": self.source, "target": self.target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._call(url, "/translate", payload)
        out = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(out, list) or len(out) != len(batch) or not all(isinstance(t, str) for t in out):
            raise ServerDown("answered without one translation per string")
        return out

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        return [t.text for t in self.translate_scored(texts, progress)]

    def translate_scored(self, texts: Sequence[str], progress: Progress | None = None) -> list[Translation]:
        self._check()
        distinct = list(dict.fromkeys(t for t in texts if t.strip()))
        batches = [distinct[i:i + BATCH] for i in range(0, len(distinct), BATCH)]
        done: dict[str, str] = {}
        if progress:
            progress(0, len(distinct))
        self.stats.add(Stats(sentences=len(distinct), calls=len(batches)))
        workers = max(1, min(len(batches), REQUESTS_PER_SERVER))
        try:
            for index, out in self.rotation.run(batches, self._send, workers):
                done.update(zip(batches[index], out))
                if progress:
                    progress(len(done), len(distinct))
        except NoServerLeft as exc:
            raise self._down(exc) from None
        except JobFails as exc:
            first = batches[exc.index][0]
            shown = first if len(first) <= 60 else first[:59] + "…"
            raise ServerError(f"LibreTranslate servers {' and '.join(exc.servers)} each failed on the same "
                              f"{len(batches[exc.index])} strings (from {shown!r}; last: {exc.why}): the "
                              "strings, not the servers, are likely at fault; see the server's log") from None
        return [Translation(done.get(t, t)) for t in texts]


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read().decode("utf-8")).get("error", exc.reason))
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)
