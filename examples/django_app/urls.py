from __future__ import annotations

from django.urls import path  # type: ignore[import-untyped]

from .views import Admin, Health, Me

urlpatterns = [
    path("health", Health.as_view()),
    path("me", Me.as_view()),
    path("admin", Admin.as_view()),
]
