from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Fill the database with demo centers, users, workers and history (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=1998, help="random seed (default 1998)")

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])
        centers: list[Any] = []
        for dotted in settings.DEMO_SEEDERS:
            seeder = import_string(dotted)
            with transaction.atomic():
                result = seeder(rng) if not centers else seeder(centers, rng)
            if not centers:
                centers = result
            self.stdout.write(f"seeded {dotted}")
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Log in with the users in README.md.")
        )
