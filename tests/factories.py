from __future__ import annotations

from datetime import time
from decimal import Decimal

import factory
from django.utils import timezone

from centers.models import Center, StaffMembership, User
from workers.models import Skill, Worker

PASSWORD = "correct-horse-battery"
#: A start time for a job posted for today that the posting rules never find past, whenever
#: the test runs: until midnight 23:30 is at most 30 minutes ago (dispatch.rules.START_GRACE).
LATER_TODAY = time(23, 30)
LATER_TODAY_TEXT = "23:30"


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Center {n}")
    slug = factory.Sequence(lambda n: f"center-{n}")
    timezone = "America/Los_Angeles"
    wage_floor = Decimal("20.00")
    sms_number = factory.Sequence(lambda n: f"+1909555{n % 10000:04d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(UserFactory)
    center = factory.SubFactory(CenterFactory)
    role = StaffMembership.Role.COORDINATOR


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.title())
    name_es = factory.LazyAttribute(lambda o: o.code.title())


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    badge = factory.Sequence(lambda n: 1000 + n)
    full_name = factory.Sequence(lambda n: f"Worker Number {n}")
    known_as = factory.Sequence(lambda n: f"W{n}")
    preferred_language = "es"
    phone = factory.Sequence(lambda n: f"+1909555{2000 + n % 8000:04d}")
    sms_consent_at = factory.LazyFunction(timezone.now)
    sms_consent_method = Worker.ConsentMethod.VERBAL

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Employer"

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"Employer {n}")
    kind = "homeowner"
    search_text = factory.LazyAttribute(lambda o: o.name.lower())


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Job"
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    employer = factory.SubFactory(EmployerFactory, center=factory.SelfAttribute("..center"))
    description = factory.Sequence(lambda n: f"Job {n}")
    date = factory.LazyAttribute(lambda o: o.center.today())
    start_time = time(8, 0)
    estimated_hours = Decimal("4.0")
    hourly_wage = factory.LazyAttribute(lambda o: o.center.wage_floor)
    wage_floor = factory.LazyAttribute(lambda o: o.center.wage_floor)
    address = "100 Main St"
    end_date = None

    @factory.post_generation
    def job_days(obj, create, extracted, **kwargs):
        """One day row per date, as ``job_create`` writes them."""
        if create:
            from employers.models import JobDay
            from employers.rules import span_dates

            JobDay.objects.bulk_create(
                [JobDay(job=obj, date=day) for day in span_dates(obj.date, obj.end_date)]
            )

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)

    @factory.post_generation
    def requested(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.requested_workers.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "dispatch.Assignment"

    job = factory.SubFactory(
        JobFactory,
        hourly_wage=Decimal("25.00"),
        estimated_hours=Decimal("6.0"),
        status="filled",
        description="Yard work",
    )
    center = factory.SelfAttribute("job.center")
    worker = factory.SubFactory(WorkerFactory, center=factory.SelfAttribute("..job.center"))
    date = factory.SelfAttribute("job.date")
    slot = 1
    how = "lottery"
    state = "active"


class WageClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wages.WageClaim"

    center = factory.SubFactory(CenterFactory)
    worker = factory.SubFactory(WorkerFactory, center=factory.SelfAttribute("..center"))
    employer = factory.SubFactory(EmployerFactory, center=factory.SelfAttribute("..center"))
    work_start = factory.LazyAttribute(lambda o: o.center.today())
    work_end = factory.SelfAttribute("work_start")
    amount_owed = Decimal("150.00")
    status = "open"
