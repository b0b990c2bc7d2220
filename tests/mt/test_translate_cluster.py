"""`leaflet translate` on a Dask cluster (a real `distributed.LocalCluster` of two worker processes)
with the tiny real models of mt_fixture.py (Argos, hi) and nllb_fixture.py (CTranslate2, mr):
the same catalogs byte for byte as on one machine, one model load per worker however many
chunks, a worker killed mid-run costs nothing, and a worker that cannot load the model is one
line, exit 2, catalogs unchanged."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import shutil
from pathlib import Path

import pytest
from conftest import error_line, run_cli, write_article
from mt_fixture import ArgosHome

from workflow.mt import cluster as mt_cluster

distributed = pytest.importorskip("distributed")
from dask_fixture import killing_one_worker, local_cluster  # noqa: E402

#: 108 distinct sentences: with the sample's, five chunks of one batch for two workers, once a chunk
#: need not be a multiple of four batches (`mt_cluster.chunks`).
WORDS = (["patient", "doctor", "nurse", "family", "surgeon", "child"],
         ["feels", "reports", "has", "needs", "notes", "fears"],
         ["pain", "relief", "cement"])
MANY = "\n\n".join(f"The {a} {b} {c} after the {a} visit." for a, b, c in itertools.product(*WORDS))


@pytest.fixture(scope="module")
def cluster(installed_argos_home: ArgosHome):  # noqa: ANN201
    env = {k: v for k, v in installed_argos_home.env().items() if k.startswith(("ARGOS_", "XDG_"))}
    with local_cluster(env=env) as made:
        yield made


@pytest.fixture
def project(mt_project: Path, faulty_nllb_model: Path, argos_home: ArgosHome) -> Path:
    """mt_project with many more texts; hi by the Argos package, mr by an NLLB model whose
    masks come back wrong (so drafts fall back to translating run by run)."""
    write_article(mt_project, "many", MANY, title="Many sentences")
    site = mt_project / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + "\n[translation]\nmr = { engine = \"ctranslate2\", "
                    f"model = \"{faulty_nllb_model}\", device = \"cpu\" }}\n", encoding="utf-8")
    for args in (["extract"], ["update"]):
        assert run_cli(mt_project, *args).exit_code == 0
    return mt_project


@pytest.fixture
def there(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of `project` for the cluster's run, with chunks of single batches (more chunks)."""
    monkeypatch.setattr(mt_cluster, "BATCHES_AT_ONCE", 1)
    copy = tmp_path / "there"
    shutil.copytree(project, copy)
    return copy


def catalogs(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "locales").rglob("*.po"))}


def test_same_catalogs_as_one_machine_and_one_load_per_worker(cluster, project: Path, there: Path) -> None:  # noqa: ANN001
    local, client = cluster
    before = client.run(mt_cluster.counts)
    args = ["translate", "--lang", "hi", "--lang", "mr"]
    mine = run_cli(project, *args)
    theirs = run_cli(there, "--scheduler", local.scheduler_address, *args)
    assert mine.exit_code == theirs.exit_code == 0, (mine.output, theirs.output)
    assert mine.output.replace(str(project), "ROOT") == theirs.output.replace(str(there), "ROOT")
    assert catalogs(project) == catalogs(there)
    assert "leaflet-mt: argos en→hi" in (there / "locales" / "hi" / "LC_MESSAGES" / "many.po").read_text(
        encoding="utf-8")
    drafted = (there / "locales" / "mr" / "LC_MESSAGES" / "mt-sample.po").read_text(encoding="utf-8")
    assert "leaflet-mt: nllb en→mr" in drafted and "; fallback: " in drafted  # fallbacks went out too

    after = client.run(mt_cluster.counts)
    models = {p for counts in after.values() for p in counts}
    assert len(models) == 2, after  # both languages' models ran on the workers, not here
    for model in models:
        loads = [after[w][model][0] - before.get(w, {}).get(model, (0, 0))[0] for w in after if model in after[w]]
        chunks = sum(after[w][model][1] - before.get(w, {}).get(model, (0, 0))[1] for w in after if model in after[w])
        assert all(n <= 1 for n in loads), (model, after)  # once per worker process, never per chunk
        assert chunks > len(after), (model, after)  # more chunks than workers: a worker ran several
    assert sum(n for counts in after.values() for n, _ in counts.values()) <= 2 * 2  # two models, two workers


def test_chunks_are_whole_batches_shortest_first() -> None:
    texts = [f"{'x' * (i % 50)} {i}" for i in range(2000)] + ["again"] * 10
    parts = mt_cluster.chunks(texts, workers=3)
    size = len(parts[0])
    assert size % (mt_cluster.BATCH_SENTENCES * mt_cluster.BATCHES_AT_ONCE) == 0
    assert all(len(p) == size for p in parts[:-1])
    assert 3 < len(parts) <= 3 * mt_cluster.CHUNKS_PER_WORKER
    flat = [t for p in parts for t in p]
    assert sorted(flat) == sorted(set(texts)) and [len(t) for t in flat] == sorted(len(t) for t in flat)


def test_a_worker_killed_mid_translate_loses_nothing(cluster, project: Path, there: Path,  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    local, client = cluster
    marker = tmp_path / "killed"
    with killing_one_worker(client, marker):
        assert run_cli(project, "translate", "--lang", "hi").exit_code == 0
        result = run_cli(there, "--scheduler", local.scheduler_address, "translate", "--lang", "hi")
        assert marker.exists(), "no worker was killed: the test did not test anything"
        assert result.exit_code == 0, result.output
        assert catalogs(project) == catalogs(there)
        assert not [p for p in (there / "locales").rglob("*") if p.name.endswith(".leaflet-tmp")]


def test_a_worker_without_the_model_is_one_line_and_exit_2(cluster, project: Path, tmp_path: Path,  # noqa: ANN001
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    local, _ = cluster
    elsewhere = tmp_path / "only-on-the-command-machine" / "translate-en_hi-1_0"
    real = mt_cluster.recipe_of
    monkeypatch.setattr(mt_cluster, "recipe_of",
                        lambda engine: dataclasses.replace(real(engine), path=str(elsewhere)))
    before = catalogs(project)
    line = error_line(run_cli(project, "--scheduler", local.scheduler_address, "translate", "--lang", "hi"))
    assert f"has no Argos package at {elsewhere}" in line and "the same path" in line, line
    assert line.startswith("leaflet: error: the Dask worker tcp://127.0.0.1:"), line
    assert catalogs(project) == before


def test_a_worker_with_another_copy_of_the_model_refuses_it(cluster, project: Path,  # noqa: ANN001
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A model installed anew at the same path (other weights, same name): the worker's copy no
    longer matches the command's, and drafting with it would write the wrong provenance."""
    local, _ = cluster
    monkeypatch.setattr(mt_cluster, "model_stamp", lambda folder: "1:not-this-one")  # the command's side only
    before = catalogs(project)
    line = error_line(run_cli(project, "--scheduler", local.scheduler_address, "translate", "--lang", "hi"))
    assert "has another model at" in line and "the same path" in line, line
    assert catalogs(project) == before
