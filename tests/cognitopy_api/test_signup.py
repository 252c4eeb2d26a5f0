"""register, confirm_register, resend_confirmation_code, forgot/confirm password."""

from __future__ import annotations

import uuid

import pytest

from fastcognito.cognitopy import CodeDeliveryDetails, CodeDeliveryDetailsSchema, ExceptionAuthCognito, UserRegister
from fastcognito.exceptions import (
    CodeMismatchException,
    InvalidParameterException,
    InvalidPasswordException,
    NotAuthorizedException,
    UsernameExistsException,
    UserNotFoundException,
)
from tests.helpers import PASSWORD, Api


def test_register_returns_user_register(api: Api) -> None:
    result = api.api.register("ann", PASSWORD, {"email": "ann@example.com", "custom:n": 5})
    assert isinstance(result, UserRegister)
    assert result.confirmed is False
    assert result.delivery_details == CodeDeliveryDetails(
        Destination="a***@e***", DeliveryMedium="EMAIL", AttributeName="email"
    )
    uuid.UUID(result.user_id)
    assert result.model_dump()["delivery_details"]["delivery_medium"] == "EMAIL"
    user = api.new_client().admin_get_user("ann")
    assert user["sub"] == result.user_id and user["custom:n"] == "5"


def test_register_without_delivery_details(api: Api) -> None:
    # No email or phone: Cognito sends no code and no CodeDeliveryDetails; cognitopy crashed here.
    result = api.api.register("bob", PASSWORD, {})
    assert result.confirmed is False
    assert result.delivery_details is None


def test_register_errors(api: Api) -> None:
    api.registered("carl")
    with pytest.raises(UsernameExistsException) as info:
        api.api.register("carl", PASSWORD)
    assert isinstance(info.value, ExceptionAuthCognito)
    with pytest.raises(InvalidPasswordException):
        api.api.register("dora", "short")


def test_confirm_register_checks_the_code(api: Api) -> None:
    name = api.registered()
    code = api.codes(name)["signup"]
    assert code is not None
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(CodeMismatchException):
        api.api.confirm_register(name, wrong)
    assert api.api.confirm_register(name, code) is None
    assert api.new_client().admin_get_user(name)["user_status"] == "CONFIRMED"


def test_resend_confirmation_code(api: Api) -> None:
    name = api.registered()
    first = api.codes(name)["signup"]
    schema = api.api.resend_confirmation_code(name)
    assert isinstance(schema, CodeDeliveryDetailsSchema)
    assert schema.delivery_details.delivery_medium == "EMAIL"
    second = api.codes(name)["signup"]
    assert second is not None
    if first != second:
        with pytest.raises(CodeMismatchException):
            api.api.confirm_register(name, first)
    api.api.confirm_register(name, second)
    with pytest.raises(InvalidParameterException):
        api.api.resend_confirmation_code(name)
    with pytest.raises(UserNotFoundException):
        api.api.resend_confirmation_code("nobody-here")


def test_forgot_password_round_trip(api: Api) -> None:
    name = api.confirmed()
    assert api.api.initiate_forgot_password(name) is None
    code = api.codes(name)["forgot"]
    assert code is not None
    with pytest.raises(CodeMismatchException):
        api.api.confirm_forgot_password(name, "not-the-code", "N3wPassword!")
    assert api.api.confirm_forgot_password(name, code, "N3wPassword!") is None
    assert api.api.login(name, "N3wPassword!")["access_token"]
    with pytest.raises(NotAuthorizedException):
        api.api.login(name, PASSWORD)


def test_forgot_password_needs_somewhere_to_send_the_code(api: Api) -> None:
    api.api.register("nomail", PASSWORD, {})
    api.api.admin_confirm_register("nomail")
    with pytest.raises(InvalidParameterException, match="no registered/verified email or phone_number"):
        api.api.initiate_forgot_password("nomail")


def test_wrong_secret_hash_is_rejected_everywhere(api: Api) -> None:
    if not api.with_secret:
        pytest.skip("only an app client with a secret checks SECRET_HASH")
    name = api.confirmed()
    bad = api.cls(api.pool.pool_id, api.client_id, "not-the-secret", True, endpoint_url=api.emulator.url)
    from tests.helpers import Driver

    bad = Driver(bad)
    for call in (
        lambda: bad.register("eve", PASSWORD),
        lambda: bad.confirm_register(name, "123456"),
        lambda: bad.resend_confirmation_code(name),
        lambda: bad.initiate_forgot_password(name),
        lambda: bad.confirm_forgot_password(name, "123456", PASSWORD),
        lambda: bad.login(name, PASSWORD),
        lambda: bad.admin_login(name, PASSWORD),
    ):
        with pytest.raises(NotAuthorizedException, match="secret hash"):
            call()
    # A client that should send the hash but does not is refused too.
    missing = Driver(
        api.cls(api.pool.pool_id, api.client_id, api.pool.client_secret, False, endpoint_url=api.emulator.url)
    )
    with pytest.raises(NotAuthorizedException):
        missing.login(name, PASSWORD)
