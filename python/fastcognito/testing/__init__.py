"""A strict local Cognito for tests and development (moto underneath), and pytest fixtures.

Install with ``pip install 'fastcognito[testing]'``. The pytest plugin
(:mod:`fastcognito.testing.plugin`) is registered automatically and gives every test suite
the fixtures ``cognito_emulator``, ``cognito_pool``, ``cognito_user`` and ``cognito_env``.

>>> with Emulator() as emu:
...     pool = emu.setup()
...     user = emu.create_user(pool.pool_id, "alice", "Passw0rd!x", email="alice@example.com")

"Strict" means the emulator refuses what Cognito refuses and moto accepts: a wrong
SECRET_HASH, a wrong SRP proof, a wrong confirmation or MFA code. See
:mod:`fastcognito.testing.strict`.

Lambda triggers are Python callables registered on a pool; each receives Cognito's event (a
dict) and returns it with its ``response`` filled in (or fills it in place and returns None)::

    def define(event):
        session = event["request"]["session"]
        if session and session[-1]["challengeResult"]:
            event["response"].update(issueTokens=True, failAuthentication=False)
        else:
            event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
        return event

    pool.set_trigger("DefineAuthChallenge", define)   # or emu.set_trigger(pool.pool_id, ...)
    pool.trigger_events("DefineAuthChallenge")        # what it received, and answered
    pool.client_metadata("SignUp")                    # the ClientMetadata each SignUp sent

The triggers run (with Cognito's event shapes and trigger sources): ``PreSignUp``,
``PostConfirmation``, ``CustomMessage``, and ``DefineAuthChallenge``,
``CreateAuthChallenge``, ``VerifyAuthChallengeResponse`` for ``CUSTOM_AUTH`` (the app clients
allow it). Which operation runs which, and with what ``clientMetadata``:
:mod:`fastcognito.testing.triggers`. A callable that raises fails the call with
UserLambdaValidationException, as a failing Lambda function does. The callables run in this
process, in a thread of their own, so they may use the test's state (and call the emulator).
"""

from __future__ import annotations

import importlib.util
import json
import select
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .trigger_host import TRIGGERS, Trigger, TriggerHost

__all__ = [
    "Emulator",
    "Pool",
    "User",
    "EmulatorError",
    "environment",
    "DEFAULT_PASSWORD",
    "REAL_AWS_SETTINGS",
    "PasskeyAuthenticator",
]

if TYPE_CHECKING:
    from .authenticator import PasskeyAuthenticator


def __getattr__(name: str) -> Any:
    # Imported on first use: it needs `cryptography` (which moto brings), the rest does not.
    if name == "PasskeyAuthenticator":
        from .authenticator import PasskeyAuthenticator

        return PasskeyAuthenticator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Real AWS settings that must not follow requests to the emulator (a session token, a
#: profile) or send them past it (endpoint overrides): cleared wherever the emulator is used.
REAL_AWS_SETTINGS = ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_ENDPOINT_URL")

#: The password ``fastcognito local`` and the ``cognito_user`` fixture give their user (it
#: meets the emulator's password policy: 8+ characters, upper and lower case, a digit).
DEFAULT_PASSWORD = "Passw0rd!local"

# Control requests go straight to the emulator on loopback, never through an HTTP proxy.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EmulatorError(RuntimeError):
    """The emulator could not start, or refused a control request."""


@dataclass(frozen=True)
class Pool:
    """A user pool in the emulator, with a public app client and one with a secret."""

    region: str
    pool_id: str
    public_client_id: str
    secret_client_id: str
    client_secret: str
    #: The emulator the pool lives in (set by :meth:`Emulator.setup`), for the trigger methods.
    emulator: Emulator | None = field(default=None, compare=False)
    #: The machine-to-machine app client (client credentials only) of ``resource_server``, and
    #: its secret; None when the pool was set up without one.
    m2m_client_id: str | None = None
    m2m_client_secret: str | None = None

    def __repr__(self) -> str:
        return (
            f"Pool(region={self.region!r}, pool_id={self.pool_id!r}, "
            f"public_client_id={self.public_client_id!r}, secret_client_id={self.secret_client_id!r}, "
            f"m2m_client_id={self.m2m_client_id!r})"
        )

    def _emulator(self) -> Emulator:
        if self.emulator is None:
            raise EmulatorError("this Pool was not made by Emulator.setup(): use the Emulator's methods")
        return self.emulator

    def set_trigger(self, trigger: str, function: Trigger | None) -> None:
        """Registers ``function`` as the pool's ``trigger`` (None removes it); see :meth:`Emulator.set_trigger`."""
        self._emulator().set_trigger(self.pool_id, trigger, function)

    def trigger_events(self, trigger: str | None = None) -> list[dict[str, Any]]:
        """What the pool's triggers received and answered; see :meth:`Emulator.trigger_events`."""
        return self._emulator().trigger_events(self.pool_id, trigger)

    def client_metadata(self, operation: str | None = None) -> list[dict[str, Any]]:
        """The ClientMetadata each call sent; see :meth:`Emulator.client_metadata`."""
        return self._emulator().client_metadata(self.pool_id, operation)

    def context_data(self, operation: str | None = None) -> list[dict[str, Any]]:
        """The context data each call carried; see :meth:`Emulator.context_data`."""
        return self._emulator().context_data(self.pool_id, operation)


@dataclass(frozen=True)
class User:
    """A confirmed user with a permanent password."""

    pool_id: str
    username: str
    password: str
    attributes: dict[str, str]

    def __repr__(self) -> str:
        return f"User(pool_id={self.pool_id!r}, username={self.username!r})"


class Emulator:
    """A strict moto-based Cognito server in a child process, on loopback.

    ``port=0`` (the default) picks a free port. Use it as a context manager, or call
    :meth:`start` and :meth:`stop`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, startup_timeout: float = 60.0) -> None:
        self.host = host
        self.port = port
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self._triggers: TriggerHost | None = None

    def start(self) -> Emulator:
        """Starts the server and waits (up to ``startup_timeout`` seconds) until it listens;
        :attr:`url` is then its address. The server stops when this process ends, however
        it ends: it exits when its stdin (a pipe from here) closes."""
        missing = [name for name in ("moto", "werkzeug") if importlib.util.find_spec(name) is None]
        if missing:
            raise EmulatorError(f"the emulator needs {' and '.join(missing)}: pip install 'fastcognito[emulator]'")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fastcognito.testing.server", "--host", self.host, "--port", str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            line = self._first_line()
            if not line.startswith("READY "):
                reason = line.removeprefix("ERROR ").strip() or "it exited before listening"
                raise EmulatorError(f"the emulator did not start: {reason}")
            host = f"[{self.host}]" if ":" in self.host else self.host
            self.url = f"http://{host}:{int(line.split()[1])}"
        except BaseException:  # a timeout, Ctrl-C or SIGTERM while starting: leave no child behind
            self.stop()
            raise
        return self

    def _first_line(self) -> str:
        """The server's first line of output, within ``startup_timeout``."""
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], self.startup_timeout)
        if not ready:
            raise EmulatorError(f"the emulator did not start within {self.startup_timeout:g} s")
        return self.process.stdout.readline()

    def stop(self) -> None:
        """Stops the server (and forgets every pool)."""
        process, self.process = self.process, None
        triggers, self._triggers = self._triggers, None
        if triggers is not None:
            triggers.close()
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def __deepcopy__(self, memo: dict[int, Any]) -> Emulator:
        return self  # a running server, not a value: copies of a Pool share it

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _control(self, name: str, body: dict[str, Any] | None = None, **query: str) -> Any:
        url = f"{self.url}/_emulator/{name}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        try:
            with _DIRECT.open(urllib.request.Request(url, data=data), timeout=30) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise EmulatorError(f"{name}: {exc.read().decode(errors='replace')}") from None
        except (OSError, ValueError) as exc:  # unreachable (it died?), timed out, not JSON
            raise EmulatorError(f"{name}: the emulator did not answer: {exc}") from None

    def setup(self, **options: Any) -> Pool:
        """A fresh pool with a public app client and one with a secret.

        Options: ``name``, ``username_attributes`` (e.g. ``["email"]``), ``first_factors``
        (the pool's AllowedFirstAuthFactors for USER_AUTH, e.g. ``["PASSWORD", "EMAIL_OTP",
        "SMS_OTP"]``; Cognito's default is ``["PASSWORD"]``); passkeys:
        ``relying_party_id`` (default ``"localhost"``), ``passkey_user_verification``
        (``"preferred"``, the default, or ``"required"``); ``refresh_token_rotation`` (True: both app clients rotate refresh tokens, and refuse
        REFRESH_TOKEN_AUTH) with ``retry_grace_period_seconds`` (0 to 60, fractions allowed;
        default 0), ``mfa_configuration`` ("OFF", "OPTIONAL" or "ON"); ``issuer_format``
        ("original", the default, or "updated": the pool's tokens then carry
        ``iss`` = ``https://issuer-cognito-idp.{region}.amazonaws.com/{pool}``, as with
        Cognito's IssuerConfiguration UPDATED, which UpdateUserPool also sets).

        Remembered devices: ``device_tracking`` (None, the default: the pool remembers no
        device; ``"always"``: ConfirmDevice remembers the device at once; ``"user_opt_in"``:
        ConfirmDevice answers UserConfirmationNecessary and the device is remembered only
        after UpdateDeviceStatus), ``challenge_required_on_new_device`` (default True: a
        remembered device signs in in place of MFA; False: MFA stays). Threat protection:
        ``threat_protection`` (``"OFF"``, Cognito's default, ``"AUDIT"`` or ``"ENFORCED"``):
        with AUDIT or ENFORCED each sign-in attempt is an auth event (AdminListUserAuthEvents,
        AdminUpdateAuthEventFeedback); no risk is ever scored.

        Managed login (the OAuth 2.0 endpoints, served at :attr:`url` for every pool: ``/oauth2/
        authorize``, ``/login``, ``/oauth2/token``, ``/oauth2/userInfo``, ``/oauth2/revoke``,
        ``/logout``, ``/{pool}/.well-known/openid-configuration``): both app clients are allowed
        the authorization-code flow, with ``callback_urls`` (default
        ``["http://localhost/callback"]``), ``logout_urls`` (default ``["http://localhost/"]``)
        and ``oauth_scopes`` (default ``["openid", "email", "profile",
        "aws.cognito.signin.user.admin"]``). ``resource_server`` (e.g. ``{"identifier": "api",
        "scopes": ["read", "write"]}``) creates that resource server and a third app client, with
        a secret, allowed only client credentials for its scopes (``api/read``, ``api/write``):
        :attr:`Pool.m2m_client_id` and :attr:`Pool.m2m_client_secret`. App clients created or
        updated through the API (CallbackURLs, AllowedOAuthFlows, AllowedOAuthScopes...) and
        CreateResourceServer are honoured the same way. :meth:`authorize` signs a user in on the
        sign-in page without a browser.
        """
        return Pool(**self._control("setup", options), emulator=self)

    def create_user(self, pool_id: str, username: str, password: str, **attributes: str) -> User:
        """A confirmed user with a permanent password; ``email``/``phone_number`` are verified."""
        body = {"pool_id": pool_id, "username": username, "password": password, "attributes": attributes}
        created = self._control("user", body)
        return User(pool_id, created["username"], password, dict(attributes))

    def codes(self, pool_id: str, username: str) -> dict[str, str | None]:
        """The codes last "sent" to a user: ``{"signup": ..., "forgot": ..., "mfa": ...}``."""
        return self._control("codes", None, pool_id=pool_id, username=username)  # type: ignore[no-any-return]

    def code(self, pool_id: str, username: str, purpose: str = "signup") -> str:
        """The last code "sent" to a user for ``purpose`` (``signup``, ``forgot``, ``mfa``,
        ``verify:email``, ``verify:phone_number``, and for USER_AUTH ``email_otp``, ``sms_otp``,
        ``email_mfa``); EmulatorError if none was sent."""
        found = self.codes(pool_id, username).get(purpose)
        if not found:
            raise EmulatorError(f"no {purpose} code was sent to {username!r}")
        return found

    def jwks_fetches(self, pool_id: str) -> int:
        """How many times the pool's signing keys (JWKS) have been downloaded."""
        return int(self._control("stats", None, pool_id=pool_id)["jwks_fetches"])

    def enable_sms_mfa(self, pool_id: str, username: str) -> None:
        """Makes the user's next password login answer with an SMS_MFA challenge."""
        self._control("sms_mfa", {"pool_id": pool_id, "username": username})

    def set_user_mfa(
        self, pool_id: str, username: str, factor: str, *, enabled: bool = True, preferred: bool = False
    ) -> dict[str, Any]:
        """Turns one of the user's MFA factors (``EMAIL_OTP``, ``SMS_MFA``, ``SOFTWARE_TOKEN_MFA``)
        on or off, as AdminSetUserMFAPreference would; ``{"enabled": [...], "preferred": ...}``."""
        body = {"pool_id": pool_id, "username": username, "factor": factor, "enabled": enabled}
        return self._control("user_mfa", dict(body, preferred=preferred))  # type: ignore[no-any-return]

    def set_first_factors(self, pool_id: str, factors: list[str]) -> None:
        """The pool's allowed first factors for USER_AUTH (``PASSWORD``, ``EMAIL_OTP``,
        ``SMS_OTP``, ``WEB_AUTHN``)."""
        self._control("first_factors", {"pool_id": pool_id, "first_factors": list(factors)})

    def expire_sign_in_sessions(self, pool_id: str) -> int:
        """Makes every USER_AUTH sign-in in progress in the pool outlive its session (as if
        AuthSessionValidity had passed); how many there were."""
        return int(self._control("expire_sessions", {"pool_id": pool_id})["expired"])

    def expire_sign_in_codes(self, pool_id: str) -> int:
        """Makes the one-time codes of the sign-ins in progress in the pool expire."""
        return int(self._control("expire_codes", {"pool_id": pool_id})["expired"])

    def set_refresh_token_rotation(self, client_id: str, enabled: bool = True, grace_period: float = 0.0) -> None:
        """Turns refresh-token rotation on or off for an app client; a rotated-out refresh token
        is refused ``grace_period`` seconds (0 to 60, fractions allowed) after its rotation."""
        self._control("rotation", {"client_id": client_id, "enabled": enabled, "grace_period": grace_period})

    def requests(self, client_or_pool_id: str) -> dict[str, int]:
        """How many requests of each operation the emulator received for an app client
        (``ClientId``) or, for admin calls, a pool (``UserPoolId``); requests to the managed
        login's token and revocation endpoints count as ``"oauth2/token"`` and
        ``"oauth2/revoke"`` for the client they name."""
        return self._control("requests", None, id=client_or_pool_id)  # type: ignore[no-any-return]

    def authorize(self, authorization_url: str, username: str, password: str) -> str:
        """Signs ``username`` in on the managed login's page as a browser would: GETs
        ``authorization_url`` (the emulator's ``/oauth2/authorize?...``), posts the page's form
        with the password, and returns the redirect's Location, not followed (the app's
        callback with ``code`` and ``state``; or with ``error=`` when Cognito would redirect an
        error to the app). EmulatorError with the page's message when the sign-in fails (a
        wrong password) or the request cannot be redirected (an unknown client or
        redirect_uri)."""
        from .login_page import SignInRefused, sign_in_through_page

        try:
            return sign_in_through_page(authorization_url, username, password)
        except SignInRefused as exc:
            raise EmulatorError(str(exc)) from None
        except OSError as exc:
            raise EmulatorError(f"authorize: the emulator did not answer: {exc}") from None

    def expire_authorization_codes(self, pool_id: str) -> int:
        """Makes the managed login's authorization codes of the pool that wait for their
        exchange expire (as if their five minutes had passed); how many there were."""
        return int(self._control("expire_authorization_codes", {"pool_id": pool_id})["expired"])

    def access_keys(self, client_or_pool_id: str) -> list[str]:
        """The access key id (from the SigV4 ``Credential=``) of each signed request the emulator
        received for an app client or a pool, oldest first: which credentials signed the calls."""
        return self._control("access_keys", None, id=client_or_pool_id)["access_keys"]  # type: ignore[no-any-return]

    def reset(self) -> None:
        """Forgets every pool, user and code."""
        self._control("reset", {})

    def set_trigger(self, pool_id: str, trigger: str, function: Trigger | None) -> None:
        """Registers ``function`` as the pool's ``trigger`` Lambda (``"PreSignUp"``,
        ``"PostConfirmation"``, ``"CustomMessage"``, ``"DefineAuthChallenge"``,
        ``"CreateAuthChallenge"``, ``"VerifyAuthChallengeResponse"``); None removes it. It is
        called with Cognito's event and returns the event with its ``response`` (or None)."""
        if trigger not in TRIGGERS:
            raise ValueError(f"unknown trigger {trigger!r}: one of {', '.join(TRIGGERS)}")
        if function is not None and not callable(function):
            raise TypeError("the trigger must be a callable (or None to remove it)")
        url = None
        if function is not None:
            if self._triggers is None:
                self._triggers = TriggerHost()
            url = self._triggers.url_for(function)
        self._control("triggers", {"pool_id": pool_id, "trigger": trigger, "url": url})

    def trigger_events(self, pool_id: str, trigger: str | None = None) -> list[dict[str, Any]]:
        """Every trigger call of the pool, oldest first (or only those of ``trigger``): each
        ``{"trigger": name, "event": the event sent, "response": what the function answered}``."""
        events: list[dict[str, Any]] = self._control("trigger_events", None, pool_id=pool_id)["events"]
        return [e for e in events if trigger is None or e["trigger"] == trigger]

    def client_metadata(self, pool_id: str, operation: str | None = None) -> list[dict[str, Any]]:
        """Every call to the pool of an operation that takes ClientMetadata, oldest first (or
        only those of ``operation``): ``{"operation": name, "client_metadata": dict or None}``."""
        calls: list[dict[str, Any]] = self._control("metadata", None, pool_id=pool_id)["calls"]
        return [c for c in calls if operation is None or c["operation"] == operation]

    def context_data(self, pool_id: str, operation: str | None = None) -> list[dict[str, Any]]:
        """Every call to the pool of an operation that takes context data, oldest first (or
        only those of ``operation``): ``{"operation": name, "UserContextData": dict or None}``
        for the public operations, ``{"operation": name, "ContextData": dict or None}`` for
        AdminInitiateAuth and AdminRespondToAuthChallenge."""
        calls: list[dict[str, Any]] = self._control("context_data", None, pool_id=pool_id)["calls"]
        return [c for c in calls if operation is None or c["operation"] == operation]


def environment(url: str, pool: Pool) -> dict[str, str]:
    """The variables that point fastcognito (and boto3) at the emulator at ``url``, and name
    ``pool`` and its public app client for the ``fastcognito`` CLI. The AWS keys are dummy
    ones: admin calls are signed, the emulator ignores the keys, and real ones must neither
    reach it nor be printed by ``fastcognito local``."""
    return {
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": pool.region,
        "AWS_EC2_METADATA_DISABLED": "true",
        "FASTCOGNITO_POOL_ID": pool.pool_id,
        "FASTCOGNITO_CLIENT_ID": pool.public_client_id,
    }
