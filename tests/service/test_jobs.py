"""Jobs on a real server: run by worker processes, their state in the database, progress as server-sent
events, results equal to the CLI's, cancellation."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, update

from accord.model.examples import example_path
from accord.model.files import load_scenario, save_scenario
from accord.service.job_requests import RobustnessRequest, SimulationRequest
from accord.service.jobs import (
    STEPS,
    WORKER_STOPPED,
    Job,
    State,
    _compute,
    create_job,
    fail_stale,
    find_job,
)
from accord.service.talks import Talks
from accord.tracker import Store
from accord.tracker.store import utc_now
from accord.tracker.tables import jobs
from tests.service.conftest import Running, get_json, populate, start_server


def _wait(client: httpx.Client, job: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data: dict[str, Any] = get_json(client, f"/jobs/{job}")
        if data["state"] in ("done", "failed", "cancelled"):
            return data
        time.sleep(0.2)
    raise AssertionError(f"job {job} did not end in {timeout} s")


def _start(client: httpx.Client, kind: str, body: dict[str, Any]) -> str:
    response = client.post(f"/talks/1/{kind}", json=body)
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "queued"
    return str(response.json()["job"])


def test_a_simulation_job_gives_the_result_of_accord_simulate(server: Running, tmp_path: Path) -> None:
    options = {"protocol": "single-text", "agents": ["linear"], "rounds": 20, "runs": 3, "seed": 7}
    with server.client("mediator") as mediator:
        job = _wait(mediator, _start(mediator, "simulations", options))
    assert job["state"] == "done", job
    assert job["progress"] == 1.0 and job["created_by"] == "mediator"
    with Store.open(server.db, talks=1) as store:
        save_scenario(store.scenario_as_of(), tmp_path / "record.yaml")
    cli = subprocess.run(
        [sys.executable, "-m", "accord", "simulate", str(tmp_path / "record.yaml"), "--json",
         "--protocol", "single-text", "--agents", "linear", "--rounds", "20", "--runs", "3", "--seed", "7"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert job["result"] == json.loads(cli.stdout)


def test_a_robustness_job_gives_the_result_of_accord_robustness(server: Running, tmp_path: Path) -> None:
    with server.client("mediator") as mediator:
        job = _wait(mediator, _start(mediator, "robustness", {"samples": 64, "seed": 5, "sampler": "random"}))
        assert mediator.post("/talks/1/robustness", json={"samples": 10**6}).status_code == 422
    assert job["state"] == "done" and job["kind"] == "robustness", job
    with Store.open(server.db, talks=1) as store:
        save_scenario(store.scenario_as_of(), tmp_path / "record.yaml")
    cli = subprocess.run(
        [sys.executable, "-m", "accord", "robustness", str(tmp_path / "record.yaml"), "--json",
         "--samples", "64", "--seed", "5", "--sampler", "random"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert job["result"] == json.loads(cli.stdout)


def test_a_robustness_job_counts_its_progress_to_the_end_in_steps() -> None:
    """The worker's progress callback is told the analysis's share done, in ``STEPS``, up to all of them."""
    told: list[int] = []
    totals: list[int] = []

    def progress(total: int) -> Callable[[int], None]:
        totals.append(total)
        return told.append

    request = RobustnessRequest(samples=32, seed=2)
    data = _compute(load_scenario(example_path()), request, progress, None)
    assert data["samples"] == 32 and totals == [STEPS]
    assert told == sorted(told) and 0 < told[0] < STEPS and told[-1] == STEPS


def test_a_tournament_job_gives_standings(server: Running) -> None:
    with server.client("mediator") as mediator:
        job = _wait(
            mediator,
            _start(
                mediator,
                "tournaments",
                {"protocol": "stacked-offers", "strategies": ["linear", "boulware"], "rounds": 10},
            ),
        )
    assert job["state"] == "done", job
    assert {row["strategy"] for row in job["result"]["standings"]} == {"linear", "boulware"}


def test_events_stream_the_progress_until_the_end(server: Running) -> None:
    with server.client("mediator") as mediator:
        job = _start(mediator, "simulations", {"runs": 40, "rounds": 30})
        with mediator.stream("GET", f"/jobs/{job}/events") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    events = [json.loads(line.removeprefix("data: ")) for line in lines]
    progress = [event["progress"] for event in events]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert events[-1]["state"] == "done" and all(event["job"] == job for event in events)


def test_a_cancelled_job_stays_cancelled(server: Running) -> None:
    with server.client("mediator") as mediator:
        job = _start(mediator, "simulations", {"runs": 10_000, "rounds": 100})
        time.sleep(1.0)
        cancelled = mediator.delete(f"/jobs/{job}")
        assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
        time.sleep(1.0)
        later = get_json(mediator, f"/jobs/{job}")
        assert later["state"] == "cancelled" and later["result"] is None
        # the worker stopped: the next job runs at once instead of waiting for 10,000 runs
        assert _wait(mediator, _start(mediator, "simulations", {"runs": 1}), timeout=60)["state"] == "done"


def test_bad_job_options_are_a_422_naming_the_field(server: Running) -> None:
    with server.client("mediator") as mediator:
        response = mediator.post("/talks/1/simulations", json={"runs": 0})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "runs"]
        unknown = _wait(mediator, _start(mediator, "simulations", {"protocol": "no-such-protocol"}))
        assert unknown["state"] == "failed" and "no-such-protocol" in unknown["error"]


def test_a_tournament_runs_on_a_dask_cluster_with_scheduler(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        running = start_server(f"sqlite:///{tmp_path / 'dask.db'}", "--scheduler", cluster.scheduler_address)
        try:
            populate(running)
            with running.client("mediator") as mediator:
                body = {"protocol": "stacked-offers", "strategies": ["linear", "conceder"], "rounds": 10}
                job = _wait(mediator, _start(mediator, "tournaments", body))
            with distributed.Client(cluster.scheduler_address) as client:
                played = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.task_prefixes))
        finally:
            running.stop()
    assert job["state"] == "done", job
    assert {row["strategy"] for row in job["result"]["standings"]} == {"linear", "conceder"}
    assert played > 0  # the batches went to the cluster


def _found(engine: Engine, job_id: str, *, stale_after: float | None = None) -> Job:
    """The job, which must be there."""
    job = find_job(engine, job_id, stale_after=stale_after)
    assert job is not None, job_id
    return job


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started (its job workers and multiprocessing's resource tracker)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][:1] not in ("Z", "X")


def test_a_job_of_a_killed_server_is_failed_by_the_next_server(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'killed.db'}"
    running = start_server(db, "--job-stale-after", "2")
    populate(running)
    with running.client("mediator") as mediator:
        job = _start(mediator, "simulations", {"runs": 10_000, "rounds": 100})
        waiting = _start(mediator, "simulations", {"runs": 1})  # queued behind it (one job worker)
        deadline = time.monotonic() + 60
        while get_json(mediator, f"/jobs/{job}")["progress"] == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(4)  # twice the bound: the live server's heartbeat keeps the queued job alive
        assert get_json(mediator, f"/jobs/{waiting}")["state"] == "queued"
    workers = _children(running.process.pid)
    running.process.send_signal(signal.SIGKILL)
    running.stop()
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)  # its orphaned worker stops at its next step
    assert workers and not any(_alive(pid) for pid in workers)
    engine = Talks(db).engine
    left = find_job(engine, job)
    assert left is not None and left.state is State.RUNNING  # nobody said otherwise
    time.sleep(2.5)  # longer than the bound without a heartbeat
    later = start_server(db, "--job-stale-after", "2")
    try:
        failed = find_job(engine, job)  # as the new server's start left it
        with later.client() as client:
            client.headers["Authorization"] = f"Bearer {running.tokens['mediator']}"
            read = get_json(client, f"/jobs/{job}")
    finally:
        later.stop()
        engine.dispose()
    assert failed is not None and failed.state is State.FAILED and failed.error == WORKER_STOPPED
    assert _found(engine, waiting).error == WORKER_STOPPED
    assert read["state"] == "failed" and read["error"] == WORKER_STOPPED and read["result"] is None


def test_an_unfinished_job_without_heartbeat_is_failed_when_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stale.db'}"
    with Store.open(url) as store:
        store.load_example(author="test")
    talks = Talks(url)
    try:
        silent, beating = (create_job(talks.engine, 1, SimulationRequest(), "test") for _ in range(2))
        with talks.engine.begin() as connection:
            old = utc_now() - dt.timedelta(seconds=30)
            connection.execute(update(jobs).where(jobs.c.id == silent).values(updated_at=old))
        assert _found(talks.engine, silent).state is State.QUEUED
        assert _found(talks.engine, silent, stale_after=60).state is State.QUEUED
        assert _found(talks.engine, beating, stale_after=10).state is State.QUEUED
        stale = find_job(talks.engine, silent, stale_after=10)
        assert stale is not None and stale.state is State.FAILED and stale.error == WORKER_STOPPED
        assert fail_stale(talks.engine, 10) == 0  # the other one beats
    finally:
        talks.close()
