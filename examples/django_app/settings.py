"""Settings of the example project: only what DRF and fastcognito's authentication need.

The pool and app client come from the variables ``fastcognito local`` prints
(FASTCOGNITO_POOL_ID, FASTCOGNITO_CLIENT_ID; the emulator's address is in
AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, which the verifier honours).
"""

from __future__ import annotations

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
ROOT_URLCONF = "django_app.urls"
USE_TZ = True
# No database, no sessions, no django.contrib.auth: the user is the verified token.
DATABASES: dict[str, object] = {}
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]

FASTCOGNITO = {
    "USER_POOL_ID": os.environ.get("FASTCOGNITO_POOL_ID", ""),
    "CLIENT_ID": os.environ.get("FASTCOGNITO_CLIENT_ID", ""),
    "TOKEN_USE": "access",
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["fastcognito.integrations.django.CognitoAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
