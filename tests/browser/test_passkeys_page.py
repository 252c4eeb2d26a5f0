"""The passkeys example page in a real headless Chromium, with a virtual platform authenticator,
against the strict emulator: sign up and sign in by emailed code, register a passkey, sign out,
sign in with it; managed login to the verified claims; a cancelled ceremony and a foreign
origin refused, the user staying signed out."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import Page, Site

pytestmark = pytest.mark.browser

PASSWORD = "Passw0rd!x"


def new_user(site: Site) -> str:
    username = f"ann-{uuid.uuid4().hex[:8]}"
    site.emulator.create_user(site.pool.pool_id, username, PASSWORD, email=f"{username}@example.com")
    return username


def sign_in_with_code(page: Page, site: Site, username: str, origin: str | None = None) -> None:
    page.open(f"{origin or site.url}/")
    page.loaded()
    page.fill("#username", username)
    page.click("#send-code")
    page.wait_text("#code-sent", "sign-in code")
    page.fill("#code", site.code(username, "email_otp"))
    page.click("#verify-code")
    page.wait_text("#status", f"Signed in as {username} (via email code)")


def register_passkey(page: Page) -> None:
    page.click("#register-passkey")
    page.wait_text("#message", "Passkey added.")


def sign_out(page: Page) -> None:
    page.click("#sign-out")
    page.wait_text("#status", "Signed out.")


def signed_in_on_server(page: Page) -> bool:
    """What the app's session says (not the page's text)."""
    me = page.js_async("const done = arguments[0]; fetch('/api/me').then(r => r.json()).then(done, e => done(null));")
    return bool(me and me["signed_in"])


def test_sign_up_register_a_passkey_sign_out_and_sign_in_with_it(site: Site, page: Page) -> None:
    username = f"bea-{uuid.uuid4().hex[:8]}"
    page.open(f"{site.url}/")
    page.loaded()
    assert page.text("#status") == "Signed out."
    page.fill("#signup-username", username)
    page.fill("#signup-email", f"{username}@example.com")
    page.click("#sign-up")
    page.wait_text("#code-sent", "to confirm your sign-up")
    # The local emulator's outbox, as the page shows it to someone running the example by hand.
    page.wait_text("#inbox", site.code(username, "signup"))
    page.fill("#code", site.code(username, "signup"))
    page.click("#verify-code")
    page.wait_text("#code-sent", "sign-in code")
    page.fill("#code", site.code(username, "email_otp"))
    page.click("#verify-code")
    page.wait_text("#status", f"Signed in as {username} (via email code)")
    assert page.text("#passkeys") == "none yet"

    register_passkey(page)
    assert page.text("#passkeys").startswith("Passkey 1 (")
    (stored,) = page.credentials()  # the authenticator's resident key, for the relying party localhost
    assert stored["rpId"] == "localhost" and stored["isResidentCredential"]
    registration = page.js("return window.passkeyDemo.lastRegistration")
    assert registration["authenticatorAttachment"] == "platform"
    assert registration["response"]["transports"] == ["internal"]
    assert stored["credentialId"].rstrip("=").replace("+", "-").replace("/", "_") == registration["id"]

    sign_out(page)
    assert not signed_in_on_server(page)
    page.fill("#username", username)
    page.click("#passkey-sign-in")
    page.wait_text("#status", f"Signed in as {username} (via passkey)")
    assert page.text("#message") == "Signed in with your passkey."
    assert signed_in_on_server(page)
    assertion = page.js("return window.passkeyDemo.lastAssertion")
    assert assertion["id"] == registration["id"] and assertion["response"]["userHandle"]
    page.screenshot()


def test_managed_login_lands_on_the_verified_claims(site: Site, page: Page) -> None:
    username = new_user(site)
    page.open(f"{site.url}/")
    page.loaded()
    page.click("#managed-login")
    # The emulator's hosted sign-in page (another origin: the emulator's), then back to /callback.
    page.wait("the managed login's sign-in page", lambda: page.driver.current_url.startswith(site.emulator.url))
    assert "/oauth2/authorize" in page.driver.current_url or "/login" in page.driver.current_url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_text("#status", f"Signed in as {username} (via managed login)")
    assert page.driver.current_url == f"{site.url}/claims"
    access = page.text("table[data-token='Access token']")
    assert f"username {username}" in access
    assert "token_use access" in access and f"client_id {site.pool.public_client_id}" in access
    assert "scope openid email profile" in access or "scope openid profile email" in access
    id_claims = page.text("table[data-token='ID token']")
    assert f"email {username}@example.com" in id_claims and "token_use id" in id_claims
    page.screenshot()
    page.click("#home")
    page.wait_text("#status", f"Signed in as {username} (via managed login)")


def test_a_cancelled_ceremony_shows_an_error_and_leaves_the_user_signed_out(site: Site, page: Page) -> None:
    username = new_user(site)
    sign_in_with_code(page, site, username)
    register_passkey(page)
    sign_out(page)

    # The user fails the authenticator's verification (fingerprint, PIN): the browser reports NotAllowedError.
    page.authenticator_call("setUserVerified", isUserVerified=False)
    page.fill("#username", username)
    page.click("#passkey-sign-in")
    page.wait_text("#error", "cancelled or not allowed (NotAllowedError)")
    assert page.text("#status") == "Signed out."
    assert not signed_in_on_server(page)

    # The user walks away and presses Cancel: the page aborts the ceremony (AbortController).
    page.authenticator_call("setUserVerified", isUserVerified=True)
    page.authenticator_call("setAutomaticPresenceSimulation", enabled=False)
    page.click("#passkey-sign-in")
    page.wait("the ceremony in progress", lambda: page.visible("#cancel-ceremony"))
    page.click("#cancel-ceremony")
    page.wait_text("#error", "cancelled or not allowed (AbortError)")
    assert page.text("#status") == "Signed out."
    assert not signed_in_on_server(page)
    page.screenshot()

    # The same passkey still works once the user confirms.
    page.authenticator_call("setAutomaticPresenceSimulation", enabled=True)
    page.click("#passkey-sign-in")
    page.wait_text("#status", f"Signed in as {username} (via passkey)")


def test_a_foreign_origin_is_refused(site: Site, page: Page) -> None:
    """The same app at http://127.0.0.1:PORT: not the relying party ``localhost``'s origin. The
    browser refuses both ceremonies there (SecurityError), and no passkey is added."""
    username = new_user(site)
    sign_in_with_code(page, site, username)
    register_passkey(page)
    sign_out(page)

    page.open(f"{site.server.ip_url}/")
    page.loaded()
    page.fill("#username", username)
    page.click("#passkey-sign-in")
    page.wait_text("#error", "(SecurityError)")
    assert site.server.ip_url in page.text("#error")
    assert page.text("#status") == "Signed out."
    assert not signed_in_on_server(page)

    sign_in_with_code(page, site, username, origin=site.server.ip_url)
    page.click("#register-passkey")
    page.wait_text("#error", "(SecurityError)")
    assert page.text("#passkeys").startswith("Passkey 1 (") and "Passkey 2" not in page.text("#passkeys")
    assert len(page.credentials()) == 1
    page.screenshot()
