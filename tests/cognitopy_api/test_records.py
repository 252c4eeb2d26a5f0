"""cognitopy's result models and the paged list."""

from __future__ import annotations

import pytest

from fastcognito import _core
from fastcognito.cognitopy import CodeDeliveryDetails, CodeDeliveryDetailsSchema, PagedList, UserRegister


def test_user_register_by_alias_and_equality() -> None:
    details = {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    a = UserRegister(UserConfirmed=False, CodeDeliveryDetails=details, UserSub="u-1", Session="ignored")
    b = UserRegister(confirmed=False, delivery_details=CodeDeliveryDetails(**details), user_id="u-1")
    assert a == b and a != UserRegister(UserConfirmed=True, CodeDeliveryDetails=details, UserSub="u-1")
    assert a.model_dump() == {
        "confirmed": False,
        "delivery_details": {"destination": "a***@e***", "delivery_medium": "EMAIL", "attribute_name": "email"},
        "user_id": "u-1",
    }
    assert a.model_dump(by_alias=True)["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    with pytest.raises(TypeError):
        UserRegister(UserConfirmed=True)
    with pytest.raises(AttributeError):
        a.confirmed = True  # type: ignore[misc]
    assert CodeDeliveryDetailsSchema(CodeDeliveryDetails=details).delivery_details == CodeDeliveryDetails(**details)


def test_paged_list() -> None:
    page = PagedList([{"a": 1}, {"b": 2}], "tok")
    assert page == [{"a": 1}, {"b": 2}] and page[0] == {"a": 1} and page[-1] == {"b": 2}
    assert page["NextToken"] == "tok" and page.next_token == "tok" and page[:1] == [{"a": 1}]
    assert PagedList([])["NextToken"] is None
    with pytest.raises(KeyError):
        page["Other"]


def test_secret_hash_vectors() -> None:
    # cognitopy's own test vectors.
    assert (
        _core.secret_hash("username_test", "dtest34453", "dtest34334444")
        == "sD6vefe+JNM/kycHW3x6NhCdVMF2QbcJ2ztDjwr47DY="
    )
    assert _core.secret_hash("test1", "dtest34453", "dtest34334444") == "0ht/aQ+Y1wA2FL6XYkn3UoUfZu67Ik+/On25xDAlwpo="
