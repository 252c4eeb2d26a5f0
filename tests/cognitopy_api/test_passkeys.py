"""Passkeys in the cognitopy family (CognitoPy, AsyncCognitoPy; with and without a client
secret): register with the software authenticator, list, delete, against the strict emulator."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from fastcognito.exceptions import (
    NotAuthorizedException,
    ResourceNotFoundException,
    WebAuthnChallengeNotFoundException,
    WebAuthnOriginNotAllowedException,
)
from fastcognito.testing import PasskeyAuthenticator
from tests.helpers import Api


def test_register_list_and_delete_a_passkey(api: Api) -> None:
    _, tokens = api.logged_in()
    access = tokens["access_token"]
    authenticator = PasskeyAuthenticator()

    options = api.api.start_passkey_registration(access)
    assert options["rp"]["id"] == "localhost"
    assert {"type": "public-key", "alg": -7} in options["pubKeyCredParams"]
    assert options["excludeCredentials"] == []
    credential = authenticator.create(options)
    assert api.api.complete_passkey_registration(access, credential) is None

    passkeys = api.api.list_passkeys(access)
    assert [p["CredentialId"] for p in passkeys] == [credential["id"]]
    (passkey,) = passkeys
    assert passkey["RelyingPartyId"] == "localhost"
    assert passkey["AuthenticatorAttachment"] == "platform"
    assert passkey["AuthenticatorTransports"] == ["internal", "hybrid"]
    assert isinstance(passkey["CreatedAt"], datetime) and passkey["CreatedAt"].tzinfo is not None
    assert passkey["FriendlyCredentialName"]

    # The next registration excludes the passkey already registered.
    again = api.api.start_passkey_registration(access)
    assert [c["id"] for c in again["excludeCredentials"]] == [credential["id"]]

    assert api.api.delete_passkey(access, credential["id"]) is None
    assert api.api.list_passkeys(access) == []
    with pytest.raises(ResourceNotFoundException):
        api.api.delete_passkey(access, credential["id"])


def test_the_credential_may_be_json_text_and_passkeys_list_in_order(api: Api) -> None:
    _, tokens = api.logged_in()
    access = tokens["access_token"]
    made = []
    for _ in range(3):  # one passkey per provider and account: three providers
        authenticator = PasskeyAuthenticator(attestation="packed")
        credential = authenticator.create(api.api.start_passkey_registration(access))
        api.api.complete_passkey_registration(access, json.dumps(credential))
        made.append(credential["id"])
    assert [p["CredentialId"] for p in api.api.list_passkeys(access)] == made


def test_registration_refusals_carry_cognitos_codes(api: Api) -> None:
    _, tokens = api.logged_in()
    access = tokens["access_token"]
    first = api.api.start_passkey_registration(access)
    api.api.start_passkey_registration(access)  # replaces the first challenge
    with pytest.raises(WebAuthnChallengeNotFoundException):
        api.api.complete_passkey_registration(access, PasskeyAuthenticator().create(first))

    options = api.api.start_passkey_registration(access)
    with pytest.raises(WebAuthnOriginNotAllowedException):
        api.api.complete_passkey_registration(access, PasskeyAuthenticator("https://evil.example").create(options))
    assert api.api.list_passkeys(access) == []


def test_a_bad_access_token_is_refused(api: Api) -> None:
    with pytest.raises(NotAuthorizedException):
        api.api.start_passkey_registration("not-a-token")
    with pytest.raises(NotAuthorizedException):
        api.api.list_passkeys("not-a-token")


@pytest.mark.parametrize("credential", [42, None, ["x"], "not json", "[1, 2]"])
def test_a_credential_that_is_not_a_json_object_is_refused_before_any_call(api: Api, credential: object) -> None:
    with pytest.raises(ValueError):
        api.api.complete_passkey_registration("token", credential)


def test_arguments_must_be_strings(api: Api) -> None:
    with pytest.raises(ValueError):
        api.api.start_passkey_registration(None)
    with pytest.raises(ValueError):
        api.api.delete_passkey("token", 5)
