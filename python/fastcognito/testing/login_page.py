"""The managed login's sign-in page: plain HTML a real browser (or a headless one) can use,
a form posting the username, the password and the authorization request (hidden fields) to
``/login``; and :func:`sign_in_through_page`, which does what a browser does with it (used by
``Emulator.authorize``).
"""

from __future__ import annotations

import html
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

__all__ = ["REQUEST_FIELDS", "render", "sign_in_through_page", "SignInRefused"]

#: The authorization request's parameters, carried by the form's hidden fields.
REQUEST_FIELDS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "scope",
    "code_challenge",
    "code_challenge_method",
    "nonce",
    "login_hint",
)


def render(request: dict[str, str], error: str | None = None, status_message: str | None = None) -> bytes:
    """The sign-in page for ``request`` (``error``: why the last attempt failed)."""
    hidden = "\n".join(
        f'    <input type="hidden" name="{name}" value="{html.escape(request[name])}">'
        for name in REQUEST_FIELDS
        if request.get(name)
    )
    username = html.escape(request.get("username") or request.get("login_hint") or "")
    alert = f'  <p id="error" class="error" role="alert">{html.escape(error)}</p>\n' if error else ""
    note = f"  <p>{html.escape(status_message)}</p>\n" if status_message else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sign in</title>
  <style>body {{ font-family: sans-serif; max-width: 22em; margin: 3em auto; }}
  label, input {{ display: block; width: 100%; margin: .3em 0; }} .error {{ color: #b00; }}</style>
</head>
<body>
  <h1>Sign in</h1>
{note}{alert}  <form id="signin" method="post" action="/login">
{hidden}
    <label for="username">Username</label>
    <input id="username" name="username" type="text" autocomplete="username" value="{username}" required>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button id="submit" type="submit">Sign in</button>
  </form>
</body>
</html>
"""
    return page.encode()


def error_page(title: str, message: str) -> bytes:
    """The page shown for a request that cannot be redirected (a bad client or redirect_uri)."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
        f'<body><h1>{html.escape(title)}</h1><p id="error" class="error">{html.escape(message)}</p></body></html>\n'
    ).encode()


class SignInRefused(Exception):
    """The page refused the request or the sign-in (the message is the page's)."""


class _Form(HTMLParser):
    """The sign-in form's action and fields, and the page's error message."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self.error = ""
        self._in_error = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action is None:
            self.action = found.get("action", "")
        elif tag == "input" and found.get("name"):
            self.fields[found["name"]] = found.get("value", "")
        self._in_error = found.get("id") == "error"

    def handle_data(self, data: str) -> None:
        if self._in_error:
            self.error += data

    def handle_endtag(self, tag: str) -> None:
        self._in_error = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the redirect (to the app's callback) is the answer, not followed


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def _page(request: urllib.request.Request) -> tuple[int, str, str]:
    """(status, Location, body) of a request, redirects not followed."""
    try:
        with _OPENER.open(request, timeout=30) as resp:
            return resp.status, resp.headers.get("Location", ""), resp.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")


def sign_in_through_page(authorization_url: str, username: str, password: str) -> str:
    """GETs the sign-in page of ``authorization_url``, posts its form with ``username`` and
    ``password`` as a browser would, and returns the redirect's Location (the app's callback
    with ``code`` and ``state``, or with ``error``) without following it."""
    status, location, body = _page(urllib.request.Request(authorization_url))
    if status in (301, 302, 303, 307):
        return location  # an error Cognito redirects to the app (error=...)
    form = _Form()
    form.feed(body)
    if status != 200 or form.action is None:
        raise SignInRefused(form.error.strip() or f"the authorization page answered HTTP {status}")
    fields = dict(form.fields, username=username, password=password)
    action = urllib.parse.urljoin(authorization_url, form.action)
    post = urllib.request.Request(action, data=urllib.parse.urlencode(fields).encode(), method="POST")
    post.add_header("Content-Type", "application/x-www-form-urlencoded")
    status, location, body = _page(post)
    if status in (301, 302, 303, 307) and location:
        return location
    answer = _Form()
    answer.feed(body)
    raise SignInRefused(answer.error.strip() or f"the sign-in answered HTTP {status}")
