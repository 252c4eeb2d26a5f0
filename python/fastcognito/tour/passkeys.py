"""The tour, part 4: passkeys. A user registers one, signs in with it (chosen from the
options, then named up front), lists and deletes it. A web page would hand Cognito's options
to ``navigator.credentials.create()``/``get()`` and send back what the browser returns;
here :class:`fastcognito.testing.PasskeyAuthenticator`, a software passkey provider, plays
the browser. Run the whole tour with ``fastcognito tour``."""

from __future__ import annotations

import json

from fastcognito import Cognito, CognitoPy
from fastcognito.testing import Emulator

from .cognitopy_style import short, step

PASSWORD = "Passw0rd!1"


async def main(emu: Emulator) -> None:
    # Imported here: the authenticator needs `cryptography` (the emulator extra brings it).
    from fastcognito.testing import PasskeyAuthenticator

    # The pool's relying party is "localhost"; the authenticator's origin is https://localhost.
    pool = emu.setup(first_factors=["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"])
    emu.create_user(pool.pool_id, "frank", PASSWORD, email="frank@example.com")
    authenticator = PasskeyAuthenticator(origin="https://localhost")

    with CognitoPy(pool.pool_id, pool.secret_client_id, pool.client_secret, secret_hash=True) as cognito:
        before = cognito.sign_in("frank")
        step("sign_in: frank's options before he has a passkey", before.available_challenges)

        signed_in = cognito.sign_in("frank", preferred_challenge="PASSWORD", password=PASSWORD)
        step("sign_in with his password (registering a passkey takes an access token)", signed_in.signed_in)
        access = (signed_in.tokens or {})["access_token"]
        options = cognito.start_passkey_registration(access)
        step(
            "start_passkey_registration: options for navigator.credentials.create()",
            f"rp id={options['rp']['id']!r}, user name={options['user']['name']!r}, "
            f"challenge={short(options['challenge'])}",
        )
        credential = authenticator.create(options)  # the browser's part
        cognito.complete_passkey_registration(access, credential)
        step("complete_passkey_registration: credential id", short(credential["id"]))

        choice = cognito.sign_in("frank")
        step("sign_in: his options with a passkey", choice.available_challenges)
        asked = cognito.confirm_sign_in(choice, answer="WEB_AUTHN")
        request = json.loads(asked.parameters["CREDENTIAL_REQUEST_OPTIONS"])
        step("he picks WEB_AUTHN: options for navigator.credentials.get()", f"rpId={request['rpId']!r}")
        done = cognito.confirm_sign_in(asked, credential=authenticator.get(request))
        step("confirm_sign_in with the signed assertion: signed in", done.signed_in)

    # Named up front, on a mandate-style object that keeps the tokens; then list and delete.
    cog = Cognito(pool.pool_id, pool.public_client_id, username="frank")
    asked = await cog.sign_in(preferred_challenge="WEB_AUTHN")
    await cog.confirm_sign_in(asked, credential=authenticator.get(asked.parameters["CREDENTIAL_REQUEST_OPTIONS"]))
    claims = cog.access_claims or {}
    step("Cognito.sign_in(preferred_challenge='WEB_AUTHN'), answered: stored token's username", claims.get("username"))
    passkeys = await cog.list_passkeys()
    listed = [f"{p['FriendlyCredentialName']} for {p['RelyingPartyId']}" for p in passkeys]
    step("list_passkeys: name for relying party", listed)
    await cog.delete_passkey(passkeys[0]["CredentialId"])
    step("delete_passkey, then list_passkeys", await cog.list_passkeys())
