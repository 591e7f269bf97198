"""The public proof of a draw and the standalone verifier: anyone can check a draw with
nothing but Python, and the verifier agrees with ``manage.py verify_lottery``."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from dispatch import lottery
from dispatch.models import LotteryDraw, PriorityFlag
from dispatch.services import morning
from tests import factories

pytestmark = pytest.mark.django_db

SEED = "5eed" * 16


def _morning(center, at, mode):
    """A drawn morning: 8 workers with different recent work, one volunteer ahead of the
    draw, two late arrivals; the seed fixed so the checks below are deterministic."""
    center.lottery_mode = mode
    center.save()
    workers = [factories.WorkerFactory(center=center, badge=10 + n) for n in range(10)]
    for n, worker in enumerate(workers[:8]):
        for days_ago in range(1, 1 + n % 4):  # 0-3 jobs in the last week
            factories.AssignmentFactory(
                job__center=center,
                job__date=center.today() - timedelta(days=days_ago),
                worker=worker,
            )
        morning.signin_create(
            center=center, badge=worker.badge, now=at("06:10") + timedelta(minutes=n)
        )
    LotteryDraw.objects.filter(center=center).update(seed=SEED, commitment=lottery.commitment(SEED))
    PriorityFlag.objects.create(
        center=center, date=center.today(), worker=workers[5], list_name="v"
    )
    morning.signin_create(center=center, badge=workers[9].badge, now=at("07:40"))
    morning.signin_create(center=center, badge=workers[8].badge, now=at("07:41"))
    return morning.lottery_draw(center=center, now=at("07:45"), notify=False)


@pytest.fixture
def verifier(tmp_path):
    """The verifier as the public gets it: downloaded from the site, run on its own."""
    response = Client().get("/lottery/verify_lottery.py")
    assert response.status_code == 200
    path = tmp_path / "verify_lottery.py"
    path.write_bytes(response.content)

    def run(proof: dict) -> subprocess.CompletedProcess:
        proof_path = tmp_path / "proof.json"
        proof_path.write_text(json.dumps(proof))
        return subprocess.run(
            [sys.executable, "-I", str(path), str(proof_path)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )

    return run


def _proof(center, draw) -> dict:
    response = Client().get(f"/display/{center.slug}/lottery/{draw.date}/proof.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize("mode", lottery.MODES)
def test_the_standalone_verifier_matches_verify_lottery_in_every_mode(
    center, at, mode, verifier, capsys
):
    draw = _morning(center, at, mode)
    proof = _proof(center, draw)
    assert proof["mode"] == mode
    assert proof["order"] == draw.order
    assert proof["order"][0] == 15  # the volunteer first
    assert proof["order"][-2:] == [19, 18]  # late arrivals last, in arrival order
    assert [e["badge"] for e in proof["entries"] if e["priority"]] == [15]
    assert {e["badge"]: e["jobs_7d"] for e in proof["entries"]}[13] == 3

    result = verifier(proof)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("MATCH")
    call_command("verify_lottery", center.slug, str(draw.date))
    command = capsys.readouterr().out
    assert command.strip().endswith("MATCH")
    order_line = next(line for line in command.splitlines() if line.startswith("order"))
    assert order_line in result.stdout


def _changed_seed(proof):
    proof["seed"] = "0" * 64


def _changed_seed_and_commitment(proof):
    proof["seed"] = "1" * 64
    proof["commitment"] = lottery.commitment(proof["seed"])


def _swapped_badge(proof):
    first, second = proof["entries"][0], proof["entries"][3]
    first["badge"], second["badge"] = second["badge"], first["badge"]


def _renumbered_badge(proof):
    proof["entries"][2]["badge"] = 99  # still sorted, another worker


def _altered_tier(proof):
    """The first drawn worker made to look well served, the last one far behind."""
    drawn = [b for b in proof["order"] if b != 15 and b not in {x["badge"] for x in proof["late"]}]
    by_badge = {e["badge"]: e for e in proof["entries"]}
    by_badge[drawn[0]]["jobs_7d"] += 9
    by_badge[drawn[0]]["jobs_30d"] += 9
    by_badge[drawn[-1]]["days_30d"] += 20


def _reordered_late(proof):
    proof["late"].reverse()


def _late_times_swapped(proof):
    first, second = proof["late"]
    first["badge"], second["badge"] = second["badge"], first["badge"]


def _moved_priority(proof):
    """The volunteer's flag given to the last worker in the draw instead."""
    late = {x["badge"] for x in proof["late"]}
    last = [b for b in proof["order"] if b not in late][-1]
    for entry in proof["entries"]:
        entry["priority"] = entry["badge"] == last


def _changed_mode(proof):
    proof["mode"] = lottery.UNIFORM if proof["mode"] != lottery.UNIFORM else lottery.TIERED


ALTERATIONS = [
    _changed_seed,
    _changed_seed_and_commitment,
    _swapped_badge,
    _renumbered_badge,
    _altered_tier,
    _reordered_late,
    _late_times_swapped,
    _moved_priority,
    _changed_mode,
]


@pytest.mark.parametrize(
    ("mode", "alter"),
    [
        (mode, alter)
        for mode in lottery.MODES
        for alter in ALTERATIONS
        # A uniform draw does not read recent work, so its counts are not among its inputs.
        if not (mode == lottery.UNIFORM and alter is _altered_tier)
    ],
)
def test_the_verifier_fails_on_any_altered_input(center, at, mode, alter, verifier):
    draw = _morning(center, at, mode)
    proof = _proof(center, draw)
    altered = copy.deepcopy(proof)
    alter(altered)
    assert altered != proof
    result = verifier(altered)
    assert result.returncode == 1, result.stdout
    assert result.stdout.strip().endswith("MISMATCH")
    assert lottery.proof_problems(altered)


def test_the_verifier_refuses_what_is_not_a_proof(verifier):
    result = verifier({"hello": "world"})
    assert result.returncode == 1
    assert "not a lottery proof" in result.stdout


def test_verify_lottery_says_mismatch_when_the_stored_inputs_were_changed(center, at, capsys):
    draw = _morning(center, at, lottery.TIERED)
    first_drawn = next(b for b in draw.order if b != 15)
    for entry in draw.inputs["entries"]:
        if entry["badge"] == first_drawn:
            entry["jobs_7d"] += 9
    draw.save()
    with pytest.raises(SystemExit):
        call_command("verify_lottery", center.slug, str(draw.date))
    assert "MISMATCH" in capsys.readouterr().out
    assert not morning.lottery_verify(draw=draw)


def test_the_proof_is_public_only_after_the_draw_and_names_nobody(center, at):
    worker = factories.WorkerFactory(
        center=center, known_as="Concepción", full_name="Concepción Ruiz"
    )
    morning.signin_create(center=center, badge=worker.badge, now=at("06:10"))
    url = f"/display/{center.slug}/lottery/{center.today()}/proof.json"
    assert Client().get(url).status_code == 404  # the seed is still secret
    morning.lottery_draw(center=center, now=at("07:45"), notify=False)
    response = Client().get(url)
    assert response.status_code == 200
    assert "Concepci" not in response.content.decode()
    assert response.json()["entries"][0]["badge"] == worker.badge
    assert "sessionid" not in response.cookies
    assert Client().get(f"/display/{center.slug}/lottery/not-a-date/proof.json").status_code == 404
    assert Client().get(f"/display/other/lottery/{center.today()}/proof.json").status_code == 404


def test_the_api_and_the_display_link_to_the_proof(api, desk_client, center, at):
    worker = factories.WorkerFactory(center=center)
    morning.signin_create(center=center, badge=worker.badge, now=at("06:10"))
    assert api.get("/api/v1/lottery/").json()["proof_url"] is None
    morning.lottery_draw(center=center, now=at("07:45"), notify=False)
    url = f"/display/{center.slug}/lottery/{center.today()}/proof.json"
    assert api.get("/api/v1/lottery/").json()["proof_url"] == f"http://testserver{url}"
    assert url in desk_client.get(f"/display/{center.slug}/").content.decode()
