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


def test_sign_in_with_a_passkey(api: Api) -> None:
    name, tokens = api.logged_in()
    authenticator = PasskeyAuthenticator()
    access = tokens["access_token"]
    credential = authenticator.create(api.api.start_passkey_registration(access))
    api.api.complete_passkey_registration(access, credential)
    api.emulator.set_first_factors(api.pool.pool_id, ["PASSWORD", "WEB_AUTHN"])
    assert "WEB_AUTHN" in api.api.get_user_auth_factors(access)["configured_user_auth_factors"]

    # Through SELECT_CHALLENGE: the passkey is offered, chosen, and answered.
    first = api.api.sign_in(name)
    assert first.challenge_name == "SELECT_CHALLENGE" and "WEB_AUTHN" in first.available_challenges
    step = api.api.confirm_sign_in(first, answer="WEB_AUTHN")
    assert step.challenge_name == "WEB_AUTHN"
    options = json.loads(step.parameters["CREDENTIAL_REQUEST_OPTIONS"])
    assert [c["id"] for c in options["allowCredentials"]] == [credential["id"]]
    done = api.api.confirm_sign_in(step, credential=authenticator.get(step.parameters["CREDENTIAL_REQUEST_OPTIONS"]))
    assert done.signed_in and done.tokens is not None and done.tokens["access_token"]

    # Directly as the preferred challenge; an assertion of another sign-in's challenge is refused.
    one = api.api.sign_in(name, preferred_challenge="WEB_AUTHN")
    two = api.api.sign_in(name, preferred_challenge="WEB_AUTHN")
    assert one.challenge_name == two.challenge_name == "WEB_AUTHN"
    for_one = authenticator.get(one.parameters["CREDENTIAL_REQUEST_OPTIONS"])
    with pytest.raises(NotAuthorizedException, match="another challenge"):
        api.api.confirm_sign_in(two, credential=for_one)
    assert api.api.confirm_sign_in(one, credential=for_one).signed_in
