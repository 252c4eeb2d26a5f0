"""The login glue (OAuthLogin for Starlette/FastAPI and for Flask) through the example apps
(examples/fastapi_login.py, examples/flask_signin.py) and their frameworks' test clients, the
strict emulator's managed login playing Cognito and ``Emulator.authorize`` the user."""

from __future__ import annotations

import base64
import json
import secrets
import time
import urllib.parse
from typing import Any

import pytest

from fastcognito.integrations import _login
from fastcognito.testing import Emulator, Pool, User
from fastcognito.verifier import TokenVerifier
from tests.integrations.oauth_clients import oauth_client
from tests.integrations.test_verifier_and_glue import example

CALLBACK = "http://localhost/callback"


class Browser:
    """One browser (its own cookies) on one example app."""

    def __init__(self, framework: str, oauth: Any, verifier: TokenVerifier) -> None:
        self.framework = framework
        key = self.secret_key = secrets.token_urlsafe(32)
        if framework == "flask":
            self.client: Any = example("flask_signin").create_app(oauth, verifier, secret_key=key).test_client()
        else:
            from fastapi.testclient import TestClient

            app = example("fastapi_login").create_app(oauth, verifier, secret_key=key)
            self.client = TestClient(app, base_url="http://localhost", follow_redirects=False)

    def get(self, url: str) -> Any:
        return self.client.get(url)

    def json(self, response: Any) -> Any:
        return response.get_json() if self.framework == "flask" else response.json()

    def text(self, response: Any) -> str:
        return response.get_data(as_text=True) if self.framework == "flask" else response.text  # type: ignore[no-any-return]

    def login_cookie(self) -> str | None:
        if self.framework == "flask":
            return None
        return self.client.cookies.get("fastcognito_login")  # type: ignore[no-any-return]

    def reason(self, response: Any) -> str:
        body = self.json(response)
        return str(body.get("detail") or body.get("error_description"))


@pytest.fixture(params=["fastapi", "fastapi-async", "flask"])
def framework(request: pytest.FixtureRequest) -> str:
    if request.param.startswith("fastapi"):
        pytest.importorskip("fastapi")
        pytest.importorskip("httpx")
    else:
        pytest.importorskip("flask")
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def new_browser(framework: str, cognito_emulator: Emulator, cognito_pool: Pool) -> Any:
    def make() -> Browser:
        oauth = oauth_client(
            cognito_emulator.url, cognito_pool.public_client_id, CALLBACK, awaitable=framework == "fastapi-async"
        )
        verifier = TokenVerifier(cognito_pool.pool_id, cognito_pool.public_client_id, endpoint_url=cognito_emulator.url)
        return Browser(framework.partition("-")[0], oauth, verifier)

    return make


def start_login(browser: Browser, emulator: Emulator) -> str:
    """GET /login; the URL of Cognito's sign-in page it redirects to."""
    response = browser.get("/login")
    assert response.status_code == 302, browser.text(response)
    location = response.headers["Location"]
    assert location.startswith(f"{emulator.url}/oauth2/authorize?")
    assert response.headers["Cache-Control"] == "no-store"
    return location  # type: ignore[no-any-return]


def test_sign_in_then_see_the_claims(
    new_browser: Any, cognito_emulator: Emulator, cognito_pool: Pool, cognito_user: User
) -> None:
    browser = new_browser()
    assert "Sign in" in browser.text(browser.get("/"))
    to_cognito = start_login(browser, cognito_emulator)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(to_cognito).query))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == CALLBACK and len(query["state"]) >= 24
    if browser.framework == "fastapi":
        set_cookie = browser.get("/login").headers["set-cookie"]
        assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Max-Age=600" in set_cookie
        to_cognito = start_login(browser, cognito_emulator)  # the latest login is the one that counts

    back = cognito_emulator.authorize(to_cognito, cognito_user.username, cognito_user.password)
    assert back.startswith(f"{CALLBACK}?")
    answer = browser.get(back)
    assert answer.status_code == 303, browser.text(answer)
    assert answer.headers["Location"] == "/"
    assert browser.login_cookie() is None  # one login, one use

    page = browser.get("/")
    assert page.status_code == 200, browser.text(page)
    body = browser.json(page)
    assert body["signed_in_as"] == cognito_user.username
    assert body["claims"]["client_id"] == cognito_pool.public_client_id
    assert set(body["claims"]["scope"].split()) == {"openid", "email", "profile"}

    # The same callback again: the login is spent (no state in this browser any more).
    again = browser.get(back)
    assert again.status_code == 400
    assert "no sign-in is in progress" in browser.reason(again)


def test_callback_in_a_browser_that_did_not_start_the_login(
    new_browser: Any, cognito_emulator: Emulator, cognito_user: User
) -> None:
    victim, attacker = new_browser(), new_browser()
    back = cognito_emulator.authorize(
        start_login(attacker, cognito_emulator), cognito_user.username, cognito_user.password
    )
    # Login CSRF: the attacker's code pushed into another browser is refused, with or without
    # a login of its own in progress.
    refused = victim.get(back)
    assert refused.status_code == 400
    assert "no sign-in is in progress" in victim.reason(refused)
    start_login(victim, cognito_emulator)
    refused = victim.get(back)
    assert refused.status_code == 400
    assert "does not match" in victim.reason(refused)
    assert "Sign in" in victim.text(victim.get("/"))
    # the attacker's own browser still completes its login
    assert attacker.get(back).status_code == 303


@pytest.mark.parametrize("query", ["", "?code=abc", "?state="])
def test_callback_without_a_state(new_browser: Any, cognito_emulator: Emulator, query: str) -> None:
    browser = new_browser()
    start_login(browser, cognito_emulator)
    answer = browser.get(f"/callback{query}")
    assert answer.status_code == 400
    assert "does not match" in browser.reason(answer)


def test_error_from_cognito(new_browser: Any, cognito_emulator: Emulator) -> None:
    browser = new_browser()
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start_login(browser, cognito_emulator)).query))["state"]
    answer = browser.get(f"/callback?error=access_denied&error_description=nope+%3Cb%3E&state={state}")
    assert answer.status_code == 400
    assert browser.reason(answer) == "the sign-in failed: access_denied"


def test_a_code_that_is_not_this_logins(new_browser: Any, cognito_emulator: Emulator, cognito_user: User) -> None:
    browser = new_browser()
    first = cognito_emulator.authorize(
        start_login(browser, cognito_emulator), cognito_user.username, cognito_user.password
    )
    second = start_login(browser, cognito_emulator)
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(second).query))["state"]
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(first).query))["code"]
    # the first login's code with the second's state: its PKCE verifier is not the code's
    answer = browser.get(f"/callback?code={code}&state={state}")
    assert answer.status_code == 400, browser.text(answer)
    assert "authorization code was refused" in browser.reason(answer)
    assert code not in browser.text(answer)


def test_a_forged_login_cookie(
    framework: str, new_browser: Any, cognito_emulator: Emulator, cognito_user: User
) -> None:
    if not framework.startswith("fastapi"):
        pytest.skip("Flask keeps the login in its own signed session")
    browser = new_browser()
    back = cognito_emulator.authorize(
        start_login(browser, cognito_emulator), cognito_user.username, cognito_user.password
    )
    cookie = browser.login_cookie()
    assert cookie is not None
    payload, _, mac = cookie.partition(".")
    forged = f"{payload}.{mac[:-2]}{'AA' if mac[-2:] != 'AA' else 'BB'}"
    browser.client.cookies.clear()
    browser.client.cookies.set("fastcognito_login", forged)
    answer = browser.get(back)
    assert answer.status_code == 400
    assert "no sign-in is in progress" in browser.reason(answer)


def test_sealed_state() -> None:
    key = b"k" * 32
    sealed = _login.seal(key, "login", "the-state", "the-verifier", now=1000)
    assert _login.unseal(key, "login", sealed, 600, now=1000) == {"state": "the-state", "code_verifier": "the-verifier"}
    assert _login.unseal(key, "login", sealed, 600, now=1600) is not None
    assert _login.unseal(key, "login", sealed, 600, now=1601) is None  # too old
    assert _login.unseal(b"x" * 32, "login", sealed, 600, now=1000) is None  # another key
    assert _login.unseal(key, "other", sealed, 600, now=1000) is None  # another cookie's name
    payload, _, mac = sealed.partition(".")
    assert _login.unseal(key, "login", f"{payload}x.{mac}", 600, now=1000) is None
    for junk in ("", ".", "abc", "a.b.c", None):
        assert _login.unseal(key, "login", junk, 600, now=1000) is None


def test_arguments() -> None:
    from fastcognito.integrations.starlette import OAuthLogin

    client = oauth_client("http://127.0.0.1:1", "client", CALLBACK)
    with pytest.raises(ValueError, match="secret_key"):
        OAuthLogin(client, scopes=["openid"], secret_key="short")
    with pytest.raises(TypeError, match="not a str"):
        OAuthLogin(client, scopes="openid", secret_key="k" * 32)
    with pytest.raises(TypeError, match="OAuthClient"):
        OAuthLogin(object(), scopes=["openid"], secret_key="k" * 32)  # type: ignore[arg-type]
    assert "k" * 32 not in repr(OAuthLogin(client, scopes=["openid"], secret_key="k" * 32))


def test_example_demos_run() -> None:
    from tests.integrations.test_examples import run

    for script in ("fastapi_login.py", "flask_signin.py"):
        out = run(str(example.__globals__["EXAMPLES"] / script))
        assert out.returncode == 0, out.stderr[-3000:]
        said = {s.strip(): a.strip() for s, _, a in (line.partition("->") for line in out.stdout.splitlines())}
        assert said["GET /login"] == "302 to the sign-in page"
        assert said["GET /callback"] == "303"
        assert said["GET / (signed in)"] == "alice"
        assert said["GET /callback again"] == "400"


def test_flask_example_against_fastcognito_local_with_a_callback_url() -> None:
    """As the login examples' docstrings say: `fastcognito local --callback-url` registers the
    app's callback, and the app signs its user in there."""
    pytest.importorskip("flask")
    import json

    from tests.cli.support import start_local, stop

    url = "http://localhost:8000/callback"
    proc, errors, lines = start_local("--json", "--callback-url", url)
    try:
        local = json.loads(lines.next())
        env = local["env"]
        endpoint, pool_id, client_id = (
            env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"],
            env["FASTCOGNITO_POOL_ID"],
            env["FASTCOGNITO_CLIENT_ID"],
        )
        browser = Browser(
            "flask", oauth_client(endpoint, client_id, url), TokenVerifier(pool_id, client_id, endpoint_url=endpoint)
        )
        to_cognito = browser.get("/login").headers["Location"]
        assert dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(to_cognito).query))["redirect_uri"] == url
        from fastcognito.testing.login_page import sign_in_through_page

        back = sign_in_through_page(to_cognito, local["username"], local["password"])
        assert back.startswith(f"{url}?code=")
        assert browser.get(back).status_code == 303
        assert browser.json(browser.get("/"))["signed_in_as"] == local["username"]
    finally:
        stop(proc)
        errors.close()


def test_a_login_that_took_too_long(
    framework: str, new_browser: Any, cognito_emulator: Emulator, cognito_user: User
) -> None:
    browser = new_browser()
    back = cognito_emulator.authorize(
        start_login(browser, cognito_emulator), cognito_user.username, cognito_user.password
    )
    if browser.framework == "flask":
        with browser.client.session_transaction() as session:
            saved = dict(session["fastcognito_login"])
            session["fastcognito_login"] = {**saved, "t": saved["t"] - 601}
    else:
        cookie = browser.login_cookie()
        assert cookie is not None
        saved = _login.unseal(b"", "", cookie, 600)  # unsigned read is refused ...
        assert saved is None
        payload = json.loads(base64.urlsafe_b64decode(cookie.partition(".")[0] + "=="))
        key = browser.secret_key.encode()
        old = _login.seal(key, "fastcognito_login", payload["s"], payload["v"], now=time.time() - 601)
        browser.client.cookies.clear()
        browser.client.cookies.set("fastcognito_login", old)
    answer = browser.get(back)
    assert answer.status_code == 400
    assert "took too long" in browser.reason(answer)


def test_the_guide_snippets_compile() -> None:
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "web-glue.md"
    text = page.read_text()
    blocks = text.split("```python\n")[1:]
    assert len(blocks) >= 4
    for number, block in enumerate(blocks):
        compile(block.split("```", 1)[0], f"{page.name} python block {number + 1}", "exec")
