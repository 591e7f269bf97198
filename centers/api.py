from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from .models import Center
from .scoping import user_centers


class CenterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Center
        fields = [
            "slug",
            "name",
            "timezone",
            "sms_number",
            "wage_floor",
            "lottery_cutoff",
            "lottery_mode",
        ]


class CenterList(generics.ListAPIView):
    """The centers the caller works in."""

    serializer_class = CenterSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> Any:
        return user_centers(self.request.user).order_by("name")
