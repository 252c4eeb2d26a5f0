"""Choice-based sign-in (USER_AUTH) and the other flows as steps: ``sign_in`` starts, each
``confirm_sign_in`` answers what the last step asks, until a step is ``signed_in``.

Two mixins, one per family: :class:`SignInPlans` (cognitopy's: stateless, the caller keeps the
step) and :class:`MandateSignInPlans` (mandate's: the object's username, and a finished
sign-in stores and verifies its tokens on the object). Both share the plans below.
"""

from __future__ import annotations

from ._args import checked_metadata, enum_value, lazy_enums
from ._calls import Twinned, plan
from ._context import UserContext, checked_context
from ._devices import Device, answer_device, checked_device, with_device_key
from ._hints import hinted
from ._records import token_dict

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from . import _core
    from ._calls import Plan
    from ._core import InitiateAuthDict
    from .enums import AuthFlow

__all__ = ["SignInStep", "SignInPlans", "MandateSignInPlans"]


def __getattr__(name: str) -> object:
    # AuthFlow, for annotations evaluated at run time (typing.get_type_hints): see _hints.
    return lazy_enums(globals(), ("AuthFlow",), name)


#: What ``sign_in(auth_flow=...)`` accepts.
FLOWS = ("USER_AUTH", "USER_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_AUTH")
#: What ``preferred_challenge=`` (and SELECT_CHALLENGE's ``answer=``) may name.
FIRST_FACTORS = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")
#: Where each code goes in the answer to its challenge.
CODE_KEYS = {
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SMS_OTP": "SMS_OTP_CODE",
    "SMS_MFA": "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
}


class SignInStep:
    """Where a sign-in stands: finished (``signed_in``, ``tokens``) or waiting for the answer
    to ``challenge_name``, which :meth:`confirm_sign_in` sends. ``session`` and ``tokens``
    never appear in its repr."""

    __slots__ = (
        "signed_in",
        "tokens",
        "challenge_name",
        "available_challenges",
        "parameters",
        "session",
        "username",
        "device",
        "new_device",
    )

    def __init__(
        self,
        *,
        username: str,
        tokens: dict[str, Any] | None = None,
        challenge_name: str | None = None,
        available_challenges: list[str] | None = None,
        parameters: dict[str, str] | None = None,
        session: str | None = None,
        device: Device | None = None,
    ) -> None:
        #: True once Cognito has issued tokens.
        self.signed_in: bool = tokens is not None
        #: ``{access_token, refresh_token, id_token, expires_in, token_type}``, as ``login`` returns.
        self.tokens: dict[str, Any] | None = tokens
        #: The challenge to answer next (``SELECT_CHALLENGE``, ``EMAIL_OTP``...), None when signed in.
        self.challenge_name: str | None = challenge_name
        #: The first factors the user may choose (with ``SELECT_CHALLENGE``).
        self.available_challenges: list[str] = list(available_challenges or [])
        #: Cognito's challenge parameters (``CODE_DELIVERY_DESTINATION``, ``CREDENTIAL_REQUEST_OPTIONS``...).
        self.parameters: dict[str, str] = dict(parameters or {})
        #: The flow's session, which the next answer carries.
        self.session: str | None = session
        #: Cognito's internal username (the next answer's USERNAME and SECRET_HASH key).
        self.username: str = username
        #: The remembered device the sign-in started with: the next answers use it when
        #: Cognito asks for the device (DEVICE_SRP_AUTH).
        self.device: Device | None = device
        #: A finished sign-in's ``NewDeviceMetadata`` (``{device_key, device_group_key}``), to
        #: confirm with ``confirm_device``; None when Cognito handed out no device.
        self.new_device: dict[str, str] | None = (tokens or {}).get("new_device")

    def __repr__(self) -> str:
        if self.signed_in:
            return f"SignInStep(signed_in=True, username={self.username!r})"
        return (
            f"SignInStep(signed_in=False, challenge_name={self.challenge_name!r}, "
            f"available_challenges={self.available_challenges!r}, parameters={sorted(self.parameters)!r}, "
            f"username={self.username!r})"
        )


def internal_username(result: InitiateAuthDict, username: str) -> str:
    """Cognito's internal username, as an answer names it (else ``username``)."""
    params = result.get("ChallengeParameters") or {}
    return params.get("USER_ID_FOR_SRP") or params.get("USERNAME") or username


def step_of(
    core: _core.CoreClient,
    result: InitiateAuthDict,
    username: str,
    device: Device | None,
    metadata: dict[str, str] | None,
    context: UserContext | None = None,
) -> Plan[SignInStep]:
    """The step an InitiateAuth/RespondToAuthChallenge answer stands for, once Cognito's
    device challenges (if any, and with a device) are answered."""
    internal = internal_username(result, username)
    result = yield from answer_device(
        core, result, device, internal, admin=False, client_metadata=metadata, context=context
    )
    internal = internal_username(result, internal)
    auth = result.get("AuthenticationResult")
    if auth is not None and "ChallengeName" not in result:
        return SignInStep(username=internal, tokens=token_dict(auth), device=device)
    return SignInStep(
        username=internal,
        challenge_name=result.get("ChallengeName"),
        available_challenges=list(result.get("AvailableChallenges") or []),
        parameters=dict(result.get("ChallengeParameters") or {}),
        session=result.get("Session"),
        device=device,
    )


def _optional_str(name: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    return value


def start(
    core: _core.CoreClient,
    username: Any,
    auth_flow: Any,
    preferred_challenge: Any,
    password: Any,
    client_metadata: Any,
    device: Any = None,
    context: Any = None,
) -> Plan[SignInStep]:
    """The first request of a sign-in, checked before anything is sent."""
    if not isinstance(username, str) or not username:
        raise ValueError("sign_in needs a username (a non-empty str)")
    flow = enum_value(auth_flow, "AuthFlow") if not isinstance(auth_flow, str) else auth_flow
    if flow not in FLOWS:
        raise ValueError(f"auth_flow must be one of {', '.join(FLOWS)}")
    preferred = _optional_str("preferred_challenge", preferred_challenge)
    password = _optional_str("password", password)
    metadata, ctx = checked_metadata(client_metadata), checked_context(context)
    device = checked_device(device, ValueError)
    key = device.device_key if device is not None else None
    if preferred is not None and flow != "USER_AUTH":
        raise ValueError("preferred_challenge goes with auth_flow='USER_AUTH'")
    if preferred is not None and preferred not in FIRST_FACTORS:
        raise ValueError(f"preferred_challenge must be one of {', '.join(FIRST_FACTORS)}")
    wants_password = flow in ("USER_SRP_AUTH", "USER_PASSWORD_AUTH") or preferred in ("PASSWORD", "PASSWORD_SRP")
    if wants_password and password is None:
        what = f"preferred_challenge={preferred!r}" if flow == "USER_AUTH" else f"auth_flow={flow!r}"
        raise ValueError(f"{what} needs password=")
    if not wants_password and password is not None:
        raise ValueError(
            "password= goes with preferred_challenge='PASSWORD' or 'PASSWORD_SRP', or with "
            "auth_flow='USER_SRP_AUTH' or 'USER_PASSWORD_AUTH'"
        )
    if flow == "USER_SRP_AUTH" or preferred == "PASSWORD_SRP":
        assert password is not None
        if flow == "USER_SRP_AUTH":
            result = yield from core.srp_authenticate(username, password, metadata, key, ctx)
        else:
            result = yield from core.user_auth_password_srp(username, password, None, metadata, key, ctx)
        return (yield from step_of(core, result, username, device, metadata, ctx))
    params = with_device_key({"USERNAME": username}, device)
    if preferred is not None:
        params["PREFERRED_CHALLENGE"] = preferred
    if password is not None:
        params["PASSWORD"] = password
    result = yield from core.initiate_auth(flow, params, username, metadata, ctx)
    return (yield from step_of(core, result, username, device, metadata, ctx))


def _needs(step: SignInStep, given: dict[str, Any]) -> tuple[str, str]:
    """(the argument the step needs, what it is for); ValueError if one is missing or another
    is given as well."""
    name = step.challenge_name or ""
    if name == "SELECT_CHALLENGE":
        needed = {"answer"}
        if given.get("answer") in ("PASSWORD", "PASSWORD_SRP"):
            needed.add("password")
        elif given.get("answer") == "WEB_AUTHN":
            needed.add("credential")
        what = f"answer= (one of {', '.join(step.available_challenges) or 'the available challenges'})"
    elif name in CODE_KEYS:
        needed, what = {"code"}, f"code= (the {name} code)"
    elif name == "SELECT_MFA_TYPE":
        needed, what = {"answer"}, "answer= (one of the MFA types in MFAS_CAN_CHOOSE)"
    elif name == "CUSTOM_CHALLENGE":
        needed, what = {"answer"}, "answer= (the answer to the custom challenge)"
    elif name == "PASSWORD":
        needed, what = {"password"}, "password="
    elif name == "NEW_PASSWORD_REQUIRED":
        needed, what = {"new_password"}, "new_password="
    elif name == "WEB_AUTHN":
        needed, what = {"credential"}, "credential= (the browser's WebAuthn assertion)"
    else:
        raise ValueError(f"confirm_sign_in cannot answer a {name or 'finished'} step")
    present = {k for k, v in given.items() if v is not None}
    optional = {"credential"} if name == "SELECT_CHALLENGE" else set()
    missing = (needed - optional) - present
    extra = present - needed
    if missing or extra:
        problem = f"missing {', '.join(sorted(missing))}" if missing else f"{', '.join(sorted(extra))} does not apply"
        raise ValueError(f"the {name} step needs {what}: {problem}")
    return name, what


def respond(
    core: _core.CoreClient,
    step: Any,
    given: dict[str, Any],
    client_metadata: Any,
    device: Any = None,
    context: Any = None,
) -> Plan[SignInStep]:
    """The answer to ``step``, checked before anything is sent. ``device`` (default: the
    step's) answers Cognito's device challenges."""
    if not isinstance(step, SignInStep):
        raise TypeError(f"step must be the SignInStep sign_in returned, not {type(step).__name__}")
    if step.signed_in:
        raise ValueError("this step is signed in already: there is nothing to confirm")
    for key in ("answer", "code", "password", "new_password"):
        _optional_str(key, given.get(key))
    credential = given.get("credential")
    if credential is not None and not isinstance(credential, (str, dict)):
        raise TypeError("credential must be the WebAuthn assertion as a dict or a JSON string")
    metadata, ctx = checked_metadata(client_metadata), checked_context(context)
    device = checked_device(device, ValueError) or step.device
    device_key = device.device_key if device is not None else None
    name, what = _needs(step, given)
    choice = given.get("answer")
    if name == "SELECT_CHALLENGE" and choice not in step.available_challenges:
        raise ValueError(f"the SELECT_CHALLENGE step needs {what}: {choice!r} is not one of them")
    if name == "SELECT_MFA_TYPE":
        try:
            import json  # not at import: few sign-ins need it

            choices = json.loads(step.parameters.get("MFAS_CAN_CHOOSE", "[]"))
        except ValueError:
            choices = []
        if choices and choice not in choices:
            raise ValueError(f"the SELECT_MFA_TYPE step needs answer= (one of {', '.join(choices)})")
    if name == "SELECT_CHALLENGE" and choice == "PASSWORD_SRP":
        password = given["password"]
        result = yield from core.user_auth_password_srp(
            step.username, password, step.session, metadata, device_key, ctx
        )
        return (yield from step_of(core, result, step.username, device, metadata, ctx))
    responses = {"USERNAME": step.username}
    if choice is not None:
        responses["ANSWER"] = choice
    if given.get("code") is not None:
        responses[CODE_KEYS[name]] = given["code"]
    if given.get("password") is not None:
        responses["PASSWORD"] = given["password"]
    if given.get("new_password") is not None:
        responses["NEW_PASSWORD"] = given["new_password"]
    if credential is not None:
        import json  # not at import: few sign-ins need it

        responses["CREDENTIAL"] = credential if isinstance(credential, str) else json.dumps(credential)
    result = yield from core.respond_to_auth_challenge(name, responses, step.session, step.username, metadata, ctx)
    return (yield from step_of(core, result, step.username, device, metadata, ctx))


class SignInPlans(Twinned):
    """``sign_in`` and ``confirm_sign_in`` for cognitopy's family (stateless)."""

    __slots__ = ()
    _core: _core.CoreClient

    @plan
    def sign_in(
        self,
        username: str,
        *,
        auth_flow: AuthFlow | str = "USER_AUTH",
        preferred_challenge: str | None = None,
        password: str | None = None,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[SignInStep]:
        """Starts a sign-in; the first :class:`SignInStep`. ``auth_flow``: ``USER_AUTH``
        (choice-based: ``preferred_challenge`` one of PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP,
        WEB_AUTHN, or none to get ``available_challenges``), ``USER_SRP_AUTH``,
        ``USER_PASSWORD_AUTH`` or ``CUSTOM_AUTH``. With a password (PASSWORD, PASSWORD_SRP and
        the two password flows) the password step completes inside the call. ``device``: a
        remembered Device (its DEVICE_KEY goes along; Cognito's device challenges are answered
        inside the calls, so a remembered device skips MFA). ``context``: a
        :class:`~fastcognito.UserContext` for threat protection, here and in confirm_sign_in."""
        return (
            yield from start(
                self._core, username, auth_flow, preferred_challenge, password, client_metadata, device, context
            )
        )

    @plan
    def confirm_sign_in(
        self,
        step: SignInStep,
        *,
        answer: str | None = None,
        code: str | None = None,
        password: str | None = None,
        new_password: str | None = None,
        credential: dict[str, Any] | str | None = None,
        client_metadata: dict[str, str] | None = None,
        device: Device | None = None,
        context: UserContext | None = None,
    ) -> Plan[SignInStep]:
        """Answers what ``step`` asks; the next step. ``answer``: a challenge for
        SELECT_CHALLENGE, an MFA type for SELECT_MFA_TYPE, a CUSTOM_CHALLENGE's answer;
        ``code``: EMAIL_OTP, SMS_OTP, SMS_MFA, SOFTWARE_TOKEN_MFA; ``password`` after choosing
        PASSWORD/PASSWORD_SRP; ``new_password``: NEW_PASSWORD_REQUIRED; ``credential``: the
        WebAuthn assertion; ``device``: the remembered Device (default: the one ``sign_in``
        was given). A missing or extra argument is a ValueError, sent nowhere."""
        given: dict[str, Any] = {"answer": answer, "code": code, "password": password}
        given.update(new_password=new_password, credential=credential)
        return (yield from respond(self._core, step, given, client_metadata, device, context))


class MandateSignInPlans(Twinned):
    """``sign_in`` and ``confirm_sign_in`` for mandate's family: the object's username; a
    finished sign-in's tokens are verified and stored on the object."""

    __slots__ = ()
    _core: _core.CoreClient
    username: str | None
    device: Device | None

    # From the host class (mandate's _CognitoPlans):
    _need_username: Callable[[], str]
    _set_tokens: Callable[[InitiateAuthDict], Plan[None]]

    def _store(self, step: SignInStep) -> Plan[SignInStep]:
        if step.tokens is not None:
            auth = {
                "AccessToken": step.tokens["access_token"],
                "IdToken": step.tokens["id_token"],
                "RefreshToken": step.tokens["refresh_token"],
                "TokenType": step.tokens["token_type"],
                "ExpiresIn": step.tokens["expires_in"],
            }
            if step.new_device is not None:
                new = step.new_device
                auth["NewDeviceMetadata"] = {"DeviceKey": new["device_key"], "DeviceGroupKey": new["device_group_key"]}
            yield from self._set_tokens({"AuthenticationResult": auth})  # type: ignore[typeddict-item]
        return step

    @plan
    def sign_in(
        self,
        *,
        auth_flow: AuthFlow | str = "USER_AUTH",
        preferred_challenge: str | None = None,
        password: str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[SignInStep]:
        """Starts a sign-in as ``username`` (see CognitoPy.sign_in); a finished one stores the
        verified tokens on this object. The object's ``device`` goes along."""
        name = self._need_username()
        step = yield from start(
            self._core, name, auth_flow, preferred_challenge, password, client_metadata, self.device, context
        )
        return (yield from self._store(step))

    @plan
    def confirm_sign_in(
        self,
        step: SignInStep,
        *,
        answer: str | None = None,
        code: str | None = None,
        password: str | None = None,
        new_password: str | None = None,
        credential: dict[str, Any] | str | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[SignInStep]:
        """Answers what ``step`` asks (see CognitoPy.confirm_sign_in); once signed in, the
        verified tokens are stored on this object (``access_token``, ``id_token``...)."""
        given: dict[str, Any] = {"answer": answer, "code": code, "password": password}
        given.update(new_password=new_password, credential=credential)
        next_step = yield from respond(self._core, step, given, client_metadata, self.device, context)
        return (yield from self._store(next_step))


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
