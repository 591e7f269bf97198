"""Board report pages."""

urlpatterns: list = []
