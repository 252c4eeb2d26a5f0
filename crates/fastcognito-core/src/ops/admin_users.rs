//! Admin calls on users (SigV4-signed: they need AWS credentials).

use aws_sdk_cognitoidentityprovider::types::{DeliveryMediumType, MessageActionType};

use super::auth::Params;
use super::{send, to_attributes};
use crate::CognitoClient;
use crate::error::Result;
use crate::types::{Page, Single, TokenName, User, UserDetails, attributes};

/// Admin operations that take only a username and return nothing; `with client_metadata`
/// marks those whose Cognito operation also takes `ClientMetadata` (for the pool's triggers).
macro_rules! username_only {
    ($($name:ident => $op:literal $(with $metadata:ident)?),* $(,)?) => {
        impl CognitoClient {
            $(
                pub async fn $name(
                    &self,
                    username: String,
                    $($metadata: Option<Params>,)?
                ) -> Result<()> {
                    let req = self.sdk().$name().user_pool_id(self.pool()).username(username)
                        $(.set_client_metadata($metadata))?;
                    send!(self, $op, req)?;
                    Ok(())
                }
            )*
        }
    };
}

username_only! {
    admin_delete_user => "AdminDeleteUser",
    admin_confirm_sign_up => "AdminConfirmSignUp" with client_metadata,
    admin_disable_user => "AdminDisableUser",
    admin_enable_user => "AdminEnableUser",
    admin_reset_user_password => "AdminResetUserPassword" with client_metadata,
    admin_user_global_sign_out => "AdminUserGlobalSignOut",
}

impl CognitoClient {
    pub async fn admin_get_user(&self, username: String) -> Result<UserDetails> {
        let req = self
            .sdk()
            .admin_get_user()
            .user_pool_id(self.pool())
            .username(username);
        let o = send!(self, "AdminGetUser", req)?;
        Ok(UserDetails(User {
            username: Some(o.username().to_owned()),
            attributes: attributes(o.user_attributes()),
            create_date: o.user_create_date().copied(),
            last_modified_date: o.user_last_modified_date().copied(),
            enabled: Some(o.enabled()),
            status: o.user_status().map(|s| s.as_str().to_owned()),
            preferred_mfa_setting: o.preferred_mfa_setting().map(str::to_owned),
            mfa_setting_list: Some(o.user_mfa_setting_list().to_vec()),
        }))
    }

    // One argument per member of AdminCreateUser, as the binding's table row has them.
    #[allow(clippy::too_many_arguments)]
    pub async fn admin_create_user(
        &self,
        username: String,
        attributes: Vec<(String, String)>,
        force_alias_creation: Option<bool>,
        message_action: Option<String>,
        desired_delivery_mediums: Option<Vec<String>>,
        temporary_password: Option<String>,
        client_metadata: Option<Params>,
    ) -> Result<Single<User>> {
        let mediums = desired_delivery_mediums.map(|ms| {
            ms.iter()
                .map(|m| DeliveryMediumType::from(m.as_str()))
                .collect()
        });
        let req = self
            .sdk()
            .admin_create_user()
            .user_pool_id(self.pool())
            .username(username)
            .set_user_attributes(Some(to_attributes(attributes)?))
            .set_force_alias_creation(force_alias_creation)
            .set_message_action(message_action.as_deref().map(MessageActionType::from))
            .set_desired_delivery_mediums(mediums)
            .set_temporary_password(temporary_password)
            .set_client_metadata(client_metadata);
        let o = send!(self, "AdminCreateUser", req)?;
        Ok(Single(o.user().map(User::from)))
    }

    pub async fn admin_set_user_password(
        &self,
        username: String,
        password: String,
        permanent: bool,
    ) -> Result<()> {
        let req = self
            .sdk()
            .admin_set_user_password()
            .user_pool_id(self.pool())
            .username(username)
            .password(password)
            .permanent(permanent);
        send!(self, "AdminSetUserPassword", req)?;
        Ok(())
    }

    pub async fn admin_update_user_attributes(
        &self,
        username: String,
        attributes: Vec<(String, String)>,
        client_metadata: Option<Params>,
    ) -> Result<()> {
        let req = self
            .sdk()
            .admin_update_user_attributes()
            .user_pool_id(self.pool())
            .username(username)
            .set_user_attributes(Some(to_attributes(attributes)?))
            .set_client_metadata(client_metadata);
        send!(self, "AdminUpdateUserAttributes", req)?;
        Ok(())
    }

    /// One page of ListUsers (its token is `PaginationToken`).
    pub async fn list_users(
        &self,
        attributes_to_get: Option<Vec<String>>,
        limit: Option<i32>,
        pagination_token: Option<String>,
        filter: Option<String>,
    ) -> Result<Page<User>> {
        let req = self
            .sdk()
            .list_users()
            .user_pool_id(self.pool())
            .set_attributes_to_get(attributes_to_get)
            .set_limit(limit)
            .set_pagination_token(pagination_token)
            .set_filter(filter);
        let o = send!(self, "ListUsers", req)?;
        Ok(Page {
            items: o.users().iter().map(User::from).collect(),
            next_token: o.pagination_token().map(str::to_owned),
            token_name: TokenName::PaginationToken,
        })
    }

    /// One page of ListUsersInGroup.
    pub async fn list_users_in_group(
        &self,
        group_name: String,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<User>> {
        let req = self
            .sdk()
            .list_users_in_group()
            .user_pool_id(self.pool())
            .group_name(group_name)
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!(self, "ListUsersInGroup", req)?;
        Ok(Page::next(
            o.users().iter().map(User::from).collect(),
            o.next_token(),
        ))
    }
}
