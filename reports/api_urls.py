"""Report API routes, mounted under /api/v1/reports/."""

urlpatterns: list = []
