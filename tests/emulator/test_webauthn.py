"""The emulator's passkeys: its CBOR, the software authenticator, and the WebAuthn checks of a
registration (through the emulator, as Cognito's operations) and of a sign-in assertion
(through ``webauthn.verify_assertion`` / ``answer_webauthn``, which the WEB_AUTHN challenge uses)."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fastcognito import CognitoPy
from fastcognito.exceptions import (
    InvalidParameterException,
    NotAuthorizedException,
    WebAuthnChallengeNotFoundException,
    WebAuthnClientMismatchException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)
from fastcognito.testing import Emulator, PasskeyAuthenticator, Pool, _cbor, webauthn
from fastcognito.testing.authenticator import b64url, b64url_decode
from fastcognito.testing.strict import Fault
from tests.helpers import PASSWORD

# ---- CBOR -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65536,
        2**32,
        -1,
        -25,
        -(2**40),
        b"",
        b"\x00" * 300,
        "",
        "é" * 40,
        [],
        [1, [2, "x"]],
        {1: 2, -1: b"k", "alg": -7},
        True,
        False,
        None,
    ],
)
def test_cbor_round_trips(value: Any) -> None:
    assert _cbor.decode(_cbor.encode(value)) == value


def test_cbor_maps_are_in_ctap2_canonical_order() -> None:
    # The ES256 COSE key of the WebAuthn spec's example starts A5 01 02 03 26 20 01 21 58 20.
    key = {-3: b"y" * 32, -2: b"x" * 32, -1: 1, 3: -7, 1: 2}
    assert _cbor.encode(key).startswith(bytes.fromhex("a5010203262001215820"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x18",
        b"\x5f",
        b"\x42a",
        b"\x9f",
        b"\xa1\x01",
        b"\xf9\x00\x00",
        b"\xc0\x00",
        b"\x01\x02",
        b"\xa2\x01\x01\x01\x02",
        b"\x63\xff\xfe\xfd",
        b"\x81" * 40 + b"\x00",
        b"\x9b" + b"\xff" * 8,
    ],
)
def test_cbor_refuses_what_it_does_not_read(data: bytes) -> None:
    with pytest.raises(_cbor.CBORError):
        _cbor.decode(data)


# ---- helpers ----------------------------------------------------------------------------


def flip(text: str, index: int = -1) -> str:
    """A base64url value with one byte flipped."""
    raw = bytearray(b64url_decode(text))
    raw[index] ^= 0x01
    return b64url(bytes(raw))


def with_response(credential: dict[str, Any], **fields: str) -> dict[str, Any]:
    return dict(credential, response=dict(credential["response"], **fields))


def client_data(credential: dict[str, Any]) -> dict[str, Any]:
    return json.loads(b64url_decode(credential["response"]["clientDataJSON"]))  # type: ignore[no-any-return]


def rewrite_client_data(credential: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = dict(client_data(credential), **changes)
    return with_response(credential, clientDataJSON=b64url(json.dumps(data).encode()))


def refused(code: type[Exception] | str, call: Callable[[], Any]) -> str:
    """Runs an in-process emulator function that must refuse with ``code``; its message."""
    name = code if isinstance(code, str) else code.__name__
    with pytest.raises(Fault) as info:
        call()
    assert info.value.code == name, info.value.message
    return info.value.message


# ---- the registration, through the emulator ----------------------------------------------


class Registration:
    def __init__(self, emulator: Emulator, pool: Pool, client_id: str | None = None, secret: str = "") -> None:
        client_id = client_id or pool.public_client_id
        self.client = CognitoPy(pool.pool_id, client_id, secret, bool(secret), endpoint_url=emulator.url)
        self.username = f"wa-{uuid.uuid4().hex[:8]}"
        emulator.create_user(pool.pool_id, self.username, PASSWORD, email=f"{self.username}@example.com")
        self.access = self.client.login(self.username, PASSWORD)["access_token"]

    def options(self) -> dict[str, Any]:
        return self.client.start_passkey_registration(self.access)

    def complete(self, credential: Any) -> None:
        self.client.complete_passkey_registration(self.access, credential)


@pytest.fixture
def reg(emulator: Emulator, pool: Pool) -> Registration:
    return Registration(emulator, pool)


@pytest.mark.parametrize("attestation", ["none", "packed"])
def test_a_good_registration_is_accepted(reg: Registration, attestation: str) -> None:
    credential = PasskeyAuthenticator(attestation=attestation).create(reg.options())
    reg.complete(credential)
    assert [p["CredentialId"] for p in reg.client.list_passkeys(reg.access)] == [credential["id"]]


def test_an_attestation_for_another_challenge_is_refused(reg: Registration) -> None:
    options = reg.options()
    credential = PasskeyAuthenticator().create(dict(options, challenge=b64url(b"another challenge")))
    with pytest.raises(WebAuthnChallengeNotFoundException):
        reg.complete(credential)


def test_an_attestation_without_a_started_registration_is_refused(reg: Registration) -> None:
    credential = PasskeyAuthenticator().create(reg.options())
    reg.complete(credential)
    with pytest.raises(WebAuthnChallengeNotFoundException):  # single use
        reg.complete(PasskeyAuthenticator().create({**credential, "challenge": "AAAA"}))


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "https://localhost.evil.example", "http://evil.localhost.example"]
)
def test_an_attestation_from_another_origin_is_refused(reg: Registration, origin: str) -> None:
    with pytest.raises(WebAuthnOriginNotAllowedException):
        reg.complete(PasskeyAuthenticator(origin).create(reg.options()))


@pytest.mark.parametrize("origin", ["https://localhost", "http://localhost:8080", "https://app.localhost"])
def test_origins_of_the_relying_party_are_allowed(reg: Registration, origin: str) -> None:
    reg.complete(PasskeyAuthenticator(origin).create(reg.options()))


def test_an_attestation_for_another_relying_party_is_refused(reg: Registration) -> None:
    options = dict(reg.options(), rp={"id": "example.com", "name": "example"})
    with pytest.raises(WebAuthnRelyingPartyMismatchException):
        reg.complete(PasskeyAuthenticator("https://localhost").create(options))


def test_a_packed_attestation_with_a_flipped_signature_byte_is_refused(reg: Registration) -> None:
    credential = PasskeyAuthenticator(attestation="packed").create(reg.options())
    statement = _cbor.decode(b64url_decode(credential["response"]["attestationObject"]))
    sig = bytearray(statement["attStmt"]["sig"])
    sig[-1] ^= 0x01
    statement["attStmt"]["sig"] = bytes(sig)
    with pytest.raises(NotAuthorizedException):
        reg.complete(with_response(credential, attestationObject=b64url(_cbor.encode(statement))))
    assert reg.client.list_passkeys(reg.access) == []


def test_a_tampered_client_data_json_is_refused(reg: Registration) -> None:
    # Signed over SHA-256(clientDataJSON): any change breaks the packed signature, even a key
    # that Chromium itself adds at times...
    credential = PasskeyAuthenticator(attestation="packed").create(reg.options())
    with pytest.raises(NotAuthorizedException):
        reg.complete(rewrite_client_data(credential, other_keys_can_be_added_here="do not compare"))
    # ... and a rewritten challenge or type is refused whatever the statement.
    options = reg.options()
    credential = PasskeyAuthenticator(attestation="none").create(options)
    with pytest.raises(WebAuthnChallengeNotFoundException):
        reg.complete(rewrite_client_data(credential, challenge=b64url(b"x" * 32)))
    credential = PasskeyAuthenticator().create(reg.options())
    with pytest.raises(InvalidParameterException):
        reg.complete(rewrite_client_data(credential, type="webauthn.get"))


def test_a_ceremony_in_a_cross_origin_frame_is_refused(reg: Registration) -> None:
    # The origin is the relying party's, but the page ran inside another site's frame.
    credential = PasskeyAuthenticator(attestation="none").create(reg.options())
    with pytest.raises(WebAuthnOriginNotAllowedException):
        reg.complete(rewrite_client_data(credential, crossOrigin=True, topOrigin="https://elsewhere.example"))


def test_unsupported_credentials_are_refused(emulator: Emulator) -> None:
    reg = Registration(emulator, emulator.setup(passkey_user_verification="required"))
    with pytest.raises(WebAuthnCredentialNotSupportedException):
        reg.complete(PasskeyAuthenticator(user_verified=False).create(reg.options()))
    credential = PasskeyAuthenticator().create(reg.options())
    statement = _cbor.decode(b64url_decode(credential["response"]["attestationObject"]))
    statement["fmt"] = "fido-u2f"
    with pytest.raises(WebAuthnCredentialNotSupportedException):
        reg.complete(with_response(credential, attestationObject=b64url(_cbor.encode(statement))))


@pytest.mark.parametrize(
    "breakage",
    [
        lambda c: {**c, "type": "password"},
        lambda c: {**c, "id": b64url(b"someone else")},
        lambda c: with_response(c, clientDataJSON="***"),
        lambda c: with_response(c, attestationObject=b64url(b"\xff")),
        lambda c: {k: v for k, v in c.items() if k != "response"},
    ],
)
def test_a_malformed_credential_is_an_invalid_parameter(reg: Registration, breakage: Callable[..., Any]) -> None:
    credential = PasskeyAuthenticator().create(reg.options())
    with pytest.raises(InvalidParameterException):
        reg.complete(breakage(credential))


def test_completion_by_another_app_client_is_refused(emulator: Emulator, pool: Pool) -> None:
    public = Registration(emulator, pool)
    secret = CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, True, endpoint_url=emulator.url)
    other_access = secret.login(public.username, PASSWORD)["access_token"]
    credential = PasskeyAuthenticator().create(public.options())
    with pytest.raises(WebAuthnClientMismatchException):
        secret.complete_passkey_registration(other_access, credential)


def test_the_relying_party_is_a_pool_setting(emulator: Emulator) -> None:
    reg = Registration(emulator, emulator.setup(relying_party_id="auth.example.com"))
    options = reg.options()
    assert options["rp"]["id"] == "auth.example.com"
    reg.complete(PasskeyAuthenticator("https://login.auth.example.com").create(options))
    (passkey,) = reg.client.list_passkeys(reg.access)
    assert passkey["RelyingPartyId"] == "auth.example.com"


def test_the_list_is_paged(reg: Registration) -> None:
    made = []
    for _ in range(3):
        credential = PasskeyAuthenticator().create(reg.options())
        reg.complete(credential)
        made.append(credential["id"])
    core = reg.client._core
    first = core.list_web_authn_credentials(reg.access, 2, None).wait()
    assert len(first["Credentials"]) == 2 and first["NextToken"]
    rest = core.list_web_authn_credentials(reg.access, 2, first["NextToken"]).wait()
    assert "NextToken" not in rest
    assert [c["CredentialId"] for c in first["Credentials"] + rest["Credentials"]] == made
    assert [p["CredentialId"] for p in reg.client.list_passkeys(reg.access)] == made


def test_another_users_passkey_cannot_be_deleted(emulator: Emulator, pool: Pool) -> None:
    alice, bob = Registration(emulator, pool), Registration(emulator, pool)
    credential = PasskeyAuthenticator().create(alice.options())
    alice.complete(credential)
    with pytest.raises(Exception) as info:
        bob.client.delete_passkey(bob.access, credential["id"])
    assert type(info.value).__name__ == "ResourceNotFoundException"
    assert len(alice.client.list_passkeys(alice.access)) == 1


# ---- the sign-in assertion, in process ---------------------------------------------------


class Account:
    """A user with one registered passkey, in this process's emulator state."""

    def __init__(self, **authenticator: Any) -> None:
        self.pool_id = f"us-east-1_{uuid.uuid4().hex[:10]}"
        self.username = "alice"
        self.authenticator = PasskeyAuthenticator(**authenticator)
        options = webauthn.start_registration(self.pool_id, self.username, "client")
        self.credential_id = webauthn.complete_registration(
            self.pool_id, self.username, "client", self.authenticator.create(options)
        ).credential_id

    def challenge(self) -> tuple[dict[str, str], str]:
        return webauthn.webauthn_challenge(self.pool_id, self.username)

    def assertion(self) -> tuple[str, dict[str, Any]]:
        params, challenge = self.challenge()
        return challenge, self.authenticator.get(params["CREDENTIAL_REQUEST_OPTIONS"])

    def verify(self, challenge: str, credential: Any, username: str | None = None) -> webauthn.Credential:
        return webauthn.verify_assertion(self.pool_id, username or self.username, challenge, credential)


def test_the_challenge_parameters_hold_request_options_as_json_text() -> None:
    account = Account()
    params, challenge = account.challenge()
    assert set(params) == {"CREDENTIAL_REQUEST_OPTIONS"}
    options = json.loads(params["CREDENTIAL_REQUEST_OPTIONS"])
    assert options["challenge"] == challenge and options["rpId"] == "localhost"
    assert [c["id"] for c in options["allowCredentials"]] == [account.credential_id]
    assert options["userVerification"] == "preferred" and options["timeout"] > 0
    assert webauthn.has_passkey(account.pool_id, "alice") and not webauthn.has_passkey(account.pool_id, "bob")


def test_a_good_assertion_is_accepted_and_moves_the_counter() -> None:
    account = Account()
    for expected in (1, 2):
        challenge, credential = account.assertion()
        stored = webauthn.answer_webauthn(account.pool_id, "alice", challenge, {"CREDENTIAL": json.dumps(credential)})
        assert stored.credential_id == account.credential_id and stored.sign_count == expected


def test_a_passkey_that_keeps_its_counter_at_zero_is_accepted() -> None:
    account = Account(counter_step=0)
    for _ in range(2):
        account.verify(*account.assertion())


def test_an_assertion_for_another_challenge_is_refused() -> None:
    account = Account()
    _, credential = account.assertion()
    other, _ = account.challenge()
    message = refused(NotAuthorizedException, lambda: account.verify(other, credential))
    assert "challenge" in message
    refused(NotAuthorizedException, lambda: account.verify("", credential))


def test_an_assertion_with_a_flipped_signature_byte_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    for index in (-1, 10):
        broken = with_response(credential, signature=flip(credential["response"]["signature"], index))
        assert "signature" in refused(NotAuthorizedException, lambda b=broken: account.verify(challenge, b))
    # Flipped authenticator data (here: the UV flag) breaks the signature too.
    broken = with_response(credential, authenticatorData=flip(credential["response"]["authenticatorData"], 32))
    refused(NotAuthorizedException, lambda: account.verify(challenge, broken))
    account.verify(challenge, credential)  # the genuine one still passes


def test_an_assertion_with_a_tampered_client_data_json_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    refused(
        NotAuthorizedException, lambda: account.verify(challenge, rewrite_client_data(credential, crossOrigin=True))
    )
    refused(
        NotAuthorizedException,
        lambda: account.verify(challenge, rewrite_client_data(credential, type="webauthn.create")),
    )


def test_a_non_increasing_sign_count_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    account.verify(challenge, credential)
    assert "counter" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))  # replayed
    account.authenticator.passkeys[b64url_decode(account.credential_id)].sign_count = 0  # a clone, behind
    challenge, credential = account.assertion()
    assert "counter" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))


def test_an_assertion_with_a_deleted_passkey_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    webauthn.delete_credential(account.pool_id, "alice", account.credential_id)
    assert "not registered" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))
    assert not webauthn.has_passkey(account.pool_id, "alice")


def test_an_assertion_of_another_user_or_origin_or_rp_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    refused(NotAuthorizedException, lambda: account.verify(challenge, credential, username="bob"))
    account.authenticator.origin = "https://evil.example"
    challenge, credential = account.assertion()
    assert "origin" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))
    account.authenticator.origin = "https://localhost"
    params, challenge = account.challenge()
    passkey = account.authenticator.passkeys[b64url_decode(account.credential_id)]
    passkey.rp_id = "example.com"  # the authenticator signs for another RP id
    credential = account.authenticator.get(dict(json.loads(params["CREDENTIAL_REQUEST_OPTIONS"]), rpId="example.com"))
    assert "relying party" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))


def test_user_presence_and_required_verification_are_checked() -> None:
    account = Account()
    webauthn.configure(account.pool_id, user_verification="required")
    account.authenticator.user_verified = False
    challenge, credential = account.assertion()
    assert "UV" in refused(NotAuthorizedException, lambda: account.verify(challenge, credential))
    raw = bytearray(b64url_decode(credential["response"]["authenticatorData"]))
    assert raw[32] & 0x01  # UP was set; without it the check fails before the signature
    raw[32] &= ~0x01
    webauthn.configure(account.pool_id, user_verification="preferred")
    broken = with_response(credential, authenticatorData=b64url(bytes(raw)))
    assert "UP" in refused(NotAuthorizedException, lambda: account.verify(challenge, broken))


def test_a_missing_or_malformed_credential_answer_is_refused() -> None:
    account = Account()
    challenge, credential = account.assertion()
    refused(InvalidParameterException, lambda: webauthn.answer_webauthn(account.pool_id, "alice", challenge, {}))
    for bad in ("{", "[]", json.dumps({"id": account.credential_id}), {**credential, "type": "x"}):
        refused(NotAuthorizedException, lambda b=bad: account.verify(challenge, b))


def test_the_authenticator_answers_as_a_browser_does() -> None:
    authenticator = PasskeyAuthenticator()
    options = webauthn.start_registration("us-east-1_auth", "carol", "client")
    credential = authenticator.create(json.dumps({"publicKey": options}))
    data = client_data(credential)
    assert data == {
        "type": "webauthn.create",
        "challenge": options["challenge"],
        "origin": "https://localhost",
        "crossOrigin": False,
    }
    attestation = _cbor.decode(b64url_decode(credential["response"]["attestationObject"]))
    assert attestation["fmt"] == "none" and attestation["attStmt"] == {}
    assert attestation["authData"][:32] == hashlib.sha256(b"localhost").digest()
    assert base64.urlsafe_b64decode(credential["response"]["publicKey"] + "==")[:2] == b"\x30\x59"  # DER SPKI
    with pytest.raises(ValueError, match="excludeCredentials"):
        webauthn.complete_registration("us-east-1_auth", "carol", "client", credential)
        authenticator.create(webauthn.start_registration("us-east-1_auth", "carol", "client"))
    with pytest.raises(ValueError, match="ES256"):
        PasskeyAuthenticator().create(dict(options, pubKeyCredParams=[{"type": "public-key", "alg": -257}]))
    with pytest.raises(ValueError, match="no passkey"):
        PasskeyAuthenticator().get({"challenge": "AAAA", "rpId": "localhost"})
    assert "passkeys=1" in repr(authenticator) and "private" not in repr(authenticator.passkeys)


def test_a_deleted_users_passkeys_go_with_it(emulator: Emulator, pool: Pool) -> None:
    reg = Registration(emulator, pool)
    reg.complete(PasskeyAuthenticator().create(reg.options()))
    reg.client.delete_user(reg.access)
    emulator.create_user(pool.pool_id, reg.username, PASSWORD, email=f"{reg.username}@example.com")
    access = reg.client.login(reg.username, PASSWORD)["access_token"]
    assert reg.client.list_passkeys(access) == []


def test_the_readme_example_runs(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Passkeys", 1)[1]
    pytester.makepyfile(section.split("```python\n", 1)[1].split("```", 1)[0])
    pytester.runpytest("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)
