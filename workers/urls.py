"""Pages of the workers app."""

urlpatterns: list = []
