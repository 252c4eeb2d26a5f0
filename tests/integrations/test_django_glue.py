"""fastcognito.integrations.django.CognitoAuthentication through the example project
(examples/django_app) and DRF's test client, with real tokens from the strict emulator."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fastcognito.testing import Emulator, Pool, User
from fastcognito.verifier import TokenVerifier
from tests.integrations.test_verifier_and_glue import (
    UNREACHABLE,
    claims_of,
    cognito,
    login,
    signed_by_the_emulator,
    tampered,
)

django = pytest.importorskip("django")
pytest.importorskip("rest_framework")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _configure() -> None:
    from django.conf import settings

    if settings.configured:
        return
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    import django_app.settings as example  # examples/django_app/settings.py

    settings.configure(**{name: getattr(example, name) for name in dir(example) if name.isupper()})
    django.setup()


_configure()

from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.test import APIClient, APIRequestFactory  # noqa: E402

from fastcognito.integrations.django import CognitoAuthentication, CognitoUser, get_verifier  # noqa: E402


@pytest.fixture
def configure(cognito_emulator: Emulator, cognito_pool: Pool) -> Iterator[Any]:
    """``configure(**options)``: settings.FASTCOGNITO for this pool, plus the options given."""
    active: list[Any] = []

    def apply(**options: Any) -> None:
        base = {"USER_POOL_ID": cognito_pool.pool_id, "CLIENT_ID": cognito_pool.public_client_id}
        base["ENDPOINT_URL"] = cognito_emulator.url
        override = override_settings(FASTCOGNITO={**base, **options})
        override.enable()
        active.append(override)

    apply()
    yield apply
    for override in reversed(active):
        override.disable()


@pytest.fixture
def client(configure: Any) -> APIClient:
    return APIClient()


@pytest.fixture
def tokens(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> dict[str, Any]:
    return login(cognito_emulator, cognito_pool, cognito_user)


def get(client: APIClient, path: str, authorization: str | None = None) -> Any:
    headers = {} if authorization is None else {"Authorization": authorization}
    return client.get(path, headers=headers)


def assert_invalid_token(response: Any, token: str) -> None:
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == 'Bearer realm="cognito", error="invalid_token"'
    shown = response.content.decode() + json.dumps(dict(response.headers))
    for part in [token, *token.split(".")]:
        if len(part) > 16:
            assert part not in shown


def test_health_is_open(client: APIClient) -> None:
    response = get(client, "/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_me_with_a_valid_access_token(client: APIClient, tokens: dict[str, Any], cognito_user: User) -> None:
    response = get(client, "/me", f"Bearer {tokens['access_token']}")
    assert response.status_code == 200, response.content
    assert response.json() == {"username": cognito_user.username, "sub": claims_of(tokens["access_token"])["sub"]}
    assert get(client, "/me", f"bearer {tokens['access_token']}").status_code == 200


@pytest.mark.parametrize("authorization", [None, "Basic dXNlcjpwYXNz", "Token abc", ""])
def test_no_bearer_token_is_anonymous_then_401(client: APIClient, authorization: str | None) -> None:
    # Not our scheme: anonymous, and IsAuthenticated answers 401 with our challenge.
    response = get(client, "/me", authorization)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == 'Bearer realm="cognito"'
    assert get(client, "/health", authorization).status_code == 200


@pytest.mark.parametrize("authorization", ["Bearer", "Bearer    "])
def test_empty_bearer_token(client: APIClient, authorization: str) -> None:
    response = get(client, "/me", authorization)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == 'Bearer realm="cognito"'
    assert "Bearer token is required" in response.json()["detail"]


def test_tampered_garbage_id_and_refresh_tokens(client: APIClient, tokens: dict[str, Any]) -> None:
    for bad in (tampered(tokens["access_token"]), "not.a.jwt", tokens["id_token"], tokens["refresh_token"]):
        assert_invalid_token(get(client, "/me", f"Bearer {bad}"), bad)
        assert_invalid_token(get(client, "/admin", f"Bearer {bad}"), bad)  # 401, not 403
        # a bad token is refused even on an open view: the client asked to be judged by it
        assert_invalid_token(get(client, "/health", f"Bearer {bad}"), bad)


def test_token_of_another_app_client(
    client: APIClient, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    other = login(cognito_emulator, cognito_pool, cognito_user, secret=True)["access_token"]
    assert_invalid_token(get(client, "/me", f"Bearer {other}"), other)


def test_expired_token(client: APIClient, tokens: dict[str, Any]) -> None:
    now = int(time.time())
    claims = claims_of(tokens["access_token"])
    assert get(client, "/me", f"Bearer {signed_by_the_emulator(claims)}").status_code == 200
    expired = signed_by_the_emulator({**claims, "iat": now - 7200, "auth_time": now - 7200, "exp": now - 60})
    response = get(client, "/me", f"Bearer {expired}")
    assert_invalid_token(response, expired)
    assert "expired" in response.json()["detail"].lower()


def test_admin_needs_the_group(
    client: APIClient, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User, tokens: dict[str, Any]
) -> None:
    response = get(client, "/admin", f"Bearer {tokens['access_token']}")
    assert response.status_code == 403, response.content
    assert "WWW-Authenticate" not in response
    assert "admins" in response.json()["detail"]
    with cognito(cognito_emulator, cognito_pool) as admin:
        admin.admin_create_group("admins", "administrators", 1)
        admin.admin_add_user_to_group(cognito_user.username, "admins")
    fresh = login(cognito_emulator, cognito_pool, cognito_user)["access_token"]
    response = get(client, "/admin", f"Bearer {fresh}")
    assert response.status_code == 200, response.content
    assert response.json() == {"admin": cognito_user.username, "groups": ["admins"]}


def test_groups_setting_applies_to_every_view(
    configure: Any, client: APIClient, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    configure(GROUPS=["staff"])
    with cognito(cognito_emulator, cognito_pool) as admin:
        admin.admin_create_group("staff", "staff", 1)
    token = login(cognito_emulator, cognito_pool, cognito_user)["access_token"]
    assert get(client, "/me", f"Bearer {token}").status_code == 403
    with cognito(cognito_emulator, cognito_pool) as admin:
        admin.admin_add_user_to_group(cognito_user.username, "staff")
    token = login(cognito_emulator, cognito_pool, cognito_user)["access_token"]
    assert get(client, "/me", f"Bearer {token}").status_code == 200
    # the view's own groups replace the setting's
    assert get(client, "/admin", f"Bearer {token}").status_code == 403


def test_several_client_ids_and_id_tokens(
    configure: Any, client: APIClient, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    configure(CLIENT_ID=[cognito_pool.public_client_id, cognito_pool.secret_client_id], TOKEN_USE="id")
    for secret in (False, True):
        id_token = login(cognito_emulator, cognito_pool, cognito_user, secret=secret)["id_token"]
        response = get(client, "/me", f"Bearer {id_token}")
        assert response.status_code == 200, response.content
        assert response.json()["username"] == cognito_user.username  # from cognito:username


def test_keys_unreachable_is_503(configure: Any, client: APIClient, tokens: dict[str, Any]) -> None:
    configure(ENDPOINT_URL=UNREACHABLE)
    for path in ("/me", "/admin"):
        response = get(client, path, f"Bearer {tokens['access_token']}")
        assert response.status_code == 503, response.content
        assert "WWW-Authenticate" not in response


def test_user_and_auth(configure: Any, tokens: dict[str, Any], cognito_user: User) -> None:
    token = tokens["access_token"]
    request = Request(APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {token}"))
    found = CognitoAuthentication().authenticate(request)
    assert found is not None
    user, auth = found
    assert auth == token
    assert isinstance(user, CognitoUser)
    assert (user.username, str(user), user.get_username()) == (cognito_user.username,) * 3
    assert user.pk == user.sub == claims_of(token)["sub"]
    assert user.is_authenticated and not user.is_anonymous
    assert "aws.cognito.signin.user.admin" in user.scopes
    assert user.groups == ()
    assert user.claims["token_use"] == "access"
    assert not user.has_perm("anything")
    assert token not in repr(user)


def test_one_verifier_per_settings(configure: Any, cognito_pool: Pool) -> None:
    first = get_verifier()
    assert isinstance(first, TokenVerifier) and first is get_verifier()
    assert first.client_ids == (cognito_pool.public_client_id,)
    configure(CLIENT_ID=[cognito_pool.secret_client_id])
    assert get_verifier().client_ids == (cognito_pool.secret_client_id,)


def test_verifier_setting(configure: Any, cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    verifier = TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=cognito_emulator.url)
    with override_settings(FASTCOGNITO={"VERIFIER": verifier}):
        assert get_verifier() is verifier
    with override_settings(FASTCOGNITO={"VERIFIER": lambda: verifier}):
        assert get_verifier() is verifier


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"CLIENT_ID": "x"}, "USER_POOL_ID"),
        ({"USER_POOL_ID": "eu-west-1_x"}, "CLIENT_ID"),
        ({"USER_POOL_ID": "eu-west-1_x", "CLIENT_ID": "x", "GROUP": ["a"]}, "unknown keys: GROUP"),
        ({"USER_POOL_ID": "eu-west-1_x", "CLIENT_ID": "x", "GROUPS": "admins"}, "GROUPS"),
        ({"USER_POOL_ID": "eu-west-1_x", "CLIENT_ID": "x", "TOKEN_USE": "refresh"}, "token_use"),
        ({"VERIFIER": "no.such.module.verifier"}, "VERIFIER"),
        ({"VERIFIER": "os.path", "CLIENT_ID": "x"}, "VERIFIER excludes CLIENT_ID"),
        ("not a dict", "must be a dict"),
    ],
)
def test_bad_settings(setting: Any, message: str) -> None:
    with override_settings(FASTCOGNITO=setting), pytest.raises(ImproperlyConfigured, match=message):
        get_verifier()


def test_example_demo_runs() -> None:
    from tests.integrations.test_examples import run

    out = run(str(EXAMPLES / "django_app" / "manage.py"), "demo")
    assert out.returncode == 0, out.stderr[-3000:]
    said = {
        step.strip(): answer.strip() for step, _, answer in (line.partition("->") for line in out.stdout.splitlines())
    }
    assert said["GET /me without a token"] == "401"
    assert "'username': 'alice'" in said["GET /me"]
    assert said["GET /admin (no group)"] == "403"
    assert said["GET /admin (in admins)"] == "{'admin': 'alice', 'groups': ['admins']}"


def test_jwks_and_custom_check_settings_and_short_401s() -> None:
    """Preloaded keys (JWKS: no download, the endpoint is unreachable), CUSTOM_CHECK, and the
    hardened 401 bodies (issue 15) through DRF too."""
    pytest.importorskip("joserfc")
    from tests.integrations.test_glue_hardening import JWKS, POOL_ID, token

    def check(claims: dict[str, Any]) -> None:
        if claims.get("username") == "blocked":
            raise ValueError("refused: " + "z" * 5000)

    client = APIClient()
    setting = {
        "USER_POOL_ID": POOL_ID,
        "CLIENT_ID": "c",
        "JWKS": JWKS,
        "ENDPOINT_URL": UNREACHABLE,
        "CUSTOM_CHECK": check,
    }
    with override_settings(FASTCOGNITO=setting):
        assert get(client, "/me", f"Bearer {token()}").json() == {"username": "u", "sub": "s"}
        for bad in (token(kid="K" * 10_000), "x" * 20_000 + ".a.b"):
            response = get(client, "/me", f"Bearer {bad}")
            assert response.status_code == 401 and len(response.json()["detail"]) < 200
        response = get(client, "/me", f"Bearer {token(username='blocked')}")
        assert response.status_code == 401
        assert len(response.json()["detail"]) <= 256 and response.json()["detail"].endswith("…")
