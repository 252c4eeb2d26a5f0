"""The API: /health (open), /me (any signed-in user), /admin (users in the "admins" group)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import AllowAny  # type: ignore[import-untyped]
from rest_framework.request import Request  # type: ignore[import-untyped]
from rest_framework.response import Response  # type: ignore[import-untyped]
from rest_framework.views import APIView  # type: ignore[import-untyped]

from fastcognito.integrations.django import CognitoAuthentication, CognitoUser


class AdminsOnly(CognitoAuthentication):
    """A token of a user in the "admins" group; other users are answered 403."""

    groups = ["admins"]


class Health(APIView):  # type: ignore[misc]
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class Me(APIView):  # type: ignore[misc]
    def get(self, request: Request) -> Response:
        user: CognitoUser = request.user
        return Response({"username": user.username, "sub": user.sub})


class Admin(APIView):  # type: ignore[misc]
    authentication_classes = [AdminsOnly]

    def get(self, request: Request) -> Response:
        user: CognitoUser = request.user
        body: dict[str, Any] = {"admin": user.username, "groups": list(user.groups)}
        return Response(body)
