"""Sign-up and password recovery for both families, as plan mixins (see ``_calls``): the
methods whose Cognito operations take ``ClientMetadata``, handed to the pool's Lambda
triggers (``client_metadata=``, checked before any call), and, where the operation takes
``UserContextData`` (threat protection), ``context=`` (a :class:`~fastcognito.UserContext`).

:class:`SignUpPlans` is cognitopy's (stateless); :class:`MandateSignUpPlans` is mandate's
(it keeps the username and the attributes on the object, as mandate does).
"""

from __future__ import annotations

from . import _core
from ._args import all_str, checked_metadata, dict_to_cognito, require_str
from ._calls import Twinned, plan
from ._context import UserContext, checked_context
from ._objects import attribute_pairs
from ._records import CodeDeliveryDetailsSchema, UserRegister

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._calls import Plan


class SignUpPlans(Twinned):
    """cognitopy's sign-up and recovery methods."""

    __slots__ = ()
    _core: _core.CoreClient
    _username: Callable[[str], str]

    @plan
    def register(
        self,
        username: str,
        password: str,
        user_attributes: dict[str, Any] | None = None,
        validation_data: dict[str, Any] | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[UserRegister]:
        """Signs a user up (SignUp): ``UserRegister(user_confirmed, user_sub, code_delivery_details)``.
        ``client_metadata`` (wherever taken): a dict of str for the pool's Lambda triggers."""
        if (
            not all_str(username, password)
            or not isinstance(user_attributes, (dict, type(None)))
            or not isinstance(validation_data, (dict, type(None)))
        ):
            raise ValueError(
                "The username and password should be strings, user_attributes and validation_data should be a dict."
            )
        attributes = dict_to_cognito(user_attributes or {})
        validation = dict_to_cognito(validation_data or {})
        metadata, ctx = checked_metadata(client_metadata), checked_context(context)
        name = self._username(username)
        result = yield from self._core.sign_up(name, password, attributes, validation, metadata, ctx)
        return UserRegister(**result)

    @plan
    def resend_confirmation_code(
        self, username: str, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[CodeDeliveryDetailsSchema]:
        """Sends the sign-up code again; where it went."""
        if not isinstance(username, str):
            raise ValueError("The username should be a string.")
        result = yield from self._core.resend_confirmation_code(
            self._username(username), checked_metadata(client_metadata), checked_context(context)
        )
        return CodeDeliveryDetailsSchema(**result)

    @plan
    def confirm_register(
        self,
        username: str,
        confirmation_code: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Confirms a sign-up with the code the user received."""
        if not all_str(username, confirmation_code):
            raise ValueError("The username and confirmation_code should be strings.")
        metadata, ctx = checked_metadata(client_metadata), checked_context(context)
        yield from self._core.confirm_sign_up(self._username(username), confirmation_code, metadata, ctx)

    @plan
    def initiate_forgot_password(
        self, username: str, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """Sends the user a code to reset the password."""
        if not isinstance(username, str):
            raise ValueError("The username should be a string.")
        metadata, ctx = checked_metadata(client_metadata), checked_context(context)
        yield from self._core.forgot_password(self._username(username), metadata, ctx)

    @plan
    def confirm_forgot_password(
        self,
        username: str,
        confirmation_code: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Sets a new password with the code from :meth:`initiate_forgot_password`."""
        if not all_str(username, confirmation_code, password):
            raise ValueError("The username, confirmation_code and password should be strings.")
        metadata, ctx = checked_metadata(client_metadata), checked_context(context)
        name = self._username(username)
        yield from self._core.confirm_forgot_password(name, confirmation_code, password, metadata, ctx)


def _admin_create_extras(extra: Any) -> dict[str, Any]:
    """pycognito's ``additional_kwargs`` for AdminCreateUser, checked: TypeError/ValueError
    for what cannot be sent (rather than dropping it silently)."""
    if extra is None:
        return {}
    if not isinstance(extra, dict):
        raise TypeError("additional_kwargs must be a dict or None")
    unknown = set(extra) - {"MessageAction", "DesiredDeliveryMediums", "ForceAliasCreation", "ClientMetadata"}
    if unknown:
        raise TypeError(f"additional_kwargs: not supported: {', '.join(sorted(map(str, unknown)))}")
    if extra.get("MessageAction") not in (None, "RESEND", "SUPPRESS"):
        raise ValueError("MessageAction must be 'RESEND' or 'SUPPRESS'")
    mediums = extra.get("DesiredDeliveryMediums")
    if mediums is not None and (
        not isinstance(mediums, (list, tuple)) or not all(m in ("SMS", "EMAIL") for m in mediums)
    ):
        raise ValueError("DesiredDeliveryMediums must be a list of 'SMS' and 'EMAIL'")
    if not isinstance(extra.get("ForceAliasCreation", False), bool):
        raise TypeError("ForceAliasCreation must be a bool")
    metadata = checked_metadata(extra.get("ClientMetadata"))
    return {
        **extra,
        "DesiredDeliveryMediums": list(mediums) if mediums is not None else None,
        "ClientMetadata": metadata,
    }


class MandateSignUpPlans(Twinned):
    """mandate's sign-up methods."""

    _core: _core.CoreClient
    username: str | None
    _need_username: Callable[..., str]

    @plan
    def register(
        self,
        *,
        username: str,
        password: str,
        email: str | None = None,
        attrs: dict[str, Any] | None = None,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[dict[str, Any]]:
        """Signs ``username`` up (SignUp) with ``email`` (optional: a pool may sign up by phone)
        and the other attributes in ``attrs``; Cognito's answer (``UserConfirmed``, ``UserSub``,
        ``CodeDeliveryDetails``). ``client_metadata`` (wherever taken): a dict of str for the
        pool's Lambda triggers."""
        require_str(username=username, password=password)
        if email is not None:
            require_str(email=email)
        attributes = dict(attrs or {})
        if email is not None:
            attributes["email"] = email
        pairs, metadata = attribute_pairs(attributes), checked_metadata(client_metadata)
        result = yield from self._core.sign_up(username, password, pairs, [], metadata, checked_context(context))
        for name, value in attributes.items():
            if name.isidentifier() and not name.startswith("_") and not hasattr(type(self), name):
                setattr(self, name, value)
        self.username = username
        return dict(result)

    @plan
    def admin_create_user(
        self,
        username: str,
        temporary_password: str | None = None,
        attr_map: dict[str, str] | None = None,
        *,
        additional_kwargs: dict[str, Any] | None = None,
        client_metadata: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Plan[dict[str, Any]]:
        """Creates a user (AdminCreateUser) with the attributes in ``kwargs``; Cognito's answer
        (``User``). ``additional_kwargs`` (as pycognito's) may hold ``MessageAction``,
        ``DesiredDeliveryMediums``, ``ForceAliasCreation`` and ``ClientMetadata`` (or pass
        ``client_metadata=``)."""
        require_str(username=username)
        if temporary_password is not None:
            require_str(temporary_password=temporary_password)
        extra = _admin_create_extras(additional_kwargs)
        metadata = checked_metadata(client_metadata)
        pairs = attribute_pairs(kwargs, attr_map)
        result = yield from self._core.admin_create_user(
            username,
            pairs,
            extra.get("ForceAliasCreation"),
            extra.get("MessageAction"),
            extra.get("DesiredDeliveryMediums"),
            temporary_password or None,
            metadata if metadata is not None else extra.get("ClientMetadata"),
        )
        for name, value in kwargs.items():
            if name.isidentifier() and not name.startswith("_") and not hasattr(type(self), name):
                setattr(self, name, value)
        self.username = username
        return dict(result)

    @plan
    def confirm_sign_up(
        self,
        confirmation_code: str,
        username: str | None = None,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Confirms a sign-up with the code the user received."""
        require_str(confirmation_code=confirmation_code)
        name, metadata, ctx = self._need_username(username), checked_metadata(client_metadata), checked_context(context)
        yield from self._core.confirm_sign_up(name, confirmation_code, metadata, ctx)

    @plan
    def admin_confirm_sign_up(
        self, username: str | None = None, *, client_metadata: dict[str, str] | None = None
    ) -> Plan[None]:
        """Confirms a sign-up without a code."""
        yield from self._core.admin_confirm_sign_up(self._need_username(username), checked_metadata(client_metadata))

    @plan
    def initiate_forgot_password(
        self, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """Sends the user a code to reset the password."""
        name, metadata = self._need_username(), checked_metadata(client_metadata)
        yield from self._core.forgot_password(name, metadata, checked_context(context))

    @plan
    def confirm_forgot_password(
        self,
        confirmation_code: str,
        password: str,
        *,
        client_metadata: dict[str, str] | None = None,
        context: UserContext | None = None,
    ) -> Plan[None]:
        """Sets a new password with the code from :meth:`initiate_forgot_password`."""
        require_str(confirmation_code=confirmation_code, password=password)
        name, metadata, ctx = self._need_username(), checked_metadata(client_metadata), checked_context(context)
        yield from self._core.confirm_forgot_password(name, confirmation_code, password, metadata, ctx)

    @plan
    def resend_confirmation_code(
        self, username: str, *, client_metadata: dict[str, str] | None = None, context: UserContext | None = None
    ) -> Plan[None]:
        """Sends the sign-up confirmation code again."""
        require_str(username=username)
        metadata = checked_metadata(client_metadata)
        yield from self._core.resend_confirmation_code(username, metadata, checked_context(context))
