"""What a real browser sends is what the emulator accepts, and altered copies of it are refused.

Each credential here comes from headless Chromium's own ``navigator.credentials.create()`` /
``get()`` (the example page's option and JSON conversions, a virtual platform authenticator),
on the page's origin ``http://localhost:PORT``; the test then hands it to Cognito's operations
through fastcognito, as it is or altered: the WebAuthn checks must accept exactly the
browser's shapes (``authenticatorAttachment``, ``clientExtensionResults``, ``transports``,
``publicKey``, attestation ``none``, ``crossOrigin``...) and nothing else."""

from __future__ import annotations

import base64
import copy
import json
import uuid
from typing import Any

import pytest

from fastcognito import CognitoPy
from fastcognito.exceptions import (
    NotAuthorizedException,
    WebAuthnChallengeNotFoundException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)
from tests.browser.conftest import Page, Site

pytestmark = pytest.mark.browser

PASSWORD = "Passw0rd!x"

# The page's own conversions (static/passkeys.js): options JSON in, the credential's JSON out.
CEREMONY = """
const [kind, options, done] = arguments;
const run = kind === "create"
  ? navigator.credentials.create({ publicKey: creationOptions(options) })
  : navigator.credentials.get({ publicKey: requestOptions(options) });
run.then((c) => done({ credential: credentialJSON(c) }), (e) => done({ error: `${e.name}: ${e.message}` }));
"""


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser(page: Page, kind: str, options: dict[str, Any] | str) -> dict[str, Any]:
    parsed = json.loads(options) if isinstance(options, str) else options
    result = page.js_async(CEREMONY, kind, parsed)
    assert "credential" in result, result
    return result["credential"]  # type: ignore[no-any-return]


def client_data(credential: dict[str, Any]) -> dict[str, Any]:
    return json.loads(b64url_decode(credential["response"]["clientDataJSON"]))  # type: ignore[no-any-return]


def with_client_data(credential: dict[str, Any], **changes: Any) -> dict[str, Any]:
    altered = copy.deepcopy(credential)
    data = client_data(credential) | changes
    altered["response"]["clientDataJSON"] = b64url(json.dumps(data, separators=(",", ":")).encode())
    return altered


def with_bytes(credential: dict[str, Any], field: str, index: int, mask: int = 0x01) -> dict[str, Any]:
    altered = copy.deepcopy(credential)
    raw = bytearray(b64url_decode(altered["response"][field]))
    raw[index] ^= mask
    altered["response"][field] = b64url(bytes(raw))
    return altered


def with_auth_data(credential: dict[str, Any], index: int, mask: int) -> dict[str, Any]:
    """A registration whose attestation object's authData has one byte changed (the CBOR map's
    lengths stay the same: only a byte inside the authData byte string moves)."""
    from fastcognito.testing import _cbor

    altered = copy.deepcopy(credential)
    attestation = _cbor.decode(b64url_decode(altered["response"]["attestationObject"]))
    auth = attestation["authData"]
    changed = auth[:index] + bytes([auth[index] ^ mask]) + auth[index + 1 :]
    raw = b64url_decode(altered["response"]["attestationObject"])
    start = raw.index(auth)
    altered["response"]["attestationObject"] = b64url(raw[:start] + changed + raw[start + len(auth) :])
    return altered


@pytest.fixture
def signed_in(site: Site, page: Page) -> tuple[CognitoPy, str, str]:
    """A user signed in through fastcognito, and the page open on the relying party's origin."""
    username = f"cat-{uuid.uuid4().hex[:8]}"
    site.emulator.create_user(site.pool.pool_id, username, PASSWORD, email=f"{username}@example.com")
    cognito = CognitoPy(site.pool.pool_id, site.pool.public_client_id, "", endpoint_url=site.emulator.url)
    step = cognito.sign_in(username, preferred_challenge="PASSWORD", password=PASSWORD)
    assert step.signed_in and step.tokens is not None
    page.open(f"{site.url}/")
    page.loaded()
    return cognito, username, step.tokens["access_token"]


def test_the_browsers_registration_is_accepted_and_altered_copies_are_refused(
    site: Site, page: Page, signed_in: tuple[CognitoPy, str, str]
) -> None:
    cognito, _username, token = signed_in
    # The page takes the browser's own JSON conversions (its fallbacks are for older browsers).
    native = "return [PublicKeyCredential.parseCreationOptionsFromJSON, PublicKeyCredential.prototype.toJSON]"
    assert page.js(native + ".map((f) => typeof f)") == ["function", "function"]

    # A registration answering a challenge that was replaced by a newer one.
    stale = browser(page, "create", cognito.start_passkey_registration(token))
    cognito.start_passkey_registration(token)
    with pytest.raises(WebAuthnChallengeNotFoundException):
        cognito.complete_passkey_registration(token, stale)

    def fresh() -> dict[str, Any]:
        return browser(page, "create", cognito.start_passkey_registration(token))

    foreign = with_client_data(fresh(), origin=site.server.ip_url)
    with pytest.raises(WebAuthnOriginNotAllowedException):
        cognito.complete_passkey_registration(token, foreign)
    framed = with_client_data(fresh(), crossOrigin=True, topOrigin="http://localhost:1")
    with pytest.raises(WebAuthnOriginNotAllowedException):
        cognito.complete_passkey_registration(token, framed)
    with pytest.raises(WebAuthnRelyingPartyMismatchException):
        cognito.complete_passkey_registration(token, with_auth_data(fresh(), 0, 0x01))  # rpIdHash's first byte
    with pytest.raises(WebAuthnCredentialNotSupportedException):
        cognito.complete_passkey_registration(token, with_auth_data(fresh(), 32, 0x01))  # UP flag cleared
    assert cognito.list_passkeys(token) == []

    # The browser's own JSON, as it is: accepted, with what it says about the authenticator.
    credential = fresh()
    assert credential["authenticatorAttachment"] == "platform"
    assert set(credential) >= {"id", "rawId", "type", "response", "clientExtensionResults"}
    assert client_data(credential)["origin"] == site.url and client_data(credential)["crossOrigin"] is False
    cognito.complete_passkey_registration(token, credential)
    (passkey,) = cognito.list_passkeys(token)
    assert passkey["CredentialId"] == credential["id"]
    assert passkey["RelyingPartyId"] == "localhost"
    assert passkey["AuthenticatorTransports"] == ["internal"]
    assert passkey["AuthenticatorAttachment"] == "platform"
    page.screenshot()


def test_the_browsers_assertion_is_accepted_and_altered_copies_are_refused(
    site: Site, page: Page, signed_in: tuple[CognitoPy, str, str]
) -> None:
    cognito, username, token = signed_in
    cognito.complete_passkey_registration(token, browser(page, "create", cognito.start_passkey_registration(token)))

    def challenge() -> Any:
        step = cognito.sign_in(username, preferred_challenge="WEB_AUTHN")
        assert step.challenge_name == "WEB_AUTHN"
        return step

    kept = challenge()
    assertion = browser(page, "get", kept.parameters["CREDENTIAL_REQUEST_OPTIONS"])
    assert assertion["authenticatorAttachment"] == "platform" and assertion["response"]["userHandle"]

    def signed(step: Any) -> dict[str, Any]:
        return browser(page, "get", step.parameters["CREDENTIAL_REQUEST_OPTIONS"])

    # Each altered copy answers the very sign-in the browser signed it for.
    alterations = [
        ("The passkey signature does not verify", lambda a: with_bytes(a, "signature", -5)),
        ("The origin is not allowed", lambda a: with_client_data(a, origin=site.server.ip_url)),
        ("The origin is not allowed", lambda a: with_client_data(a, crossOrigin=True, topOrigin="http://localhost:1")),
        # The signature counter's last byte: the signature covers the authenticator data.
        ("The passkey signature does not verify", lambda a: with_bytes(a, "authenticatorData", 36)),
        # The user-present flag cleared.
        ("The user was not present", lambda a: with_bytes(a, "authenticatorData", 32)),
    ]
    for reason, alter in alterations:
        step = challenge()
        with pytest.raises(NotAuthorizedException) as refused:
            cognito.confirm_sign_in(step, credential=alter(signed(step)))
        assert reason in refused.value.message, refused.value.message
    # The browser's own assertion, unaltered, for another sign-in than the one it signed.
    with pytest.raises(NotAuthorizedException) as refused:
        cognito.confirm_sign_in(challenge(), credential=assertion)
    assert "The passkey answered another challenge" in refused.value.message

    # The browser's assertion, for the challenge it signed: signed in.
    step = cognito.confirm_sign_in(kept, credential=assertion)
    assert step.signed_in and step.tokens is not None
    # A second sign-in signed by the browser: its counter moved on, accepted too.
    again = challenge()
    step = cognito.confirm_sign_in(again, credential=signed(again))
    assert step.signed_in
    page.screenshot()
