//! Self-service sign-up and password recovery: unsigned calls made for a user by name. Each
//! takes `client_metadata`, Cognito's `ClientMetadata`, handed to the pool's Lambda triggers,
//! and `context`, sent as `UserContextData` for threat protection.

use super::auth::Params;
use super::{send, to_attributes};
use crate::CognitoClient;
use crate::context::{UserContext, for_public};
use crate::error::Result;
use crate::types::{CodeDelivery, SignUpResult, Single};

/// What every call here carries: the app client, the username, SECRET_HASH keyed on it and
/// the client metadata and the context data.
macro_rules! for_user {
    ($client:expr, $builder:ident, $username:expr, $metadata:expr, $context:expr) => {{
        let hash = $client.config().secret_hash(&$username);
        let context = for_public($context.as_ref())?;
        $client
            .sdk()
            .$builder()
            .client_id($client.config().require_client_id()?)
            .username($username)
            .set_secret_hash(hash)
            .set_client_metadata($metadata)
            .set_user_context_data(context)
    }};
}

/// Calls that take only the username and answer where a code was sent.
macro_rules! code_sender {
    ($($name:ident => $op:literal),* $(,)?) => {
        impl CognitoClient {
            $(
                pub async fn $name(
                    &self,
                    username: String,
                    client_metadata: Option<Params>,
                    context: Option<UserContext>,
                ) -> Result<Single<CodeDelivery>> {
                    let req = for_user!(self, $name, username, client_metadata, context);
                    let o = send!(self, $op, req)?;
                    Ok(Single(o.code_delivery_details().map(CodeDelivery::from)))
                }
            )*
        }
    };
}

code_sender! {
    resend_confirmation_code => "ResendConfirmationCode",
    forgot_password => "ForgotPassword",
}

impl CognitoClient {
    pub async fn sign_up(
        &self,
        username: String,
        password: String,
        attributes: Vec<(String, String)>,
        validation_data: Vec<(String, String)>,
        client_metadata: Option<Params>,
        context: Option<UserContext>,
    ) -> Result<SignUpResult> {
        let req = for_user!(self, sign_up, username, client_metadata, context)
            .password(password)
            .set_user_attributes(Some(to_attributes(attributes)?))
            .set_validation_data(Some(to_attributes(validation_data)?));
        let o = send!(self, "SignUp", req)?;
        Ok(SignUpResult {
            user_confirmed: o.user_confirmed(),
            code_delivery: o.code_delivery_details().map(CodeDelivery::from),
            user_sub: o.user_sub().to_owned(),
        })
    }

    pub async fn confirm_sign_up(
        &self,
        username: String,
        code: String,
        client_metadata: Option<Params>,
        context: Option<UserContext>,
    ) -> Result<()> {
        let req = for_user!(self, confirm_sign_up, username, client_metadata, context)
            .confirmation_code(code);
        send!(self, "ConfirmSignUp", req)?;
        Ok(())
    }

    pub async fn confirm_forgot_password(
        &self,
        username: String,
        code: String,
        password: String,
        client_metadata: Option<Params>,
        context: Option<UserContext>,
    ) -> Result<()> {
        let req = for_user!(
            self,
            confirm_forgot_password,
            username,
            client_metadata,
            context
        )
        .confirmation_code(code)
        .password(password);
        send!(self, "ConfirmForgotPassword", req)?;
        Ok(())
    }
}
