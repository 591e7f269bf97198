"""The morning-loop fixtures (a clock at the center, the real SMS outbox), shared with dispatch."""

from tests.dispatch.conftest import at, outbox  # noqa: F401
