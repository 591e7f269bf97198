from __future__ import annotations

import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dispatch import lottery
from dispatch.models import LotteryDraw


class Command(BaseCommand):
    help = "Re-run a center's lottery from its stored inputs and revealed seed: MATCH or MISMATCH."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("center", help="the center's short name (slug), e.g. pomona")
        parser.add_argument("date", help="the local date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("DATE must look like 2026-11-23") from exc
        draw = LotteryDraw.objects.filter(center__slug=options["center"], date=day).first()
        if draw is None:
            raise CommandError(f"No lottery for {options['center']} on {day}.")
        if not draw.is_drawn:
            raise CommandError(f"The lottery of {day} has not been drawn yet; the seed is secret.")
        inputs = lottery.Inputs.from_dict(draw.inputs)
        recomputed = lottery.draw(draw.seed, inputs)
        commitment_ok = lottery.commitment(draw.seed) == draw.commitment
        self.stdout.write(f"center      {options['center']}  date {day}  mode {inputs.mode}")
        self.stdout.write(f"commitment  {draw.commitment}")
        self.stdout.write(f"seed        {draw.seed}")
        self.stdout.write(f"sign-ins    {len(inputs.entries)} drawn, {len(inputs.late)} late")
        self.stdout.write(f"order       {' '.join(str(badge) for badge in recomputed)}")
        if commitment_ok and recomputed == list(draw.order):
            self.stdout.write(self.style.SUCCESS("MATCH"))
            return
        if not commitment_ok:
            self.stdout.write("the seed does not hash to the commitment shown before the draw")
        if recomputed != list(draw.order):
            self.stdout.write(f"stored      {' '.join(str(badge) for badge in draw.order)}")
        self.stdout.write(self.style.ERROR("MISMATCH"))
        sys.exit(1)
