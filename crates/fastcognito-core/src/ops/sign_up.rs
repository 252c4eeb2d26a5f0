//! Self-service sign-up and password recovery.

use super::{code_delivery_value, send, to_attributes};
use crate::error::Result;
use crate::{CognitoClient, Value};

impl CognitoClient {
    pub async fn sign_up(
        &self,
        username: &str,
        password: &str,
        attributes: Vec<(String, String)>,
        validation_data: Vec<(String, String)>,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .sign_up()
            .client_id(&self.config().client_id)
            .username(username)
            .password(password)
            .set_user_attributes(Some(to_attributes(attributes)?))
            .set_validation_data(Some(to_attributes(validation_data)?))
            .set_secret_hash(self.hash_for(hash_for));
        let o = send!("SignUp", req)?;
        Ok(Value::map()
            .with("UserConfirmed", o.user_confirmed())
            .with_opt(
                "CodeDeliveryDetails",
                o.code_delivery_details().map(code_delivery_value),
            )
            .with("UserSub", o.user_sub()))
    }

    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .confirm_sign_up()
            .client_id(&self.config().client_id)
            .username(username)
            .confirmation_code(code)
            .set_secret_hash(self.hash_for(hash_for));
        send!("ConfirmSignUp", req)?;
        Ok(Value::Null)
    }

    pub async fn resend_confirmation_code(
        &self,
        username: &str,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .resend_confirmation_code()
            .client_id(&self.config().client_id)
            .username(username)
            .set_secret_hash(self.hash_for(hash_for));
        let o = send!("ResendConfirmationCode", req)?;
        Ok(Value::map().with_opt(
            "CodeDeliveryDetails",
            o.code_delivery_details().map(code_delivery_value),
        ))
    }

    pub async fn forgot_password(&self, username: &str, hash_for: Option<&str>) -> Result<Value> {
        let req = self
            .sdk()
            .forgot_password()
            .client_id(&self.config().client_id)
            .username(username)
            .set_secret_hash(self.hash_for(hash_for));
        let o = send!("ForgotPassword", req)?;
        Ok(Value::map().with_opt(
            "CodeDeliveryDetails",
            o.code_delivery_details().map(code_delivery_value),
        ))
    }

    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        password: &str,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .confirm_forgot_password()
            .client_id(&self.config().client_id)
            .username(username)
            .confirmation_code(code)
            .password(password)
            .set_secret_hash(self.hash_for(hash_for));
        send!("ConfirmForgotPassword", req)?;
        Ok(Value::Null)
    }
}
