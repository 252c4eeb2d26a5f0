"""TokenVerifier, and the FastAPI/Starlette and Flask glue through the example apps
(examples/fastapi_app.py, examples/flask_app.py), with real tokens from the strict emulator."""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import json
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fastcognito import CognitoPy
from fastcognito.exceptions import (
    KeysUnavailableError,
    TokenError,
    TokenVerificationError,
    TokenVerificationException,
)
from fastcognito.testing import Emulator, Pool, User
from fastcognito.testing._moto import signing_key
from fastcognito.verifier import TokenVerifier
from tests.core.jwks_server import JwksServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
UNREACHABLE = "http://127.0.0.1:1"

_modules: dict[str, ModuleType] = {}


def example(name: str) -> ModuleType:
    """examples/<name>.py, imported once (the examples dir is not a package)."""
    if name not in _modules:
        spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _modules[name] = module
    return _modules[name]


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def www_authenticate(self) -> str | None:
        return self.headers.get("www-authenticate")

    def reason(self) -> str:
        """The refusal's description, whatever the framework's body shape."""
        if "detail" in self.body:  # FastAPI's HTTPException handler
            return str(self.body["detail"])
        return str(self.body["error_description"])


class App:
    """One example app behind its framework's test client."""

    def __init__(self, framework: str, verifier: TokenVerifier) -> None:
        self.framework = framework
        if framework == "fastapi":
            from fastapi.testclient import TestClient

            self.client: Any = TestClient(example("fastapi_app").create_app(verifier))
        else:
            self.client = example("flask_app").create_app(verifier).test_client()

    def get(self, path: str, token: str | None = None, authorization: str | None = None) -> Answer:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if authorization is not None:
            headers["Authorization"] = authorization
        response = self.client.get(path, headers=headers)
        body = response.json() if self.framework == "fastapi" else response.get_json()
        return Answer(response.status_code, body, {k.lower(): v for k, v in response.headers.items()})


FRAMEWORKS = ["fastapi", "flask"]


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest) -> str:
    if request.param == "fastapi":
        pytest.importorskip("fastapi")
        pytest.importorskip("httpx")
    else:
        pytest.importorskip("flask")
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def verifier(cognito_emulator: Emulator, cognito_pool: Pool) -> TokenVerifier:
    return TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=cognito_emulator.url)


@pytest.fixture
def app(framework: str, verifier: TokenVerifier) -> App:
    return App(framework, verifier)


def cognito(emulator: Emulator, pool: Pool, *, secret: bool = False) -> CognitoPy:
    if secret:
        return CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, True, endpoint_url=emulator.url)
    return CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url)


def login(emulator: Emulator, pool: Pool, user: User, *, secret: bool = False) -> dict[str, Any]:
    with cognito(emulator, pool, secret=secret) as client:
        return client.login(user.username, user.password)


@pytest.fixture
def tokens(cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User) -> dict[str, Any]:
    return login(cognito_emulator, cognito_pool, cognito_user)


def tampered(token: str) -> str:
    head, payload, signature = token.split(".")
    i = len(signature) // 2
    return ".".join((head, payload, signature[:i] + ("A" if signature[i] != "A" else "B") + signature[i + 1 :]))


def claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))  # type: ignore[no-any-return]


def signed_by_the_emulator(claims: dict[str, Any]) -> str:
    """A token with these claims, signed with the emulator's own key (moto's, published in the
    pool's JWKS): a real token as far as any verifier can tell."""
    from joserfc import jwk, jwt

    key = jwk.RSAKey.import_key(signing_key())
    return jwt.encode({"kid": "dummy", "alg": "RS256"}, claims, key)


def assert_invalid_token(answer: Answer, token: str) -> None:
    assert answer.status == 401, answer
    assert answer.www_authenticate == 'Bearer realm="cognito", error="invalid_token"'
    shown = json.dumps(answer.body) + json.dumps(answer.headers)
    for part in [token, *token.split(".")]:
        if len(part) > 16:  # the token, or one of its segments
            assert part not in shown


def assert_no_token(answer: Answer) -> None:
    assert answer.status == 401, answer
    assert answer.www_authenticate == 'Bearer realm="cognito"'
    assert "Bearer token is required" in answer.reason()


# --- the apps ---------------------------------------------------------------------------------


def test_health_is_open(app: App) -> None:
    answer = app.get("/health")
    assert (answer.status, answer.body) == (200, {"status": "ok"})


def test_me_with_a_valid_access_token(app: App, tokens: dict[str, Any], cognito_user: User) -> None:
    answer = app.get("/me", tokens["access_token"])
    assert answer.status == 200, answer
    assert answer.body == {"username": cognito_user.username, "sub": claims_of(tokens["access_token"])["sub"]}
    # again (now from the cached keys), and with a lower-case scheme
    assert app.get("/me", authorization=f"bearer {tokens['access_token']}").body["username"] == cognito_user.username


def test_no_authorization_header(app: App) -> None:
    assert_no_token(app.get("/me"))
    assert_no_token(app.get("/admin"))


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc", ""])
def test_not_a_bearer_token(app: App, authorization: str) -> None:
    assert_no_token(app.get("/me", authorization=authorization))


def test_tampered_signature(app: App, tokens: dict[str, Any]) -> None:
    bad = tampered(tokens["access_token"])
    assert_invalid_token(app.get("/me", bad), bad)


def test_garbage_token(app: App) -> None:
    assert_invalid_token(app.get("/me", "not.a.jwt"), "not.a.jwt")


def test_id_token_on_an_access_route(app: App, tokens: dict[str, Any]) -> None:
    answer = app.get("/me", tokens["id_token"])
    assert_invalid_token(answer, tokens["id_token"])


def test_refresh_token_is_not_a_bearer_token(app: App, tokens: dict[str, Any]) -> None:
    assert_invalid_token(app.get("/me", tokens["refresh_token"]), tokens["refresh_token"])


def test_token_of_another_app_client(
    app: App, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    other = login(cognito_emulator, cognito_pool, cognito_user, secret=True)["access_token"]
    assert claims_of(other)["client_id"] == cognito_pool.secret_client_id
    assert_invalid_token(app.get("/me", other), other)


def test_token_from_another_pool(app: App, cognito_emulator: Emulator) -> None:
    pool = cognito_emulator.setup()
    user = cognito_emulator.create_user(pool.pool_id, "outsider", "Passw0rd!x", email="o@example.com")
    other = login(cognito_emulator, pool, user)["access_token"]
    assert_invalid_token(app.get("/me", other), other)


def test_expired_token(app: App, tokens: dict[str, Any], cognito_user: User) -> None:
    now = int(time.time())
    claims = claims_of(tokens["access_token"])
    # The same claims, re-signed with the pool's key: accepted while fresh ...
    fresh = signed_by_the_emulator(claims)
    assert app.get("/me", fresh).body["username"] == cognito_user.username
    # ... refused once expired.
    expired = signed_by_the_emulator({**claims, "iat": now - 7200, "auth_time": now - 7200, "exp": now - 60})
    answer = app.get("/me", expired)
    assert_invalid_token(answer, expired)
    assert "expired" in answer.reason().lower()


def test_admin_needs_the_group(
    app: App, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User, tokens: dict[str, Any]
) -> None:
    answer = app.get("/admin", tokens["access_token"])
    assert answer.status == 403, answer
    assert answer.www_authenticate is None
    assert "admins" in answer.reason()

    with cognito(cognito_emulator, cognito_pool) as admin:
        admin.admin_create_group("admins", "administrators", 1)
        admin.admin_create_group("staff", "not admins", 2)
        admin.admin_add_user_to_group(cognito_user.username, "staff")
    in_staff = login(cognito_emulator, cognito_pool, cognito_user)["access_token"]
    assert app.get("/admin", in_staff).status == 403  # another group is not enough
    assert app.get("/me", in_staff).status == 200

    with cognito(cognito_emulator, cognito_pool) as admin:
        admin.admin_add_user_to_group(cognito_user.username, "admins")
    # the old token still says "no admins"
    assert app.get("/admin", tokens["access_token"]).status == 403
    fresh = login(cognito_emulator, cognito_pool, cognito_user)["access_token"]
    answer = app.get("/admin", fresh)
    assert answer.status == 200, answer
    assert answer.body["admin"] == cognito_user.username
    assert sorted(answer.body["groups"]) == ["admins", "staff"]


def test_admin_rejects_a_bad_token_with_401_not_403(app: App, tokens: dict[str, Any]) -> None:
    bad = tampered(tokens["access_token"])
    assert_invalid_token(app.get("/admin", bad), bad)


def test_keys_unreachable_is_503(framework: str, cognito_pool: Pool, tokens: dict[str, Any]) -> None:
    app = App(framework, TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=UNREACHABLE))
    for path in ("/me", "/admin"):
        answer = app.get(path, tokens["access_token"])
        assert answer.status == 503, answer
        assert answer.www_authenticate is None
        assert answer.reason() == "the user pool's signing keys could not be fetched"
        if framework == "flask":
            assert answer.body["error"] == "temporarily_unavailable"
    assert_no_token(app.get("/me"))  # no token is still 401: nothing to fetch keys for
    assert app.get("/health").status == 200


def test_the_glue_wants_a_token_verifier() -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("flask")
    from fastcognito.integrations.flask import require_token
    from fastcognito.integrations.starlette import CognitoAuth

    with pytest.raises(TypeError):
        CognitoAuth("not a verifier")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        require_token(object())  # type: ignore[arg-type]
    auth = CognitoAuth(TokenVerifier("us-east-1_abc", "client"), groups=["admins"])
    assert (
        repr(auth) == "CognitoAuth(TokenVerifier(user_pool_id='us-east-1_abc', client_id='client', "
        "token_use='access'), groups=['admins'])"
    )
    verifier = TokenVerifier("us-east-1_abc", "client")
    with pytest.raises(TypeError, match="not a str"):  # "admins" would mean its letters
        CognitoAuth(verifier, groups="admins")
    with pytest.raises(TypeError, match="not a str"):
        require_token(verifier, groups="admins")


def test_flask_claims_outside_a_guarded_view() -> None:
    flask = pytest.importorskip("flask")
    from fastcognito.integrations.flask import claims

    with flask.Flask("x").test_request_context("/"), pytest.raises(RuntimeError):
        claims()


# --- TokenVerifier on its own -----------------------------------------------------------------


def test_verify_and_verify_async_agree(
    verifier: TokenVerifier, tokens: dict[str, Any], cognito_user: User, cognito_emulator: Emulator, cognito_pool: Pool
) -> None:
    claims = verifier.verify(tokens["access_token"])
    assert claims == claims_of(tokens["access_token"])
    assert claims["username"] == cognito_user.username
    assert claims["client_id"] == cognito_pool.public_client_id
    assert asyncio.run(verifier.verify_async(tokens["access_token"])) == claims

    # a fresh verifier, whose first (key-fetching) call is the awaited one
    fresh = TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=cognito_emulator.url)
    assert asyncio.run(fresh.verify_async(tokens["access_token"])) == claims


def test_verify_async_refuses_too(verifier: TokenVerifier, tokens: dict[str, Any]) -> None:
    with pytest.raises(TokenVerificationError):
        asyncio.run(verifier.verify_async(tampered(tokens["access_token"])))
    with pytest.raises(TokenVerificationError):
        asyncio.run(verifier.verify_async(tokens["id_token"]))


def test_id_token_verifier(
    cognito_emulator: Emulator, cognito_pool: Pool, tokens: dict[str, Any], cognito_user: User
) -> None:
    ids = TokenVerifier(
        cognito_pool.pool_id, cognito_pool.public_client_id, token_use="id", endpoint_url=cognito_emulator.url
    )
    assert ids.token_use == "id"
    claims = ids.verify(tokens["id_token"])
    assert claims["cognito:username"] == cognito_user.username
    assert claims["aud"] == cognito_pool.public_client_id
    with pytest.raises(TokenVerificationError):
        ids.verify(tokens["access_token"])


def test_issuer(
    cognito_emulator: Emulator, cognito_pool: Pool, verifier: TokenVerifier, tokens: dict[str, Any]
) -> None:
    assert verifier.issuer == f"https://cognito-idp.{cognito_pool.region}.amazonaws.com/{cognito_pool.pool_id}"
    assert verifier.issuer == claims_of(tokens["access_token"])["iss"]
    assert verifier.user_pool_id == cognito_pool.pool_id
    assert verifier.client_id == cognito_pool.public_client_id
    elsewhere = TokenVerifier(
        cognito_pool.pool_id,
        cognito_pool.public_client_id,
        endpoint_url=cognito_emulator.url,
        issuer="https://issuer.example.com",
    )
    assert elsewhere.issuer == "https://issuer.example.com"
    with pytest.raises(TokenVerificationError):
        elsewhere.verify(tokens["access_token"])


def test_another_pools_token_is_refused_on_its_issuer(cognito_emulator: Emulator, cognito_pool: Pool) -> None:
    """Every emulator pool signs with the same key, and this verifier expects the other pool's
    client id: only ``iss`` tells the token apart."""
    other = cognito_emulator.setup()
    user = cognito_emulator.create_user(other.pool_id, "outsider", "Passw0rd!x")
    token = login(cognito_emulator, other, user)["access_token"]
    same_client = TokenVerifier(cognito_pool.pool_id, other.public_client_id, endpoint_url=cognito_emulator.url)
    with pytest.raises(TokenVerificationError):
        same_client.verify(token)
    right_pool = TokenVerifier(other.pool_id, other.public_client_id, endpoint_url=cognito_emulator.url)
    assert right_pool.verify(token)["username"] == "outsider"


@pytest.mark.parametrize("token", [None, b"a.b.c", 42, ["a.b.c"]], ids=repr)
def test_verify_wants_a_str(verifier: TokenVerifier, token: Any) -> None:
    with pytest.raises(TypeError):
        verifier.verify(token)
    with pytest.raises(TypeError):
        asyncio.run(verifier.verify_async(token))


@pytest.mark.parametrize("token_use", ["refresh", "ACCESS", ""])
def test_token_use_must_be_access_or_id(token_use: str) -> None:
    with pytest.raises(ValueError, match="token_use"):
        TokenVerifier("us-east-1_abc", "client", token_use=token_use)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("us-east-1_abc", ""), {}),
        ((None, "client"), {}),
        (("us-east-1_abc", 1), {}),
        (("us-east-1_abc", "client"), {"issuer": 5}),
    ],
)
def test_constructor_argument_types(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        TokenVerifier(*args, **kwargs)


def test_repr_and_errors_hold_no_token(verifier: TokenVerifier, tokens: dict[str, Any]) -> None:
    token = tokens["access_token"]
    verifier.verify(token)
    text = repr(verifier)
    assert text.startswith("TokenVerifier(user_pool_id=")
    assert verifier.user_pool_id in text
    for part in token.split("."):
        assert part not in text
    bad = tampered(token)
    with pytest.raises(TokenError) as refused:
        verifier.verify(bad)
    for shown in (str(refused.value), repr(refused.value)):
        for part in bad.split("."):
            assert part not in shown


def test_unreachable_keys_raise(cognito_pool: Pool, tokens: dict[str, Any]) -> None:
    verifier = TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=UNREACHABLE)
    with pytest.raises(KeysUnavailableError) as failed:
        verifier.verify(tokens["access_token"])
    # An outage, not bad input; still mandate's TokenVerificationException.
    assert isinstance(failed.value, TokenVerificationException) and not isinstance(failed.value, ValueError)
    assert failed.value.code == "KeysUnavailable"
    for part in tokens["access_token"].split("."):
        assert part not in str(failed.value)
    with pytest.raises(KeysUnavailableError):
        asyncio.run(verifier.verify_async(tokens["access_token"]))


def test_a_bad_token_is_not_keys_unavailable(verifier: TokenVerifier, tokens: dict[str, Any]) -> None:
    with pytest.raises(TokenVerificationError) as refused:
        verifier.verify(tampered(tokens["access_token"]))
    assert not isinstance(refused.value, KeysUnavailableError)


def test_plain_starlette_endpoint(verifier: TokenVerifier, tokens: dict[str, Any], cognito_user: User) -> None:
    """Without FastAPI: ``claims = await auth(request)`` inside a Starlette endpoint."""
    pytest.importorskip("httpx")
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from fastcognito.integrations.starlette import CognitoAuth

    def endpoint(auth: CognitoAuth) -> Any:
        async def handle(request: Request) -> JSONResponse:
            claims = await auth(request)
            return JSONResponse({"username": claims["username"], "kept": request.state.cognito_claims is claims})

        return handle

    app = Starlette(
        routes=[
            Route("/me", endpoint(CognitoAuth(verifier))),
            Route("/readers", endpoint(CognitoAuth(verifier, groups=["readers"]))),
        ]
    )
    client = TestClient(app)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/me").status_code == 401
    answer = client.get("/me", headers=bearer)
    assert answer.status_code == 200 and answer.json() == {"username": cognito_user.username, "kept": True}
    assert client.get("/readers", headers=bearer).status_code == 403  # not in "readers"


def forged_header(token: str, **header: Any) -> str:
    """The token with its header replaced (the signature no longer matters: no key matches)."""
    head = base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()
    return head + token[token.index(".") :]


def test_made_up_key_ids_do_not_download_the_keys_each_time(
    cognito_emulator: Emulator, cognito_pool: Pool, verifier: TokenVerifier, tokens: dict[str, Any]
) -> None:
    pool = cognito_pool.pool_id
    # Before any key is cached, what is not an RS256 JWT with a kid is refused with no download.
    for bad in (
        "not-a-jwt",
        forged_header(tokens["access_token"], alg="HS256", kid="k"),
        forged_header(tokens["access_token"], alg="RS256"),
    ):
        with pytest.raises(TokenVerificationError):
            verifier.verify(bad)
    assert cognito_emulator.jwks_fetches(pool) == 0

    assert verifier.verify(tokens["access_token"])["token_use"] == "access"
    assert cognito_emulator.jwks_fetches(pool) == 1

    async def many() -> list[Any]:
        forged = [forged_header(tokens["access_token"], alg="RS256", kid=f"made-up-{i}") for i in range(30)]
        return await asyncio.gather(*(verifier.verify_async(t) for t in forged), return_exceptions=True)

    results = asyncio.run(many())
    assert all(isinstance(r, TokenVerificationError) and "unknown key" in r.message for r in results)
    # The keys were fetched moments ago: no refetch for unknown kids within 30 s of a fetch.
    assert cognito_emulator.jwks_fetches(pool) == 1
    with pytest.raises(TokenVerificationError, match="unknown key"):
        verifier.verify(forged_header(tokens["access_token"], alg="RS256", kid="another"))
    assert cognito_emulator.jwks_fetches(pool) == 1
    assert verifier.verify(tokens["access_token"])["token_use"] == "access"  # the real key still works


@pytest.mark.parametrize("document", ["<html>502 Bad Gateway</html>", '{"no": "keys"}'])
def test_an_unparsable_key_set_is_an_outage_not_a_bad_token(
    cognito_pool: Pool, tokens: dict[str, Any], document: str
) -> None:
    with JwksServer(200, document.encode()) as server:  # a key server serving something else
        verifier = TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=server.url)
        with pytest.raises(KeysUnavailableError):
            verifier.verify(tokens["access_token"])
