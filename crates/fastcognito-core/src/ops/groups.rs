//! Groups and group membership (admin, SigV4-signed).

use super::{group_value, send};
use crate::error::Result;
use crate::{CognitoClient, Value};

/// The optional members of CreateGroup / UpdateGroup.
#[derive(Debug, Clone, Default)]
pub struct GroupFields {
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub precedence: Option<i32>,
}

impl CognitoClient {
    pub async fn create_group(&self, group_name: &str, fields: GroupFields) -> Result<Value> {
        let req = self
            .sdk()
            .create_group()
            .user_pool_id(&self.config().user_pool_id)
            .group_name(group_name)
            .set_description(fields.description)
            .set_role_arn(fields.role_arn)
            .set_precedence(fields.precedence);
        let o = send!("CreateGroup", req)?;
        Ok(Value::map().with_opt("Group", o.group().map(group_value)))
    }

    pub async fn update_group(&self, group_name: &str, fields: GroupFields) -> Result<Value> {
        let req = self
            .sdk()
            .update_group()
            .user_pool_id(&self.config().user_pool_id)
            .group_name(group_name)
            .set_description(fields.description)
            .set_role_arn(fields.role_arn)
            .set_precedence(fields.precedence);
        let o = send!("UpdateGroup", req)?;
        Ok(Value::map().with_opt("Group", o.group().map(group_value)))
    }

    pub async fn get_group(&self, group_name: &str) -> Result<Value> {
        let req = self
            .sdk()
            .get_group()
            .user_pool_id(&self.config().user_pool_id)
            .group_name(group_name);
        let o = send!("GetGroup", req)?;
        Ok(Value::map().with_opt("Group", o.group().map(group_value)))
    }

    pub async fn delete_group(&self, group_name: &str) -> Result<Value> {
        let req = self
            .sdk()
            .delete_group()
            .user_pool_id(&self.config().user_pool_id)
            .group_name(group_name);
        send!("DeleteGroup", req)?;
        Ok(Value::Null)
    }

    /// One page of ListGroups: `{"Groups": [...], "NextToken"?}`.
    pub async fn list_groups(
        &self,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .list_groups()
            .user_pool_id(&self.config().user_pool_id)
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!("ListGroups", req)?;
        Ok(Value::map()
            .with(
                "Groups",
                Value::List(o.groups().iter().map(group_value).collect()),
            )
            .with_opt("NextToken", o.next_token()))
    }

    pub async fn admin_add_user_to_group(&self, username: &str, group_name: &str) -> Result<Value> {
        let req = self
            .sdk()
            .admin_add_user_to_group()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .group_name(group_name);
        send!("AdminAddUserToGroup", req)?;
        Ok(Value::Null)
    }

    pub async fn admin_remove_user_from_group(
        &self,
        username: &str,
        group_name: &str,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_remove_user_from_group()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .group_name(group_name);
        send!("AdminRemoveUserFromGroup", req)?;
        Ok(Value::Null)
    }

    /// One page of AdminListGroupsForUser: `{"Groups": [...], "NextToken"?}`.
    pub async fn admin_list_groups_for_user(
        &self,
        username: &str,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_list_groups_for_user()
            .user_pool_id(&self.config().user_pool_id)
            .username(username)
            .set_limit(limit)
            .set_next_token(next_token);
        let o = send!("AdminListGroupsForUser", req)?;
        Ok(Value::map()
            .with(
                "Groups",
                Value::List(o.groups().iter().map(group_value).collect()),
            )
            .with_opt("NextToken", o.next_token()))
    }
}
