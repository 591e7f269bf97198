"""The hiring lottery: pure functions, no database, no Django.

The order of a morning is a pure function of (seed, the sign-ins, the mode, the recent-work
counts). Anyone holding the stored inputs can re-run it; docs/lottery.md spells the algorithm
out so it can be re-implemented in any language.

Each worker gets a key ``SHA-256("<seed>:<badge>")``. Ordering:

1. priority-flagged workers first, ordered by key among themselves;
2. then everyone else by mode (members in a lower tier, e.g. an expired membership the
   center lets sign in, after all the others, ordered by the same mode among themselves):
   - ``uniform``: by key (a uniformly random permutation);
   - ``tiered``: by jobs in the last 7 days (tier 0 first), then by key;
   - ``deficit``: a weighted draw without replacement (Efraimidis–Spirakis): the key gives
     ``u`` in (0, 1) and workers are ordered by ``-ln(u) / w``, ``w`` favouring those
     furthest behind their fair share of the last 30 days' jobs;
3. late arrivals (after the cutoff or after the draw) last, in arrival order.

This file is also the standalone verifier that anyone can download (``/lottery/verify.py``)
and run with nothing but Python 3.11 or later::

    python verify_lottery.py https://<host>/display/pomona/lottery/2026-11-23/proof.json

It re-computes the order from the published proof and its revealed seed, checks the seed
against the commitment shown before the draw, and prints MATCH (exit 0) or MISMATCH (exit 1).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import secrets
import struct
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

UNIFORM, TIERED, DEFICIT = "uniform", "tiered", "deficit"
MODES = (UNIFORM, TIERED, DEFICIT)
#: Deficit weights are 2**deficit, the deficit clamped to this many jobs either way.
DEFICIT_CLAMP = 4.0
_TWO_64 = 2**64
_FIRST_8_BYTES = struct.Struct(">Q")  # a key's first 8 bytes as a big-endian integer


@dataclass(frozen=True)
class Entry:
    """One worker signed in before the cutoff, with the counts the mode needs."""

    badge: int
    priority: bool = False
    jobs_7d: int = 0  # tiered: live assignments in the 7 days before the draw
    days_30d: int = 0  # deficit: days signed in during the 30 days before the draw
    jobs_30d: int = 0  # deficit: live assignments during those 30 days
    lower_tier: bool = False  # drawn after everyone not in it (an expired membership)

    def as_dict(self) -> dict[str, int | bool]:
        data: dict[str, int | bool] = {
            "badge": self.badge,
            "priority": self.priority,
            "jobs_7d": self.jobs_7d,
            "days_30d": self.days_30d,
            "jobs_30d": self.jobs_30d,
        }
        if self.lower_tier:  # only when set: proofs of draws without it stay as they were
            data["lower_tier"] = True
        return data


@dataclass(frozen=True)
class Late:
    """A sign-in after the cutoff: joins the end in arrival order."""

    badge: int
    signed_in_at: str  # ISO 8601, UTC; compared as a string, so keep one format

    def as_dict(self) -> dict[str, int | str]:
        return {"badge": self.badge, "signed_in_at": self.signed_in_at}


@dataclass
class Inputs:
    """Everything a draw depends on besides the seed: what ``LotteryDraw.inputs`` stores."""

    mode: str
    entries: list[Entry] = field(default_factory=list)
    late: list[Late] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "entries": [e.as_dict() for e in sorted(self.entries, key=lambda e: e.badge)],
            "late": [item.as_dict() for item in self.late],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Inputs:
        return cls(
            mode=data["mode"],
            entries=[Entry(**item) for item in data.get("entries", [])],
            late=[Late(**item) for item in data.get("late", [])],
        )


def new_seed() -> str:
    """A secret 256-bit seed as 64 hex digits."""
    return secrets.token_hex(32)


def commitment(seed: str) -> str:
    """What the screen shows before the draw: SHA-256 of the seed's hex text."""
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def key(seed: str, badge: int) -> bytes:
    """A worker's draw key: ``SHA-256("<seed>:<badge>")``."""
    return hashlib.sha256(f"{seed}:{badge}".encode("ascii")).digest()


def _keys(seed: str, badges: Iterable[int]) -> dict[int, bytes]:
    """``key`` for many badges at once (the seed's prefix is hashed once)."""
    prefix = hashlib.sha256(f"{seed}:".encode("ascii"))
    keys = {}
    for badge in badges:
        hasher = prefix.copy()
        hasher.update(b"%d" % badge)
        keys[badge] = hasher.digest()
    return keys


def deficit_weights(entries: Sequence[Entry]) -> dict[int, float]:
    """``2 ** deficit`` per badge, deficit = fair share of the pool's jobs − jobs received.

    A worker's fair share is the pool's jobs in the last 30 days times their share of the
    pool's days signed in. Someone two jobs behind is four times as likely to be drawn
    ahead of someone on par."""
    total_days = sum(e.days_30d for e in entries)
    total_jobs = sum(e.jobs_30d for e in entries)
    rate = total_jobs / total_days if total_days else 0.0
    weights = {}
    for entry in entries:
        deficit = rate * entry.days_30d - entry.jobs_30d
        weights[entry.badge] = 2.0 ** max(-DEFICIT_CLAMP, min(DEFICIT_CLAMP, deficit))
    return weights


def draw(seed: str, inputs: Inputs) -> list[int]:
    """The day's queue as a list of badges, first to last."""
    if inputs.mode not in MODES:
        raise ValueError(f"unknown lottery mode {inputs.mode!r}")
    entries = inputs.entries
    keys = _keys(seed, (e.badge for e in entries))
    priority = sorted((e.badge for e in entries if e.priority), key=keys.__getitem__)
    rest = [e.badge for e in entries if not e.priority]
    rest.sort(key=keys.__getitem__)  # uniform; the tie-break of the other modes (stable sorts)
    if inputs.mode == TIERED:
        tier = {e.badge: e.jobs_7d for e in entries}
        rest.sort(key=tier.__getitem__)
    elif inputs.mode == DEFICIT:
        weights = deficit_weights(entries)
        log, first_8_bytes = math.log, _FIRST_8_BYTES.unpack_from
        score = {
            badge: -log((first_8_bytes(keys[badge])[0] + 0.5) / _TWO_64) / weights[badge]
            for badge in rest
        }
        rest.sort(key=score.__getitem__)
    lower = {e.badge for e in entries if e.lower_tier}
    rest.sort(key=lower.__contains__)  # stable: the lower tier keeps the mode's order
    drawn = priority + rest
    seen = set(drawn)
    late = [
        item.badge
        for item in sorted(inputs.late, key=lambda item: (item.signed_in_at, item.badge))
        if item.badge not in seen
    ]
    return drawn + late


def verify(*, seed: str, commitment_hex: str, inputs: Inputs, order: Sequence[int]) -> bool:
    """True when the seed matches its commitment and re-running gives the stored order."""
    return commitment(seed) == commitment_hex and draw(seed, inputs) == list(order)


# --- the public proof ---------------------------------------------------------------------

#: The ``format`` of a published proof; a verifier refuses any other.
PROOF_FORMAT = "jornada-lottery-proof/1"


def proof_build(
    *,
    center: str,
    day: str,
    commitment_hex: str,
    seed: str,
    inputs: dict,
    order: Sequence[int],
    drawn_at: str = "",
) -> dict[str, object]:
    """Everything needed to check a draw, pseudonymous (badge numbers, never names): the
    stored inputs (mode, entries with priority flags and recent-work counts, late arrivals in
    arrival order), the commitment, the revealed seed and the order the center published."""
    return {
        "format": PROOF_FORMAT,
        "center": center,
        "date": day,
        "commitment": commitment_hex,
        "seed": seed,
        "drawn_at": drawn_at,
        **{name: inputs[name] for name in ("cutoff", "early") if name in inputs},
        "mode": inputs["mode"],
        "entries": inputs.get("entries", []),
        "late": inputs.get("late", []),
        "order": list(order),
    }


def proof_problems(proof: dict) -> list[str]:
    """What is wrong with a proof: an empty list means the draw checks out.

    Checks that the proof is well formed (entries sorted by badge, late arrivals in arrival
    order, no badge twice), that the seed hashes to the commitment, and that re-running the
    draw on the proof's inputs gives exactly the published order."""
    if proof.get("format") != PROOF_FORMAT:
        return [f"not a lottery proof of format {PROOF_FORMAT!r}"]
    try:
        seed, shown, order = str(proof["seed"]), str(proof["commitment"]), list(proof["order"])
        inputs = Inputs.from_dict(proof)
    except (KeyError, TypeError, ValueError) as exc:
        return [f"the proof is incomplete or malformed: {exc}"]
    problems = []
    if inputs.mode not in MODES:
        return [f"unknown lottery mode {inputs.mode!r}"]
    badges = [entry.badge for entry in inputs.entries]
    if badges != sorted(set(badges)):
        problems.append("the entries are not sorted by badge, or a badge appears twice")
    arrivals = [(item.signed_in_at, item.badge) for item in inputs.late]
    if arrivals != sorted(arrivals):
        problems.append("the late arrivals are not in arrival order")
    if set(badges) & {item.badge for item in inputs.late}:
        problems.append("a badge is both in the draw and among the late arrivals")
    if commitment(seed) != shown:
        problems.append("the seed does not hash to the commitment shown before the draw")
    recomputed = draw(seed, inputs)
    if recomputed != order:
        problems.append(
            "re-running the draw gives another order: " + " ".join(str(b) for b in recomputed)
        )
    return problems


def _proof_load(source: str) -> dict:
    if source == "-":
        return json.load(sys.stdin)
    if source.startswith(("https://", "http://")):
        from urllib.request import urlopen

        with urlopen(source, timeout=30) as response:  # noqa: S310 - a URL the user typed
            return json.load(response)
    with open(source, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv: Sequence[str] | None = None) -> int:
    """``python verify_lottery.py PROOF``: PROOF is a file, an http(s) URL or ``-`` (stdin)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print("usage: python verify_lottery.py PROOF.json | URL | -", file=sys.stderr)
        return 2
    try:
        proof = _proof_load(args[0])
    except (OSError, ValueError) as exc:
        print(f"cannot read the proof: {exc}", file=sys.stderr)
        return 2
    if not isinstance(proof, dict):
        print("cannot read the proof: not a JSON object", file=sys.stderr)
        return 2
    print(f"center      {proof.get('center')}  date {proof.get('date')}  mode {proof.get('mode')}")
    print(f"commitment  {proof.get('commitment')}")
    print(f"seed        {proof.get('seed')}")
    entries, late = proof.get("entries") or [], proof.get("late") or []
    print(f"sign-ins    {len(entries)} drawn, {len(late)} late")
    print(f"order       {' '.join(str(badge) for badge in proof.get('order') or [])}")
    problems = proof_problems(proof)
    for problem in problems:
        print(problem)
    print("MISMATCH" if problems else "MATCH")
    return 1 if problems else 0


# --- fairness figures ------------------------------------------------------------------------


def gini(values: Iterable[float]) -> float:
    """Gini coefficient of a list of counts: 0 is perfectly even, near 1 is one takes all."""
    data = sorted(values)
    n, total = len(data), sum(data)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((index + 1) * value for index, value in enumerate(data))
    return (2 * weighted) / (n * total) - (n + 1) / n


def entries_from_history(
    present: Iterable[int], history: Sequence[tuple[Collection[int], Collection[int]]]
) -> list[Entry]:
    """A day's entries from the days before it, each day as (who signed in, who got a job):
    jobs in the last 7 days, days signed in and jobs in the last 30 (simulations, replays)."""
    last7, last30 = history[-7:], history[-30:]
    return [
        Entry(
            badge=w,
            jobs_7d=sum(w in got for _, got in last7),
            days_30d=sum(w in came for came, _ in last30),
            jobs_30d=sum(w in got for _, got in last30),
        )
        for w in present
    ]


def simulate(
    *,
    mode: str,
    days: int,
    workers: int,
    signins_per_day: int,
    jobs_per_day: int,
    seed: int = 0,
) -> list[int]:
    """Play ``days`` mornings at an imaginary center and return each worker's dispatches.

    Each day ``signins_per_day`` of the ``workers`` come (some more regularly than others),
    the lottery draws, and the first ``jobs_per_day`` in the queue get a job."""
    rng = random.Random(seed)
    regularity = [rng.uniform(0.5, 1.0) for _ in range(workers)]
    history: list[tuple[set[int], set[int]]] = []  # (signed in, dispatched) per past day
    totals = [0] * workers
    for _day in range(days):
        # A weighted sample without replacement: the regulars come more often.
        ranked = sorted(range(workers), key=lambda w: rng.random() ** (1 / regularity[w]))
        present = set(ranked[-signins_per_day:])
        entries = entries_from_history(present, history)
        order = draw(f"{rng.getrandbits(256):064x}", Inputs(mode=mode, entries=entries))
        dispatched = set(order[:jobs_per_day])
        for w in dispatched:
            totals[w] += 1
        history.append((present, dispatched))
    return totals


if __name__ == "__main__":
    sys.exit(main())
