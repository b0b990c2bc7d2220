"""The output of `leaflet models` (list, evaluate) and the licence warning of `translate`:
pure functions from values to strings, as `report` is for the other commands."""

from __future__ import annotations

import json


def models_lines(installed: list, folders: list, available: list | None, argos: bool, index_url: str,
                 servings: list | None) -> list[str]:
    """`leaflet models list`: installed models with their licences, the Argos index, and what
    serves each language (`servings`: `mt.engines.Serving`)."""
    lines = ["installed:"]
    lines += [f"  {m.source}→{m.target}  {m.version:<8} {m.name}  [{m.licence}]  {m.path}" for m in installed]
    lines += [f"  ctranslate2  {m.name}  ({m.family})  [{m.licence}]  {m.folder}" for m in folders]
    if not installed and not folders:
        lines.append("  (none)")
    if not argos:
        lines.append("available: Argos Translate is not installed (the [mt] extra)")
    elif available is None:
        lines.append(f"available: package index unreachable ({index_url})")
    else:
        have = {(m.source, m.target, m.version) for m in installed}
        lines.append("available:")
        lines += [f"  {m.source}→{m.target}  {m.version:<8} {m.name}  [{m.licence}]"
                  + ("  (installed)" if (m.source, m.target, m.version) in have else "") for m in available]
    if servings is not None:
        lines.append("languages (source/site.toml [translation]):")
        lines += [f"  {s.lang:<3} nothing: {s.detail}" if s.provenance is None else
                  f"  {s.lang:<3} {s.provenance}" + (f"  {s.detail}" if s.detail else "") for s in servings]
        missing = [s.lang for s in servings if s.provenance is None]
        if missing:
            lines.append(f"no model for: {' '.join(missing)}")
    return lines


def models_json(installed: list, folders: list, available: list | None, servings: list | None) -> str:
    """`leaflet models list --format json`: the same, for scripts; every model with its licence."""
    def argos(m) -> dict:  # noqa: ANN001 - mt.argos.ModelInfo
        return {"engine": "argos", "source": m.source, "target": m.target, "version": m.version,
                "name": m.name, "licence": m.licence, **({"path": str(m.path)} if m.path else {})}

    data = {"installed": [argos(m) for m in installed]
            + [{"engine": "ctranslate2", "name": m.name, "family": m.family, "licence": m.licence,
                "path": str(m.folder)} for m in folders],
            "available": None if available is None else [argos(m) for m in available],
            "languages": None if servings is None else [s.as_json() for s in servings]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def licence_warning(restricted: dict) -> str | None:
    """One line for a run that drafts with non-commercial models (`mt.engines.restricted`)."""
    if not restricted:
        return None
    models = sorted({f"{e.provenance.split(' ', 1)[0]} {getattr(e, 'label', '')}".strip() + f" ({e.licence})"
                     for e in restricted.values()})
    return (f"leaflet: warning: {' '.join(restricted)}: drafted by a model licensed for non-commercial use "
            f"only ({', '.join(models)}); a hospital or paid programme may not use it: serve these languages "
            "with IndicTrans2 (MIT), or set use = \"non-commercial\" in [translation] of source/site.toml "
            "if the centre's use is non-commercial")


def evaluate_lines(lang: str, segments: int, results: list) -> list[str]:
    """`leaflet models evaluate`: the engines side by side (`mt.evaluate.EngineResult`)."""
    head = f"{'engine':<44} {'licence':<13} {'segs':>5} {'chrF++':>7} {'BLEU':>6} {'unchanged':>9} " \
           f"{'median edits':>12} {'s/segment':>9}"
    lines = [f"{lang}: {segments} reviewed segments", head]

    def row(label: str, licence: str, s, seconds: str) -> str:  # noqa: ANN001 - mt.evaluate.Scores
        return (f"{label:<44} {licence:<13} {s.segments:>5} {s.chrf:>7.1f} {s.bleu:>6.1f} {s.unchanged:>9} "
                f"{s.median_edits:>12g} {seconds:>9}").rstrip()

    for r in results:
        seconds = f"{r.seconds_per_segment:.3f}"
        if r.scores is not None:
            lines.append(row(r.provenance.rsplit(" (", 1)[0], r.licence, r.scores, seconds))
        if r.own is not None:
            lines.append(row(("  " if r.scores else r.provenance.rsplit(" (", 1)[0] + " ")
                             + "reviewed from its own drafts", r.licence, r.own, "" if r.scores else seconds))
    failed = [f"{r.provenance}: {r.scores.failed}" for r in results if r.scores and r.scores.failed]
    if failed:
        lines.append("no intact draft (scored as empty): " + ", ".join(failed))
    return lines


def evaluate_json(lang: str, segments: int, results: list) -> str:
    return json.dumps({"lang": lang, "segments": segments, "engines": [r.as_json() for r in results]},
                      ensure_ascii=False, indent=2)
