"""Passkeys in mandate's family (Cognito awaited, SyncCognito blocking; with and without a
client secret): the object's access token registers, lists and deletes them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from fastcognito import Cognito, SyncCognito
from fastcognito.exceptions import (
    NotAuthorizedException,
    ResourceNotFoundException,
    WebAuthnChallengeNotFoundException,
    WebAuthnRelyingPartyMismatchException,
)
from fastcognito.testing import Emulator, PasskeyAuthenticator, Pool
from tests.helpers import PASSWORD, Driver

FLAVOURS = [
    pytest.param((Cognito, False), id="async-public"),
    pytest.param((Cognito, True), id="async-secret"),
    pytest.param((SyncCognito, False), id="sync-public"),
    pytest.param((SyncCognito, True), id="sync-secret"),
]


@pytest.fixture(params=FLAVOURS)
def signed_in(request: pytest.FixtureRequest, emulator: Emulator, pool: Pool) -> Driver:
    """A user of ``pool`` signed in with SRP, through the flavour's client."""
    cls, with_secret = request.param
    username = f"pk-{uuid.uuid4().hex[:8]}"
    emulator.create_user(pool.pool_id, username, PASSWORD, email=f"{username}@example.com")
    cog = Driver(
        cls(
            pool.pool_id,
            pool.secret_client_id if with_secret else pool.public_client_id,
            username=username,
            client_secret=pool.client_secret if with_secret else None,
            endpoint_url=emulator.url,
        )
    )
    cog.authenticate(PASSWORD)
    return cog


def test_register_list_and_delete_with_the_objects_token(
    signed_in: Driver, passkey_authenticator: PasskeyAuthenticator
) -> None:
    options = signed_in.start_passkey_registration()
    assert options["user"]["name"] == signed_in.username
    credential = passkey_authenticator.create(options)
    assert signed_in.complete_passkey_registration(credential) is None

    (passkey,) = signed_in.list_passkeys()
    assert passkey["CredentialId"] == credential["id"]
    assert passkey["RelyingPartyId"] == "localhost"

    assert signed_in.delete_passkey(credential["id"]) is None
    assert signed_in.list_passkeys() == []
    with pytest.raises(ResourceNotFoundException):
        signed_in.delete_passkey(credential["id"])


def test_refusals(signed_in: Driver) -> None:
    options = signed_in.start_passkey_registration()
    foreign: dict[str, Any] = dict(options, rp={"id": "elsewhere.example", "name": "x"})
    with pytest.raises(WebAuthnRelyingPartyMismatchException):
        signed_in.complete_passkey_registration(PasskeyAuthenticator("https://localhost").create(foreign))
    # The challenge was used up by that answer.
    with pytest.raises(WebAuthnChallengeNotFoundException):
        signed_in.complete_passkey_registration(PasskeyAuthenticator().create(options))
    signed_in.client.access_token = "not-a-token"
    with pytest.raises(NotAuthorizedException):
        signed_in.list_passkeys()


def test_the_methods_need_a_signed_in_object(emulator: Emulator, pool: Pool) -> None:
    for cls in (Cognito, SyncCognito):
        cog = Driver(cls(pool.pool_id, pool.public_client_id, endpoint_url=emulator.url))
        with pytest.raises(AttributeError):
            cog.start_passkey_registration()
        with pytest.raises(AttributeError):
            cog.list_passkeys()


@pytest.mark.parametrize("credential", [42, None, ["x"]])
def test_a_credential_of_the_wrong_type_is_a_type_error(signed_in: Driver, credential: object) -> None:
    with pytest.raises(TypeError):
        signed_in.complete_passkey_registration(credential)


@pytest.mark.parametrize("credential", ["not json", "[1]"])
def test_json_text_that_is_not_an_object_is_a_value_error(signed_in: Driver, credential: str) -> None:
    with pytest.raises(ValueError):
        signed_in.complete_passkey_registration(credential)


def test_delete_needs_a_string_id(signed_in: Driver) -> None:
    with pytest.raises(TypeError):
        signed_in.delete_passkey(7)


def test_sign_in_with_a_passkey_stores_verified_tokens(
    signed_in: Driver, emulator: Emulator, pool: Pool, passkey_authenticator: PasskeyAuthenticator
) -> None:
    signed_in.complete_passkey_registration(passkey_authenticator.create(signed_in.start_passkey_registration()))
    emulator.set_first_factors(pool.pool_id, ["PASSWORD", "WEB_AUTHN"])
    client = signed_in.client
    fresh = Driver(
        type(client)(
            pool.pool_id,
            client.client_id,
            username=signed_in.username,
            client_secret=client.client_secret,
            endpoint_url=emulator.url,
        )
    )
    step = fresh.sign_in(preferred_challenge="WEB_AUTHN")
    assert step.challenge_name == "WEB_AUTHN" and fresh.access_token is None
    done = fresh.confirm_sign_in(
        step, credential=passkey_authenticator.get(step.parameters["CREDENTIAL_REQUEST_OPTIONS"])
    )
    assert done.signed_in and fresh.access_token
    assert fresh.client.access_claims["username"] == signed_in.client.access_claims["username"]
    # The same assertion again is refused: its challenge was spent with the session.
    again = fresh.sign_in(preferred_challenge="WEB_AUTHN")
    with pytest.raises(NotAuthorizedException):
        fresh.confirm_sign_in(
            again, credential=passkey_authenticator.get(step.parameters["CREDENTIAL_REQUEST_OPTIONS"])
        )
