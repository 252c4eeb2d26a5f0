//! Admin calls on users (SigV4-signed: they need AWS credentials).

use aws_sdk_cognitoidentityprovider::types::{DeliveryMediumType, MessageActionType};

use super::{attributes_value, send, to_attributes, user_value};
use crate::error::Result;
use crate::{CognitoClient, Value};

/// Admin operations that take only a username and return nothing.
macro_rules! username_only {
    ($($(#[$doc:meta])* $name:ident => $op:literal),* $(,)?) => {
        impl CognitoClient {
            $(
                $(#[$doc])*
                pub async fn $name(&self, username: &str) -> Result<Value> {
                    let req = self.sdk().$name().user_pool_id(&self.config().user_pool_id).username(username);
                    send!($op, req)?;
                    Ok(Value::Null)
                }
            )*
        }
    };
}

username_only! {
    admin_delete_user => "AdminDeleteUser",
    admin_confirm_sign_up => "AdminConfirmSignUp",
    admin_disable_user => "AdminDisableUser",
    admin_enable_user => "AdminEnableUser",
    admin_reset_user_password => "AdminResetUserPassword",
    admin_user_global_sign_out => "AdminUserGlobalSignOut",
}

/// What AdminCreateUser takes besides the username.
#[derive(Debug, Clone, Default)]
pub struct CreateUser {
    pub attributes: Vec<(String, String)>,
    pub force_alias_creation: Option<bool>,
    pub message_action: Option<String>,
    pub desired_delivery_mediums: Option<Vec<String>>,
    pub temporary_password: Option<String>,
}

impl CognitoClient {
    pub async fn admin_get_user(&self, username: &str) -> Result<Value> {
        let req = self
            .sdk()
            .admin_get_user()
            .user_pool_id(&self.config().user_pool_id)
            .username(username);
        let o = send!("AdminGetUser", req)?;
        Ok(Value::map()
            .with("Username", o.username())
            .with("UserAttributes", attributes_value(o.user_attributes()))
            .with_opt("UserCreateDate", o.user_create_date())
            .with_opt("UserLastModifiedDate", o.user_last_modified_date())
            .with("Enabled", o.enabled())
            .with_opt("UserStatus", o.user_status().map(|s| s.as_str()))
            .with_opt("PreferredMfaSetting", o.preferred_mfa_setting())
            .with("UserMFASettingList", o.user_mfa_setting_list().to_vec()))
    }

    pub async fn admin_create_user(&self, username: &str, args: CreateUser) -> Result<Value> {
        let req = self
            .sdk()
            .admin_create_user()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .set_user_attributes(Some(to_attributes(args.attributes)?))
            .set_force_alias_creation(args.force_alias_creation)
            .set_message_action(args.message_action.as_deref().map(MessageActionType::from))
            .set_desired_delivery_mediums(args.desired_delivery_mediums.map(|ms| {
                ms.iter()
                    .map(|m| DeliveryMediumType::from(m.as_str()))
                    .collect()
            }))
            .set_temporary_password(args.temporary_password);
        let o = send!("AdminCreateUser", req)?;
        Ok(Value::map().with_opt("User", o.user().map(user_value)))
    }

    pub async fn admin_set_user_password(
        &self,
        username: &str,
        password: &str,
        permanent: bool,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_set_user_password()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .password(password)
            .permanent(permanent);
        send!("AdminSetUserPassword", req)?;
        Ok(Value::Null)
    }

    pub async fn admin_update_user_attributes(
        &self,
        username: &str,
        attributes: Vec<(String, String)>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_update_user_attributes()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .set_user_attributes(Some(to_attributes(attributes)?));
        send!("AdminUpdateUserAttributes", req)?;
        Ok(Value::Null)
    }

    /// One page of ListUsers: `{"Users": [...], "PaginationToken"?}`.
    pub async fn list_users(
        &self,
        attributes_to_get: Option<Vec<String>>,
        limit: Option<i32>,
        pagination_token: Option<String>,
        filter: Option<String>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .list_users()
            .user_pool_id(&self.config().user_pool_id)
            .set_attributes_to_get(attributes_to_get)
            .set_limit(limit)
            .set_pagination_token(pagination_token)
            .set_filter(filter);
        let o = send!("ListUsers", req)?;
        Ok(Value::map()
            .with(
                "Users",
                Value::List(o.users().iter().map(user_value).collect()),
            )
            .with_opt("PaginationToken", o.pagination_token()))
    }

    /// One page of ListUsersInGroup: `{"Users": [...], "NextToken"?}`.
    pub async fn list_users_in_group(
        &self,
        group_name: &str,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .list_users_in_group()
            .user_pool_id(&self.config().user_pool_id)
            .group_name(group_name)
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!("ListUsersInGroup", req)?;
        Ok(Value::map()
            .with(
                "Users",
                Value::List(o.users().iter().map(user_value).collect()),
            )
            .with_opt("NextToken", o.next_token()))
    }
}
