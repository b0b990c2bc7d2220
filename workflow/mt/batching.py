"""Decoding every distinct sentence of a run in length-sorted batches, shared by the engines.

Why batches of 32 submitted one by one (`asynchronous=True`) rather than one big call: each
batch gets a decoding limit from its own longest source (`decoding_limit`), so a model that
does not stop (a random or broken one, or a real one looping on an odd sentence) decodes a
few tokens past its source instead of 256; CTranslate2's worker threads still take the batches
in parallel, and the progress bar moves as each batch comes back, at no cost to throughput.
The longest batches go first, so the threads finish together rather than one of them decoding
the longest batch alone at the end (an Argos-size model: 22.7 s → 18.5 s for the bundled article).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

#: Called as progress(done, total) while sentences are translated.
Progress = Callable[[int, int], None]

#: Sentences per CTranslate2 batch (sorted by length, so batches carry little padding).
BATCH_SENTENCES = 32

#: A translation may have this many tokens per source token, plus SLACK: Indic scripts take
#: up to about twice an English sentence's pieces; a draft past the limit is a model looping.
LENGTH_RATIO = 3
LENGTH_SLACK = 10


def paragraph_sentences(texts: Sequence[str], split: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Every distinct paragraph (line) of `texts` and its sentences: models translate sentences,
    and a paragraph repeated across a run is split once."""
    paragraphs: dict[str, list[str]] = {}
    for text in texts:
        for paragraph in text.split("\n"):
            if paragraph not in paragraphs:
                paragraphs[paragraph] = split(paragraph)
    return paragraphs


def mean_log_prob(score: float, length: int, length_penalty: float) -> float:
    """Undo CTranslate2's length normalisation (score = sum log p / length ** penalty)."""
    return score * (length ** length_penalty) / length if length else 0.0


def decoding_limit(longest: int, maximum: int) -> int:
    """The decoding limit of a batch whose longest source has `longest` tokens."""
    return min(maximum, LENGTH_RATIO * longest + LENGTH_SLACK)


@dataclass(frozen=True)
class Decoded:
    """One sentence's best hypothesis (target tokens, the prefix included)."""

    tokens: list[str]
    #: sum of the token log-probabilities and the number of tokens scored (the end token too)
    log_prob: float
    length: int
    #: decoding stopped at its limit: the end of the sentence is probably missing
    cut: bool


@dataclass
class Stats:
    """What an engine asked of the model in one run: the benchmark prints it."""

    sentences: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0

    def add(self, other: "Stats") -> None:
        self.sentences += other.sentences
        self.tokens_in += other.tokens_in
        self.tokens_out += other.tokens_out
        self.calls += other.calls


def decode(translator: Any, tokens: Sequence[list[str]], *, prefix: list[str] | None,
           options: dict[str, Any], progress: Progress | None = None,
           stats: Stats | None = None) -> list[Decoded]:
    """Translate every token sequence; one `Decoded` per input, in order.

    `options` are `translate_batch` keyword arguments (beam size, length penalty, ...), with
    `max_decoding_length` the ceiling of every batch's own limit.
    """
    total = len(tokens)
    order = sorted(range(total), key=lambda i: len(tokens[i]))
    maximum = options.get("max_decoding_length", 256)
    penalty = options.get("length_penalty", 1.0)
    settings = {k: v for k, v in options.items() if k != "max_decoding_length"}
    settings.update(return_scores=True, num_hypotheses=1)
    pending = []
    # Longest batches first: the decoding threads then end together, not with one long batch last.
    for start in reversed(range(0, total, BATCH_SENTENCES)):
        batch = order[start:start + BATCH_SENTENCES]
        limit = decoding_limit(len(tokens[batch[-1]]), maximum)
        results = translator.translate_batch(
            [tokens[i] for i in batch], target_prefix=[prefix] * len(batch) if prefix else None,
            max_decoding_length=limit, asynchronous=True, **settings)
        pending.append((batch, limit, results))
    out: list[Decoded | None] = [None] * total
    done = 0
    if progress:
        progress(0, total)
    for batch, limit, results in pending:
        for i, async_result in zip(batch, results):
            result = async_result.result()
            hyp = result.hypotheses[0]
            n = len(hyp) + 1  # the end token is scored too
            out[i] = Decoded(hyp, mean_log_prob(result.scores[0], n, penalty) * n, n, len(hyp) >= limit)
        done += len(batch)
        if progress:
            progress(done, total)
    if stats is not None:
        stats.sentences += total
        stats.tokens_in += sum(len(t) for t in tokens)
        stats.tokens_out += sum(len(d.tokens) for d in out if d)
        stats.calls += len(pending)
    return [d for d in out if d is not None]


def score(parts: Sequence[Decoded]) -> float | None:
    """exp(mean log-probability per token) over several sentences: 0..1, None if there are none."""
    length = sum(p.length for p in parts)
    return math.exp(sum(p.log_prob for p in parts) / length) if length else None
