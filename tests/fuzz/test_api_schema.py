"""Schemathesis over the OpenAPI schema (/api/schema/): every operation, called as the desk
user with generated input (valid and invalid), never answers with a server error.

Bounded: a few examples per operation, derandomized (the same inputs every run), no
deadline per example; the whole run takes well under two minutes on two cores."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from tests import factories

MAX_EXAMPLES = 4


@pytest.fixture
def _wsgi_in_the_test_transaction():
    """Requests through the WSGI app share the test's database transaction, as with
    Django's test client (which does the same): no closing of connections between them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _load_schema() -> schemathesis.BaseSchema:
    """The schema exactly as /api/schema/ serves it (drf-spectacular's generator and JSON
    renderer), pointed at the WSGI application: no server, no network."""
    from config.wsgi import application

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _a_small_center(center, coordinator, _wsgi_in_the_test_transaction):
    """A center behind the API, so ids in generated paths sometimes exist."""
    skill = factories.SkillFactory(code="painting")
    worker = factories.WorkerFactory(center=center, badge=7, skills=[skill])
    job = factories.JobFactory(center=center, workers_needed=2)
    factories.AssignmentFactory(job=job, worker=worker)
    factories.WageClaimFactory(center=center, worker=worker, employer=job.employer)


@pytest.fixture
def desk_token(coordinator):
    return Token.objects.get_or_create(user=coordinator)[0].key


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, unshrunk
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_with_a_server_error(case, desk_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {desk_token}"}, checks=[not_a_server_error]
    )
