//! Calls a signed-in user makes with their own access token.

use super::{attributes_value, send};
use crate::error::Result;
use crate::{CognitoClient, Value};

impl CognitoClient {
    pub async fn get_user(&self, access_token: &str) -> Result<Value> {
        let o = send!("GetUser", self.sdk().get_user().access_token(access_token))?;
        Ok(Value::map()
            .with("Username", o.username())
            .with("UserAttributes", attributes_value(o.user_attributes())))
    }

    pub async fn delete_user(&self, access_token: &str) -> Result<Value> {
        send!(
            "DeleteUser",
            self.sdk().delete_user().access_token(access_token)
        )?;
        Ok(Value::Null)
    }

    pub async fn change_password(
        &self,
        previous: &str,
        proposed: &str,
        access_token: &str,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .change_password()
            .previous_password(previous)
            .proposed_password(proposed)
            .access_token(access_token);
        send!("ChangePassword", req)?;
        Ok(Value::Null)
    }

    /// RevokeToken; the client secret is sent only when the app client has one.
    pub async fn revoke_token(&self, refresh_token: &str) -> Result<Value> {
        let req = self
            .sdk()
            .revoke_token()
            .token(refresh_token)
            .client_id(&self.config().client_id)
            .set_client_secret(self.config().client_secret.clone());
        send!("RevokeToken", req)?;
        Ok(Value::Null)
    }
}

impl CognitoClient {
    pub async fn global_sign_out(&self, access_token: &str) -> Result<Value> {
        send!(
            "GlobalSignOut",
            self.sdk().global_sign_out().access_token(access_token)
        )?;
        Ok(Value::Null)
    }

    pub async fn update_user_attributes(
        &self,
        access_token: &str,
        attributes: Vec<(String, String)>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .update_user_attributes()
            .access_token(access_token)
            .set_user_attributes(Some(super::to_attributes(attributes)?));
        let o = send!("UpdateUserAttributes", req)?;
        let list: Vec<Value> = o
            .code_delivery_details_list()
            .iter()
            .map(super::code_delivery_value)
            .collect();
        Ok(Value::map().with("CodeDeliveryDetailsList", Value::List(list)))
    }

    pub async fn get_user_attribute_verification_code(
        &self,
        access_token: &str,
        attribute: &str,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .get_user_attribute_verification_code()
            .access_token(access_token)
            .attribute_name(attribute);
        let o = send!("GetUserAttributeVerificationCode", req)?;
        Ok(Value::map().with_opt(
            "CodeDeliveryDetails",
            o.code_delivery_details().map(super::code_delivery_value),
        ))
    }

    pub async fn verify_user_attribute(
        &self,
        access_token: &str,
        attribute: &str,
        code: &str,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .verify_user_attribute()
            .access_token(access_token)
            .attribute_name(attribute)
            .code(code);
        send!("VerifyUserAttribute", req)?;
        Ok(Value::map())
    }

    /// AssociateSoftwareToken with an access token or a session (MFA_SETUP).
    pub async fn associate_software_token(
        &self,
        access_token: Option<&str>,
        session: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .associate_software_token()
            .set_access_token(access_token.map(str::to_owned))
            .set_session(session.map(str::to_owned));
        let o = send!("AssociateSoftwareToken", req)?;
        Ok(Value::map()
            .with_opt("SecretCode", o.secret_code())
            .with_opt("Session", o.session()))
    }

    pub async fn verify_software_token(
        &self,
        access_token: Option<&str>,
        session: Option<&str>,
        code: &str,
        device_name: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .verify_software_token()
            .set_access_token(access_token.map(str::to_owned))
            .set_session(session.map(str::to_owned))
            .user_code(code)
            .set_friendly_device_name(device_name.map(str::to_owned));
        let o = send!("VerifySoftwareToken", req)?;
        Ok(Value::map()
            .with_opt("Status", o.status().map(|s| s.as_str()))
            .with_opt("Session", o.session()))
    }

    /// SetUserMFAPreference; each flag None leaves that factor's settings as they are.
    pub async fn set_user_mfa_preference(
        &self,
        access_token: &str,
        sms: Option<(bool, bool)>,
        software_token: Option<(bool, bool)>,
    ) -> Result<Value> {
        use aws_sdk_cognitoidentityprovider::types::{
            SmsMfaSettingsType, SoftwareTokenMfaSettingsType,
        };
        let req = self
            .sdk()
            .set_user_mfa_preference()
            .access_token(access_token)
            .set_sms_mfa_settings(sms.map(|(enabled, preferred)| {
                SmsMfaSettingsType::builder()
                    .enabled(enabled)
                    .preferred_mfa(preferred)
                    .build()
            }))
            .set_software_token_mfa_settings(software_token.map(|(enabled, preferred)| {
                SoftwareTokenMfaSettingsType::builder()
                    .enabled(enabled)
                    .preferred_mfa(preferred)
                    .build()
            }));
        send!("SetUserMFAPreference", req)?;
        Ok(Value::Null)
    }
}
