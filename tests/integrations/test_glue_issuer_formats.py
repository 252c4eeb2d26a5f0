"""The FastAPI/Starlette and Flask glue with the new verifier: tokens of a pool in the updated
issuer format, verifier-level options, and a MultiPoolVerifier behind one route."""

from __future__ import annotations

from typing import Any

import pytest

from fastcognito import CognitoPy, MultiPoolVerifier, TokenVerifier
from fastcognito.testing import Emulator, Pool
from tests.helpers import PASSWORD


def sign_in(emulator: Emulator, pool: Pool, name: str) -> str:
    emulator.create_user(pool.pool_id, name, PASSWORD)
    with CognitoPy(pool.pool_id, pool.public_client_id, "", endpoint_url=emulator.url) as client:
        return str(client.login(name, PASSWORD)["access_token"])


def fastapi_get(verifier: Any, token: str) -> tuple[int, Any]:
    fastapi = pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from fastcognito.integrations.starlette import CognitoAuth

    app = fastapi.FastAPI()
    auth = CognitoAuth(verifier)

    @app.get("/me")
    async def me(claims: dict[str, Any] = fastapi.Depends(auth)) -> dict[str, Any]:  # noqa: B008
        return {"username": claims["username"], "iss": claims["iss"]}

    answer = TestClient(app).get("/me", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code, answer.json()


def flask_get(verifier: Any, token: str) -> tuple[int, Any]:
    flask = pytest.importorskip("flask")
    from fastcognito.integrations.flask import claims, require_token

    app = flask.Flask(__name__)

    @app.get("/me")
    @require_token(verifier)
    def me() -> dict[str, Any]:
        return {"username": claims()["username"], "iss": claims()["iss"]}

    answer = app.test_client().get("/me", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code, answer.get_json()


GETS = [pytest.param(fastapi_get, id="fastapi"), pytest.param(flask_get, id="flask")]


@pytest.mark.parametrize("get", GETS)
def test_a_pool_in_the_updated_issuer_format(emulator: Emulator, get: Any) -> None:
    pool = emulator.setup(issuer_format="updated")
    token = sign_in(emulator, pool, "glue-updated")
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url)
    status, body = get(verifier, token)
    assert status == 200, body
    assert body == {"username": "glue-updated", "iss": verifier.issuers[1]}


@pytest.mark.parametrize("get", GETS)
def test_verifier_options_refuse_with_401(emulator: Emulator, pool: Pool, get: Any) -> None:
    token = sign_in(emulator, pool, "glue-scoped")
    verifier = TokenVerifier(pool.pool_id, pool.public_client_id, scopes=["orders/read"], endpoint_url=emulator.url)
    status, body = get(verifier, token)
    assert status == 401
    assert "scope" in str(body)


@pytest.mark.parametrize("get", GETS)
def test_one_route_for_several_pools(emulator: Emulator, pool: Pool, get: Any) -> None:
    other = emulator.setup(issuer_format="updated")
    multi = MultiPoolVerifier(
        [TokenVerifier(p.pool_id, p.public_client_id, endpoint_url=emulator.url) for p in (pool, other)]
    )
    for p, name in ((pool, "glue-a"), (other, "glue-b")):
        status, body = get(multi, sign_in(emulator, p, name))
        assert status == 200 and body["username"] == name
    stranger = emulator.setup()
    status, _ = get(multi, sign_in(emulator, stranger, "glue-c"))
    assert status == 401
