//! Calls a signed-in user makes with their own access token.

use super::factors::{MfaFlags, email_settings, sms_settings, totp_settings};

use super::auth::Params;
use super::{send, to_attributes};
use crate::CognitoClient;
use crate::error::Result;
use crate::types::{
    CodeDelivery, List, Single, SoftwareTokenSecret, SoftwareTokenStatus, User, UserDetails,
    attributes,
};

/// Calls that take only the access token and return nothing.
macro_rules! token_only {
    ($($name:ident => $op:literal),* $(,)?) => {
        impl CognitoClient {
            $(
                pub async fn $name(&self, access_token: String) -> Result<()> {
                    send!(self, $op, self.sdk().$name().access_token(access_token))?;
                    Ok(())
                }
            )*
        }
    };
}

token_only! {
    delete_user => "DeleteUser",
    global_sign_out => "GlobalSignOut",
}

impl CognitoClient {
    pub async fn get_user(&self, access_token: String) -> Result<UserDetails> {
        let o = send!(
            self,
            "GetUser",
            self.sdk().get_user().access_token(access_token)
        )?;
        Ok(UserDetails(User {
            username: Some(o.username().to_owned()),
            attributes: attributes(o.user_attributes()),
            ..User::default()
        }))
    }

    pub async fn change_password(
        &self,
        previous: String,
        proposed: String,
        access_token: String,
    ) -> Result<()> {
        let req = self
            .sdk()
            .change_password()
            .previous_password(previous)
            .proposed_password(proposed)
            .access_token(access_token);
        send!(self, "ChangePassword", req)?;
        Ok(())
    }

    /// RevokeToken; the client secret is sent only when the app client has one.
    pub async fn revoke_token(&self, token: String) -> Result<()> {
        let req = self
            .sdk()
            .revoke_token()
            .token(token)
            .client_id(self.config().require_client_id()?)
            .set_client_secret(self.config().client_secret.clone());
        send!(self, "RevokeToken", req)?;
        Ok(())
    }

    pub async fn update_user_attributes(
        &self,
        access_token: String,
        attributes: Vec<(String, String)>,
        client_metadata: Option<Params>,
    ) -> Result<List<CodeDelivery>> {
        let req = self
            .sdk()
            .update_user_attributes()
            .access_token(access_token)
            .set_user_attributes(Some(to_attributes(attributes)?))
            .set_client_metadata(client_metadata);
        let o = send!(self, "UpdateUserAttributes", req)?;
        let list = o
            .code_delivery_details_list()
            .iter()
            .map(CodeDelivery::from);
        Ok(List(list.collect()))
    }

    pub async fn get_user_attribute_verification_code(
        &self,
        access_token: String,
        attribute: String,
        client_metadata: Option<Params>,
    ) -> Result<Single<CodeDelivery>> {
        let req = self
            .sdk()
            .get_user_attribute_verification_code()
            .access_token(access_token)
            .attribute_name(attribute)
            .set_client_metadata(client_metadata);
        let o = send!(self, "GetUserAttributeVerificationCode", req)?;
        Ok(Single(o.code_delivery_details().map(CodeDelivery::from)))
    }

    pub async fn verify_user_attribute(
        &self,
        access_token: String,
        attribute: String,
        code: String,
    ) -> Result<()> {
        let req = self
            .sdk()
            .verify_user_attribute()
            .access_token(access_token)
            .attribute_name(attribute)
            .code(code);
        send!(self, "VerifyUserAttribute", req)?;
        Ok(())
    }

    /// AssociateSoftwareToken with an access token or a session (MFA_SETUP).
    pub async fn associate_software_token(
        &self,
        access_token: Option<String>,
        session: Option<String>,
    ) -> Result<SoftwareTokenSecret> {
        let req = self
            .sdk()
            .associate_software_token()
            .set_access_token(access_token)
            .set_session(session);
        let o = send!(self, "AssociateSoftwareToken", req)?;
        Ok(SoftwareTokenSecret {
            secret_code: o.secret_code().map(str::to_owned),
            session: o.session().map(str::to_owned),
        })
    }

    pub async fn verify_software_token(
        &self,
        code: String,
        access_token: Option<String>,
        session: Option<String>,
        device_name: Option<String>,
    ) -> Result<SoftwareTokenStatus> {
        let req = self
            .sdk()
            .verify_software_token()
            .set_access_token(access_token)
            .set_session(session)
            .user_code(code)
            .set_friendly_device_name(device_name);
        let o = send!(self, "VerifySoftwareToken", req)?;
        Ok(SoftwareTokenStatus {
            status: o.status().map(|s| s.as_str().to_owned()),
            session: o.session().map(str::to_owned),
        })
    }

    /// SetUserMFAPreference; each factor None leaves its settings as they are, else
    /// (enabled, preferred).
    pub async fn set_user_mfa_preference(
        &self,
        access_token: String,
        sms: MfaFlags,
        software_token: MfaFlags,
        email: MfaFlags,
    ) -> Result<()> {
        let req = self
            .sdk()
            .set_user_mfa_preference()
            .access_token(access_token)
            .set_sms_mfa_settings(sms_settings(sms))
            .set_software_token_mfa_settings(totp_settings(software_token))
            .set_email_mfa_settings(email_settings(email));
        send!(self, "SetUserMFAPreference", req)?;
        Ok(())
    }
}
