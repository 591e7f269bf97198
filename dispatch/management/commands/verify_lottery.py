from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dispatch import lottery
from dispatch.models import LotteryDraw
from dispatch.selectors.morning import draw_proof


class Command(BaseCommand):
    help = (
        "Re-run a center's lottery from its published proof (the stored inputs and the "
        "revealed seed), with the same code as the standalone verifier: MATCH or MISMATCH."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("center", help="the center's short name (slug), e.g. pomona")
        parser.add_argument("date", help="the local date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("DATE must look like 2026-11-23") from exc
        draw = (
            LotteryDraw.objects.filter(center__slug=options["center"], date=day)
            .select_related("center")
            .first()
        )
        if draw is None:
            raise CommandError(f"No lottery for {options['center']} on {day}.")
        if not draw.is_drawn:
            raise CommandError(f"The lottery of {day} has not been drawn yet; the seed is secret.")
        proof = draw_proof(draw)
        problems = lottery.proof_problems(proof)
        entries, late = proof["entries"], proof["late"]
        self.stdout.write(f"center      {options['center']}  date {day}  mode {proof['mode']}")
        self.stdout.write(f"commitment  {draw.commitment}")
        self.stdout.write(f"seed        {draw.seed}")
        self.stdout.write(f"sign-ins    {len(entries)} drawn, {len(late)} late")  # type: ignore[arg-type]
        self.stdout.write(f"order       {' '.join(str(badge) for badge in draw.order)}")
        if not problems:
            self.stdout.write(self.style.SUCCESS("MATCH"))
            return
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(self.style.ERROR("MISMATCH"))
        raise SystemExit(1)
