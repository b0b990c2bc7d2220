"""Several LibreTranslate servers for one language, started for real on 127.0.0.1 (`libre_fixture`):
each server takes batches from one queue as it is free, a server that fails is taken out of the
rotation with one warning while the others serve its batches, and with none left nothing is
written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from libre_fixture import FakeServers
from conftest import run_cli

from workflow.base.errors import MissingModelError
from workflow.mt import libretranslate
from workflow.mt.libretranslate import REQUESTS_PER_SERVER, RETRIES, LibreTranslateEngine, ServerError

TEXTS = [f"Take {i} tablets a day." for i in range(20)]


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without waiting, and two strings a batch, so that a few strings make many batches."""
    monkeypatch.setattr(libretranslate, "BACKOFF", 0.01)
    monkeypatch.setattr(libretranslate, "BATCH", 2)


def configure(root: Path, urls: list[str]) -> None:
    listed = ", ".join(f'"{u}"' for u in urls)
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\n"
                    f'hi = {{ engine = "libretranslate", url = [{listed}], timeout = 10 }}\n', encoding="utf-8")


def locales(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("leaflet: warning:")]


@pytest.mark.parametrize("dead", ["closed port", "answers 500"])
def test_a_dead_server_is_taken_out_and_the_other_serves_every_batch(
        mt_project: Path, tmp_path: Path, serve: FakeServers, closed_port: str, dead: str) -> None:
    good = serve(str.upper)
    bad = closed_port if dead == "closed port" else serve(str.upper, status=500)
    alone = tmp_path / "alone"
    shutil.copytree(mt_project, alone)
    configure(alone, [good])
    configure(mt_project, [bad, good])
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = run_cli(alone, "translate", "--lang", "hi", env=env)
    assert result.exit_code == 0 and not warnings(result.output), result.output
    batches = serve.translations_asked(good)

    result = run_cli(mt_project, "translate", "--lang", "hi", env=env)
    assert result.exit_code == 0, result.output
    assert locales(mt_project) == locales(alone)  # every string, as the good server alone drafts it
    assert serve.translations_asked(good) == 2 * batches
    why = "is unreachable (" if dead == "closed port" else "answered 500: status 500 for the test"
    [warning] = warnings(result.output)
    assert warning.startswith(f"leaflet: warning: LibreTranslate server {bad} {why}"), warning
    assert warning.endswith(": taken out of the rotation; 1 of 2 left"), warning
    if dead == "answers 500":  # each of its requests tried its retries, then never again
        assert 1 <= serve.translations_asked(bad) <= RETRIES * REQUESTS_PER_SERVER < batches


@pytest.mark.parametrize("failing, why", [
    ({"status": 503}, "answered 503: status 503 for the test"),
    ({"delay": 1.0}, "did not answer within 0.2 s"),
    ({"short": True}, "answered without one translation per string"),
])
def test_a_server_taken_out_is_not_asked_again(serve: FakeServers, failing: dict, why: str) -> None:
    bad, good = serve(str.upper, **failing), serve(str.upper)
    engine = LibreTranslateEngine([bad, good], "en", "hi", timeout=0.2)
    assert engine.translate(TEXTS) == [t.upper() for t in TEXTS]
    asked = serve.translations_asked(bad)
    assert 1 <= asked <= RETRIES * REQUESTS_PER_SERVER
    assert engine.warnings == [f"LibreTranslate server {bad} {why}: taken out of the rotation; 1 of 2 left"]
    more = [t.replace("tablets", "drops") for t in TEXTS]
    assert engine.translate(more) == [t.upper() for t in more]
    assert serve.translations_asked(bad) == asked and len(engine.warnings) == 1
    assert engine.provenance == f"libretranslate en→hi {good} (unknown)"


def test_a_fast_server_takes_more_batches_than_a_slow_one(serve: FakeServers) -> None:
    slow, fast = serve(str.upper, delay=0.3), serve(str.upper)
    engine = LibreTranslateEngine([slow, fast], "en", "hi")
    texts = TEXTS + ["", TEXTS[3], "  "]  # blanks are not sent, repeats once
    moved: list[tuple[int, int]] = []
    assert engine.translate(texts, lambda done, total: moved.append((done, total))) == [t.upper() for t in texts]
    batches = len(TEXTS) // 2
    assert serve.translations_asked(slow) + serve.translations_asked(fast) == batches
    # a fixed round-robin gives each server half the batches
    assert serve.translations_asked(fast) > 2 * serve.translations_asked(slow) >= 2
    assert moved == [(2 * i, len(TEXTS)) for i in range(batches + 1)]  # per batch, as they come back
    assert engine.warnings == []


def test_every_server_down_is_one_error_and_nothing_written(mt_project: Path, serve: FakeServers,
                                                            closed_port: str) -> None:
    bad = serve(status=502)
    configure(mt_project, [closed_port, bad])
    before = locales(mt_project)
    result = run_cli(mt_project, "translate", "--lang", "hi")
    assert result.exit_code == 2, result.output
    assert result.output == (f"leaflet: warning: LibreTranslate server {closed_port} is unreachable ([Errno 111] "
                             "Connection refused): taken out of the rotation; 1 of 2 left\n"
                             f"leaflet: error: LibreTranslate server {bad} answered 502: status 502 for the test; "
                             "none of the 2 servers is left: start it or correct url in [translation] of "
                             "source/site.toml\n")
    assert locales(mt_project) == before


def test_a_server_without_the_pair_is_taken_out(serve: FakeServers) -> None:
    other, good = serve(targets=("bn",)), serve(str.upper)
    engine = LibreTranslateEngine([other, good], "en", "hi")
    assert engine.translate(["Rest.", "Walk."]) == ["REST.", "WALK."]
    assert engine.warnings == [f"LibreTranslate server {other} does not translate en→hi (it offers bn): "
                               "taken out of the rotation; 1 of 2 left"]
    assert serve.translations_asked(other) == 0


def test_no_server_with_the_pair_is_a_missing_model(serve: FakeServers, closed_port: str) -> None:
    other = serve(targets=("bn",))
    engine = LibreTranslateEngine([closed_port, other], "en", "hi")
    with pytest.raises(MissingModelError, match=re.escape(f"LibreTranslate server {other} does not translate "
                                                          "en→hi (it offers bn); load the hi model")):
        engine.translate(["Rest."])


def test_a_refusal_is_the_request_not_the_server(serve: FakeServers) -> None:
    refusing, good = serve(status=400), serve(str.upper)
    engine = LibreTranslateEngine([refusing, good], "en", "hi")
    with pytest.raises(ServerError, match=re.escape(f"LibreTranslate server {refusing} refused the request: "
                                                    "status 400 for the test")):
        engine.translate(TEXTS)
    assert 1 <= serve.translations_asked(refusing) <= REQUESTS_PER_SERVER  # not retried
    assert engine.warnings == []


def test_a_server_listed_twice_is_one_server(serve: FakeServers) -> None:
    bad = serve(status=500)
    engine = LibreTranslateEngine([bad, bad + "/"], "en", "hi")
    with pytest.raises(ServerError) as raised:
        engine.translate(TEXTS)
    assert str(raised.value) == (f"LibreTranslate server {bad} answered 500: status 500 for the test: start it "
                                 "or correct url in [translation] of source/site.toml")
    assert engine.warnings == []


def test_an_engine_with_every_server_out_fails_again_rather_than_waits(serve: FakeServers, closed_port: str) -> None:
    import threading
    engine = LibreTranslateEngine([closed_port, serve(status=503)], "en", "hi")
    outcomes: list[BaseException] = []

    def twice() -> None:
        for _ in range(2):
            try:
                engine.translate(["Rest."])
            except ServerError as exc:
                outcomes.append(exc)

    worker = threading.Thread(target=twice, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the second call waited for a server that is out"
    assert len(outcomes) == 2


def test_strings_that_fail_on_two_servers_stop_the_run_naming_them(serve: FakeServers) -> None:
    """A string that crashes the model makes every server answer 500 to its batch: after two
    servers the run stops naming the strings, rather than taking out server after server."""
    servers = [serve(str.upper, poison="Take 7 tablets") for _ in range(3)]
    engine = LibreTranslateEngine(servers, "en", "hi")
    with pytest.raises(ServerError) as raised:
        engine.translate(TEXTS)
    message = str(raised.value)
    assert message.startswith("LibreTranslate servers ") and "each failed on the same 2 strings" in message
    assert "'Take 6 tablets a day.'" in message and "the strings, not the servers, are likely at fault" in message
    assert len(engine.warnings) == 1 and len(engine.rotation.live) == 2  # one taken out, the third never blamed


@pytest.mark.parametrize("command", [["translate", "--lang", "hi", "--back"],
                                     ["review", "--lang", "hi", "--back-translate", "--no-pdf"]])
def test_back_translation_says_which_server_it_took_out(mt_project: Path, serve: FakeServers,
                                                        command: list[str]) -> None:
    configure(mt_project, [serve(str.upper)])
    assert run_cli(mt_project, "translate", "--lang", "hi").exit_code == 0  # drafts to translate back
    bad, good = serve(status=500), serve(str.lower)
    site = mt_project / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation.back]\n"
                    f'hi = {{ engine = "libretranslate", url = ["{bad}", "{good}"], timeout = 10 }}\n',
                    encoding="utf-8")
    result = run_cli(mt_project, *command)
    assert result.exit_code == 0, result.output
    assert warnings(result.output) == [f"leaflet: warning: LibreTranslate server {bad} answered 500: status 500 "
                                       "for the test: taken out of the rotation; 1 of 2 left"]
    assert "by the engine" in result.output and serve.translations_asked(good) > 0
