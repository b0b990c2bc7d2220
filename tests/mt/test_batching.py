"""Batched decoding (mt/batching.py) with the tiny real NLLB-shaped models of nllb_fixture.py."""

from __future__ import annotations

from pathlib import Path

from mt_fixture import po

from workflow import catalogs
from workflow.mt.batching import BATCH_SENTENCES, decoding_limit
from workflow.mt.ctranslate2 import CT2Engine
from workflow.mt.translate import translate_language


class Counting(CT2Engine):
    """The real engine, counting how often translate is asked for how many texts."""

    asked: list[int]

    def translate_scored(self, texts, progress=None):  # noqa: ANN001, ANN201
        self.asked = getattr(self, "asked", []) + [len(texts)]
        return super().translate_scored(texts, progress)


def test_a_model_that_does_not_stop_decodes_only_to_its_batch_limit(looping_nllb_model: Path) -> None:
    engine = CT2Engine(looping_nllb_model, "en", "mr", device="cpu")
    [result] = engine.translate_scored(["The patient has back pain."])
    assert result.cut and result.text.startswith("The रुग्ण has back वेदना.")
    stats = engine.stats
    assert stats.sentences == 1 and stats.calls == 1
    assert stats.tokens_out == decoding_limit(stats.tokens_in, 256) == 3 * stats.tokens_in + 10 < 256


def test_the_progress_bar_moves_with_every_batch(nllb_model: Path) -> None:
    engine = CT2Engine(nllb_model, "en", "mr", device="cpu")
    texts = [f"Rest for {i} days." for i in range(BATCH_SENTENCES + 9)]
    seen: list[tuple[int, int]] = []
    results = engine.translate_scored(texts, lambda done, total: seen.append((done, total)))
    assert seen == [(0, 41), (9, 41), (41, 41)]  # the longest batch first: it is decoded first
    assert engine.stats.calls == 2 and engine.stats.sentences == 41
    assert [r.text for r in results] == texts and not any(r.cut for r in results)
    assert engine.stats.tokens_out == engine.stats.tokens_in - 41  # the copy model: prefix in, </s> not out


def test_a_cut_draft_is_refused_without_translating_it_again(mt_project: Path, looping_nllb_model: Path) -> None:
    engine = Counting(looping_nllb_model, "en", "mr", device="cpu")
    report = translate_language(mt_project, "mr", engine)
    assert engine.asked == [engine.asked[0]]  # one pass: no run-by-run retry of cut drafts
    assert report.drafted == 0 and report.fallback == 0 and report.rejected
    assert all("length limit" in r.reason for r in report.rejected)
    assert not any(catalogs.is_machine_draft(e) for e in catalogs.active(po(mt_project, lang="mr")))
