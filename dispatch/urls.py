"""Pages of the dispatch app (employers, jobs, desk, display, claims, portal)."""

urlpatterns: list = []
