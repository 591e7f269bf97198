from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from . import lockout
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


class TokenObtain(ObtainAuthToken):
    """Exchange a username and password for the user's API token. Wrong passwords count
    towards the login lockout; while the account or the calling address is locked the answer
    is 429 with code ``locked_out``."""

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            username = request.data.get("username") if hasattr(request.data, "get") else None
            if lockout.is_locked(request, username):
                raise lockout.LoginLocked()
            raise serializers.ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
