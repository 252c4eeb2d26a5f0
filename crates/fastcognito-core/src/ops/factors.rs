//! What a user can sign in and verify with: GetUserAuthFactors, AdminGetUserAuthFactors, and
//! the admin MFA preference (the user's own is in `user.rs`).

use aws_sdk_cognitoidentityprovider::types::{
    EmailMfaSettingsType, SmsMfaSettingsType, SoftwareTokenMfaSettingsType,
};

use super::send;
use crate::CognitoClient;
use crate::error::Result;

/// A user's sign-in and MFA factors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthFactors {
    pub username: String,
    pub preferred_mfa_setting: Option<String>,
    pub mfa_setting_list: Vec<String>,
    pub configured_factors: Vec<String>,
}

/// The three factors' MFA settings, each None (unchanged) or (enabled, preferred).
pub type MfaFlags = Option<(bool, bool)>;

pub(crate) fn sms_settings(flags: MfaFlags) -> Option<SmsMfaSettingsType> {
    flags.map(|(e, p)| {
        SmsMfaSettingsType::builder()
            .enabled(e)
            .preferred_mfa(p)
            .build()
    })
}

pub(crate) fn totp_settings(flags: MfaFlags) -> Option<SoftwareTokenMfaSettingsType> {
    flags.map(|(e, p)| {
        SoftwareTokenMfaSettingsType::builder()
            .enabled(e)
            .preferred_mfa(p)
            .build()
    })
}

pub(crate) fn email_settings(flags: MfaFlags) -> Option<EmailMfaSettingsType> {
    flags.map(|(e, p)| {
        EmailMfaSettingsType::builder()
            .enabled(e)
            .preferred_mfa(p)
            .build()
    })
}

/// Both outputs have the same members.
macro_rules! factors_from {
    ($o:expr) => {
        AuthFactors {
            username: $o.username().to_owned(),
            preferred_mfa_setting: $o.preferred_mfa_setting().map(str::to_owned),
            mfa_setting_list: $o.user_mfa_setting_list().to_vec(),
            configured_factors: $o
                .configured_user_auth_factors()
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
        }
    };
}

impl CognitoClient {
    pub async fn get_user_auth_factors(&self, access_token: String) -> Result<AuthFactors> {
        let req = self
            .sdk()
            .get_user_auth_factors()
            .access_token(access_token);
        let o = send!(self, "GetUserAuthFactors", req)?;
        Ok(factors_from!(o))
    }

    pub async fn admin_get_user_auth_factors(&self, username: String) -> Result<AuthFactors> {
        let req = self
            .sdk()
            .admin_get_user_auth_factors()
            .user_pool_id(self.pool())
            .username(username);
        let o = send!(self, "AdminGetUserAuthFactors", req)?;
        Ok(factors_from!(o))
    }

    /// AdminSetUserMFAPreference; a factor left None keeps its settings.
    pub async fn admin_set_user_mfa_preference(
        &self,
        username: String,
        sms: MfaFlags,
        software_token: MfaFlags,
        email: MfaFlags,
    ) -> Result<()> {
        let req = self
            .sdk()
            .admin_set_user_mfa_preference()
            .user_pool_id(self.pool())
            .username(username)
            .set_sms_mfa_settings(sms_settings(sms))
            .set_software_token_mfa_settings(totp_settings(software_token))
            .set_email_mfa_settings(email_settings(email));
        send!(self, "AdminSetUserMFAPreference", req)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_settings_and_none_leaves_a_factor_out() {
        assert!(sms_settings(None).is_none());
        let sms = sms_settings(Some((true, false))).unwrap();
        assert!(sms.enabled() && !sms.preferred_mfa());
        let totp = totp_settings(Some((true, true))).unwrap();
        assert!(totp.enabled() && totp.preferred_mfa());
        let email = email_settings(Some((false, false))).unwrap();
        assert!(!email.enabled() && !email.preferred_mfa());
    }
}
