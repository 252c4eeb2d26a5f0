//! Groups and group membership (admin, SigV4-signed).

use super::send;
use crate::CognitoClient;
use crate::error::Result;
use crate::types::{Group, Page, Single};

/// CreateGroup and UpdateGroup: the same members, the same answer.
macro_rules! group_write {
    ($($name:ident => $op:literal),* $(,)?) => {
        impl CognitoClient {
            $(
                pub async fn $name(
                    &self,
                    group_name: String,
                    description: Option<String>,
                    role_arn: Option<String>,
                    precedence: Option<i32>,
                ) -> Result<Single<Group>> {
                    let req = self
                        .sdk()
                        .$name()
                        .user_pool_id(self.pool())
                        .group_name(group_name)
                        .set_description(description)
                        .set_role_arn(role_arn)
                        .set_precedence(precedence);
                    let o = send!(self, $op, req)?;
                    Ok(Single(o.group().map(Group::from)))
                }
            )*
        }
    };
}

group_write! {
    create_group => "CreateGroup",
    update_group => "UpdateGroup",
}

/// Membership changes: a username and a group name, nothing back.
macro_rules! membership {
    ($($name:ident => $op:literal),* $(,)?) => {
        impl CognitoClient {
            $(
                pub async fn $name(&self, username: String, group_name: String) -> Result<()> {
                    let req = self
                        .sdk()
                        .$name()
                        .user_pool_id(self.pool())
                        .username(username)
                        .group_name(group_name);
                    send!(self, $op, req)?;
                    Ok(())
                }
            )*
        }
    };
}

membership! {
    admin_add_user_to_group => "AdminAddUserToGroup",
    admin_remove_user_from_group => "AdminRemoveUserFromGroup",
}

impl CognitoClient {
    pub async fn get_group(&self, group_name: String) -> Result<Single<Group>> {
        let req = self
            .sdk()
            .get_group()
            .user_pool_id(self.pool())
            .group_name(group_name);
        let o = send!(self, "GetGroup", req)?;
        Ok(Single(o.group().map(Group::from)))
    }

    pub async fn delete_group(&self, group_name: String) -> Result<()> {
        let req = self
            .sdk()
            .delete_group()
            .user_pool_id(self.pool())
            .group_name(group_name);
        send!(self, "DeleteGroup", req)?;
        Ok(())
    }

    /// One page of ListGroups.
    pub async fn list_groups(
        &self,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<Group>> {
        let req = self
            .sdk()
            .list_groups()
            .user_pool_id(self.pool())
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!(self, "ListGroups", req)?;
        Ok(Page::next(
            o.groups().iter().map(Group::from).collect(),
            o.next_token(),
        ))
    }

    /// One page of AdminListGroupsForUser.
    pub async fn admin_list_groups_for_user(
        &self,
        username: String,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<Group>> {
        let req = self
            .sdk()
            .admin_list_groups_for_user()
            .user_pool_id(self.pool())
            .username(username)
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!(self, "AdminListGroupsForUser", req)?;
        Ok(Page::next(
            o.groups().iter().map(Group::from).collect(),
            o.next_token(),
        ))
    }
}
