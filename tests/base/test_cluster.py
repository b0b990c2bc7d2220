"""update, check, status and publish on a Dask cluster (a real `distributed.LocalCluster` of two
worker processes): the same outputs byte for byte as on local processes, a worker killed in the
middle of publish costs nothing, and a scheduler that is not there is one line and exit 2."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from clinic import copy_clinic
from conftest import run_cli

distributed = pytest.importorskip("distributed")
from dask_fixture import killing_one_worker, local_cluster  # noqa: E402

COMMANDS = [["update"], ["check", "--all"], ["status", "--all"],
            ["publish", "--lang", "hi", "--lang", "ta", "--lang", "ur"]]


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201
    with local_cluster() as made:
        yield made


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_outputs_as_local_processes(cluster, tmp_path: Path) -> None:  # noqa: ANN001
    local, _ = cluster
    here, there = copy_clinic(tmp_path / "here"), copy_clinic(tmp_path / "there")
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    for args in COMMANDS:
        mine = run_cli(here, *args, env=env)
        theirs = run_cli(there, "--scheduler", local.scheduler_address, *args, env=env)
        assert mine.exit_code == theirs.exit_code, (args, mine.output, theirs.output)
        assert mine.output.replace(str(here), "ROOT") == theirs.output.replace(str(there), "ROOT"), args
    assert files(here) == files(there)
    assert any(name.endswith(".pdf") for name in files(there))


def test_a_worker_killed_during_publish_loses_nothing(cluster, tmp_path: Path) -> None:  # noqa: ANN001
    local, client = cluster
    marker = tmp_path / "killed"
    with killing_one_worker(client, marker):
        here, there = copy_clinic(tmp_path / "here"), copy_clinic(tmp_path / "there")
        for root in (here, there):
            assert run_cli(root, "update").exit_code == 0
        env = {"SOURCE_DATE_EPOCH": "1767225600"}
        args = ["publish", "--lang", "hi", "--lang", "ur"]
        assert run_cli(here, *args, env=env).exit_code == 0
        result = run_cli(there, "--scheduler", local.scheduler_address, *args, env=env)
        assert marker.exists(), "no worker was killed: the test did not test anything"
        assert result.exit_code == 0, result.output
        assert files(here / "output") == files(there / "output")
        assert not [p for p in (there / "output").rglob("*") if p.name.startswith(".leaflet-") and p.is_dir()]


def test_a_scheduler_that_is_not_there_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = copy_clinic(tmp_path / "clinic")
    result = run_cli(root, "--scheduler", "tcp://127.0.0.1:9", "check", "--all")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("leaflet: error: no Dask scheduler answers at tcp://127.0.0.1:9")


def test_a_scheduler_without_workers_is_one_line_and_exit_2(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from workflow.base import cluster as base_cluster
    monkeypatch.setattr(base_cluster, "CONNECT_SECONDS", 1)
    root = copy_clinic(tmp_path / "clinic")
    with local_cluster(workers=0) as (empty, _):
        result = run_cli(root, "--scheduler", empty.scheduler_address, "check", "--all")
    assert result.exit_code == 2, result.output
    assert result.output == (f"leaflet: error: the Dask scheduler at {empty.scheduler_address} has no workers: "
                             f"start one with `dask worker {empty.scheduler_address}`\n")


def test_site_toml_names_the_scheduler(cluster, tmp_path: Path) -> None:  # noqa: ANN001
    local, _ = cluster
    root = copy_clinic(tmp_path / "clinic")
    site = root / "source" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8") + f'\n[cluster]\nscheduler = "{local.scheduler_address}"\n',
                    encoding="utf-8")
    assert run_cli(root, "status", "--all").exit_code == 0
    site.write_text(site.read_text(encoding="utf-8").replace(local.scheduler_address, "localhost"), encoding="utf-8")
    bad = run_cli(root, "status", "--all")
    assert bad.exit_code == 2 and "source/site.toml:" in bad.output and "'scheduler' must be" in bad.output


def test_a_large_shared_mapping_is_scattered_as_one_value(cluster) -> None:  # noqa: ANN001
    """update's shared value is a dict of every article's template; Dask scatters a dict item by
    item, and each task then carried a future per article: memory on the scheduler and the
    worker grew with articles x catalogs (out of memory at 1,600 articles × 11 languages)."""
    from workflow.base.cluster import SCATTER_FROM, DaskCluster

    local, _ = cluster
    shared = {f"guide-{i:04d}": f"msgid {i} " * 100 for i in range(200)}
    assert len(pickle.dumps(shared)) > SCATTER_FROM  # scattered, not sent with each task

    def held(mapping: dict[str, str], task: int) -> tuple[int, int]:
        """Entries the task received, and the keys the scheduler holds besides the map's tasks."""
        return len(mapping), distributed.get_client().run_on_scheduler(
            lambda dask_scheduler: sum(not str(k).startswith("_apply-") for k in dask_scheduler.tasks))

    executor = DaskCluster(local.scheduler_address)
    try:
        assert executor.map(held, list(range(6)), shared, None) == [(200, 1)] * 6
    finally:
        executor.close()
