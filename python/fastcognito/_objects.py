"""mandate's (warrant's) UserObj and GroupObj, and its attribute helpers."""

from __future__ import annotations

from ._hints import hinted

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


__all__ = ["UserObj", "GroupObj", "cognito_to_dict", "dict_to_cognito"]


def check_attr_map(attr_map: Any) -> dict[str, str]:
    """``attr_map`` as a dict (``{cognito_name: local_name}``); TypeError if it is not one."""
    if attr_map is None:
        return {}
    if not isinstance(attr_map, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in attr_map.items()
    ):
        raise TypeError("attr_map must be a dict of str to str, or None")
    return attr_map


def cognito_to_dict(attr_list: list[dict[str, Any]], attr_map: dict[str, str] | None = None) -> dict[str, Any]:
    """``[{"Name", "Value"}]`` as a dict; "true"/"false" become bools; names renamed by
    ``attr_map`` (``{cognito_name: local_name}``)."""
    attr_map = check_attr_map(attr_map)
    out: dict[str, Any] = {}
    for attribute in attr_list:
        name, value = attribute["Name"], attribute.get("Value")
        if value in ("true", "false"):
            value = value == "true"
        out[attr_map.get(name, name)] = value
    return out


def dict_to_cognito(attributes: dict[str, Any], attr_map: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The reverse of :func:`cognito_to_dict`. Does not change ``attributes``; values become
    strings (bools as "true"/"false")."""
    local_to_cognito = {local: cognito for cognito, local in check_attr_map(attr_map).items()}
    out = []
    for name, value in attributes.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append({"Name": local_to_cognito.get(name, name), "Value": str(value)})
    return out


def attribute_pairs(attributes: dict[str, Any], attr_map: dict[str, str] | None = None) -> list[tuple[str, str]]:
    if not isinstance(attributes, dict) or not all(isinstance(k, str) for k in attributes):
        raise TypeError("attributes must be a dict with string keys")
    return [(a["Name"], a["Value"]) for a in dict_to_cognito(attributes, attr_map)]


class UserObj:
    """A user: attributes readable as Python attributes (None when absent, as in mandate).

    ``save()`` and ``delete()`` call back into the client that made the object: with
    ``Cognito`` they return awaitables, with ``SyncCognito`` they run at once.
    """

    def __init__(
        self,
        username: str,
        attribute_list: list[dict[str, Any]],
        cognito_obj: Any,
        metadata: dict[str, Any] | None = None,
        attr_map: dict[str, str] | None = None,
    ) -> None:
        data = cognito_to_dict(attribute_list or [], attr_map)
        object.__setattr__(self, "username", username)
        object.__setattr__(self, "pk", username)
        object.__setattr__(self, "_cognito", cognito_obj)
        object.__setattr__(self, "_attr_map", attr_map or {})
        object.__setattr__(self, "sub", data.pop("sub", None))
        object.__setattr__(self, "email_verified", data.pop("email_verified", None))
        object.__setattr__(self, "phone_number_verified", data.pop("phone_number_verified", None))
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_metadata", dict(metadata or {}))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.username}>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        data = object.__getattribute__(self, "_data")
        if name in data:
            return data[name]
        return object.__getattribute__(self, "_metadata").get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._data:
            self._data[name] = value
        else:
            object.__setattr__(self, name, value)

    def save(self, admin: bool = False) -> Any:
        """Writes the attributes back (UpdateUserAttributes, or AdminUpdateUserAttributes)."""
        if admin:
            return self._cognito.admin_update_profile(
                username=self.username, attrs=dict(self._data), attr_map=self._attr_map
            )
        return self._cognito.update_profile(dict(self._data), attr_map=self._attr_map)

    def delete(self, admin: bool = False) -> Any:
        """Deletes the user (DeleteUser with the client's token, or AdminDeleteUser)."""
        if admin:
            return self._cognito.admin_delete_user(self.username)
        return self._cognito.delete_user()


class GroupObj:
    """A group: ``group_name``, ``description``, ``creation_date``, ``last_modified_date``,
    ``role_arn``, ``precedence``; the rest of Cognito's group in ``_data``."""

    def __init__(self, group_data: dict[str, Any], cognito_obj: Any) -> None:
        data = dict(group_data)
        self._cognito = cognito_obj
        self.group_name = data.pop("GroupName", None)
        self.description = data.pop("Description", None)
        self.creation_date = data.pop("CreationDate", None)
        self.last_modified_date = data.pop("LastModifiedDate", None)
        self.role_arn = data.pop("RoleArn", None)
        self.precedence = data.pop("Precedence", None)
        self._data = data

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.group_name}>"

    def save(self) -> Any:
        """Writes description, role_arn and precedence back (UpdateGroup)."""
        return self._cognito.update_group(self.group_name, self.description, self.role_arn, self.precedence)

    def delete(self) -> Any:
        """Deletes the group (DeleteGroup)."""
        return self._cognito.delete_group(self.group_name)


hinted(globals())  # run-time introspection evaluates this module's annotations (see _hints)
