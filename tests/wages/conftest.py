"""The morning-loop fixtures (a clock at the center, the real SMS outbox), shared with dispatch."""

# Fixtures shared with the dispatch tests: pytest finds them by their names in this module.
from tests.dispatch.conftest import at, outbox  # noqa: F401 (fixtures found by name)
