"""Passkeys (WebAuthn) of the signed-in user, as plan mixins: :class:`PasskeyPlans` for the
cognitopy family (the access token is an argument) and :class:`MandatePasskeyPlans` for
mandate's (the object's ``access_token``).

Registration takes two calls with the browser in between: ``start_passkey_registration``
gives the ``PublicKeyCredentialCreationOptionsJSON`` to pass to ``navigator.credentials.create()``
(e.g. through ``PublicKeyCredential.parseCreationOptionsFromJSON``), and
``complete_passkey_registration`` sends back what the browser returned
(``credential.toJSON()``), as a dict or as JSON text. Passkeys are listed as Cognito
describes them (``CredentialId``, ``FriendlyCredentialName``, ``RelyingPartyId``,
``AuthenticatorAttachment``, ``AuthenticatorTransports``, ``CreatedAt``), every page read.
"""

from __future__ import annotations

from ._calls import Twinned, plan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from . import _core
    from ._calls import Plan

__all__ = ["PasskeyPlans", "MandatePasskeyPlans"]


def _credential_text(credential: Any, error: type[Exception]) -> str:
    """The browser's credential (a dict, or JSON text of an object) as JSON text; ``error``
    (the family's argument error) for anything else, before any call."""
    if isinstance(credential, dict):
        try:
            import json  # not at import: only passkeys need it

            return json.dumps(credential, separators=(",", ":"))
        except (TypeError, ValueError):
            raise error("credential must hold only JSON values") from None
    if isinstance(credential, (str, bytes)):
        try:
            import json  # not at import: only passkeys need it

            parsed = json.loads(credential)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise ValueError("credential must be a JSON object (the browser's PublicKeyCredential JSON)")
        return credential.decode() if isinstance(credential, bytes) else credential
    raise error(f"credential must be a dict or a JSON string, not {type(credential).__name__}")


def _all_passkeys(core: _core.CoreClient, access_token: str) -> Plan[list[dict[str, Any]]]:
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = yield from core.list_web_authn_credentials(access_token, None, token)
        found.extend(dict(c) for c in page["Credentials"])
        token = page.get("NextToken")
        if not token:
            return found


class PasskeyPlans(Twinned):
    """The cognitopy family's passkey methods (stateless: the access token is passed)."""

    __slots__ = ()
    _core: _core.CoreClient

    @staticmethod
    def _check_token(access_token: Any) -> None:
        if not isinstance(access_token, str):
            raise ValueError("The access_token should be a string.")

    @plan
    def start_passkey_registration(self, access_token: str) -> Plan[dict[str, Any]]:
        """Starts registering a passkey (StartWebAuthnRegistration): the credential creation
        options to hand to the browser's ``navigator.credentials.create()``."""
        self._check_token(access_token)
        options: dict[str, Any] = yield from self._core.start_web_authn_registration(access_token)
        return options

    @plan
    def complete_passkey_registration(self, access_token: str, credential: dict[str, Any] | str) -> Plan[None]:
        """Finishes registering a passkey (CompleteWebAuthnRegistration) with the browser's
        answer to the creation options, as a dict or JSON text."""
        self._check_token(access_token)
        text = _credential_text(credential, ValueError)
        yield from self._core.complete_web_authn_registration(access_token, text)

    @plan
    def list_passkeys(self, access_token: str) -> Plan[list[dict[str, Any]]]:
        """The user's passkeys (ListWebAuthnCredentials, every page)."""
        self._check_token(access_token)
        return (yield from _all_passkeys(self._core, access_token))

    @plan
    def delete_passkey(self, access_token: str, credential_id: str) -> Plan[None]:
        """Deletes one of the user's passkeys (DeleteWebAuthnCredential) by its ``CredentialId``."""
        if not isinstance(access_token, str) or not isinstance(credential_id, str):
            raise ValueError("The access_token and credential_id should be strings.")
        yield from self._core.delete_web_authn_credential(access_token, credential_id)


class MandatePasskeyPlans(Twinned):
    """mandate's family: the same methods, with the object's access token."""

    __slots__ = ()
    _core: _core.CoreClient
    access_token: str | None

    def _passkey_token(self) -> str:
        if not self.access_token:
            raise AttributeError("Access Token Required to Check Token")
        return self.access_token

    @plan
    def start_passkey_registration(self) -> Plan[dict[str, Any]]:
        """Starts registering a passkey for the signed-in user: the credential creation
        options to hand to the browser's ``navigator.credentials.create()``."""
        options: dict[str, Any] = yield from self._core.start_web_authn_registration(self._passkey_token())
        return options

    @plan
    def complete_passkey_registration(self, credential: dict[str, Any] | str) -> Plan[None]:
        """Finishes registering a passkey with the browser's answer (a dict or JSON text)."""
        text = _credential_text(credential, TypeError)
        yield from self._core.complete_web_authn_registration(self._passkey_token(), text)

    @plan
    def list_passkeys(self) -> Plan[list[dict[str, Any]]]:
        """The signed-in user's passkeys (every page)."""
        return (yield from _all_passkeys(self._core, self._passkey_token()))

    @plan
    def delete_passkey(self, credential_id: str) -> Plan[None]:
        """Deletes one of the signed-in user's passkeys by its ``CredentialId``."""
        if not isinstance(credential_id, str):
            raise TypeError(f"credential_id must be a str, not {type(credential_id).__name__}")
        yield from self._core.delete_web_authn_credential(self._passkey_token(), credential_id)
