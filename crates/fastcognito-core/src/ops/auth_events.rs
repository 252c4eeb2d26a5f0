//! Threat protection's record of a user's sign-ins: AdminListUserAuthEvents, and the feedback
//! that tells Cognito whether an event was really the user (AdminUpdateAuthEventFeedback, and
//! UpdateAuthEventFeedback with the token of Cognito's notification email).

use aws_sdk_cognitoidentityprovider::types::{AuthEventType, FeedbackValueType};

use super::send;
use crate::CognitoClient;
use crate::error::{Error, Result};
use crate::types::{DateTime, Page, TokenName};

/// Threat protection's judgement of an event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventRisk {
    pub risk_decision: Option<String>,
    pub risk_level: Option<String>,
    pub compromised_credentials_detected: Option<bool>,
}

/// Where an event came from, as Cognito derived it from the context data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventContext {
    pub ip_address: Option<String>,
    pub device_name: Option<String>,
    pub timezone: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// Feedback given on an event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFeedback {
    pub feedback_value: String,
    pub provider: String,
    pub feedback_date: Option<DateTime>,
}

/// One auth event (`AuthEventType`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthEvent {
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub creation_date: Option<DateTime>,
    pub event_response: Option<String>,
    pub event_risk: Option<EventRisk>,
    /// `(ChallengeName, ChallengeResponse)`: e.g. `("Password", "Success")`.
    pub challenge_responses: Vec<(Option<String>, Option<String>)>,
    pub event_context: Option<EventContext>,
    pub event_feedback: Option<EventFeedback>,
}

impl From<&AuthEventType> for AuthEvent {
    fn from(e: &AuthEventType) -> Self {
        AuthEvent {
            event_id: e.event_id().map(str::to_owned),
            event_type: e.event_type().map(|t| t.as_str().to_owned()),
            creation_date: e.creation_date().copied(),
            event_response: e.event_response().map(|r| r.as_str().to_owned()),
            event_risk: e.event_risk().map(|r| EventRisk {
                risk_decision: r.risk_decision().map(|d| d.as_str().to_owned()),
                risk_level: r.risk_level().map(|l| l.as_str().to_owned()),
                compromised_credentials_detected: r.compromised_credentials_detected(),
            }),
            challenge_responses: e
                .challenge_responses()
                .iter()
                .map(|c| {
                    (
                        c.challenge_name().map(|n| n.as_str().to_owned()),
                        c.challenge_response().map(|r| r.as_str().to_owned()),
                    )
                })
                .collect(),
            event_context: e.event_context_data().map(|c| EventContext {
                ip_address: c.ip_address().map(str::to_owned),
                device_name: c.device_name().map(str::to_owned),
                timezone: c.timezone().map(str::to_owned),
                city: c.city().map(str::to_owned),
                country: c.country().map(str::to_owned),
            }),
            event_feedback: e.event_feedback().map(|f| EventFeedback {
                feedback_value: f.feedback_value().as_str().to_owned(),
                provider: f.provider().to_owned(),
                feedback_date: f.feedback_date().copied(),
            }),
        }
    }
}

/// "Valid" or "Invalid" (any case) as Cognito's value; anything else is refused unsent.
fn feedback_value(feedback: &str) -> Result<FeedbackValueType> {
    match feedback.to_ascii_lowercase().as_str() {
        "valid" => Ok(FeedbackValueType::Valid),
        "invalid" => Ok(FeedbackValueType::Invalid),
        _ => Err(Error::invalid_argument(
            "feedback must be \"valid\" or \"invalid\"",
        )),
    }
}

impl CognitoClient {
    /// One page of a user's auth events, newest first.
    pub async fn admin_list_user_auth_events(
        &self,
        username: String,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<AuthEvent>> {
        let req = self
            .sdk()
            .admin_list_user_auth_events()
            .user_pool_id(self.pool())
            .username(username)
            .set_max_results(max_results)
            .set_next_token(next_token);
        let o = send!(self, "AdminListUserAuthEvents", req)?;
        Ok(Page {
            items: o.auth_events().iter().map(AuthEvent::from).collect(),
            next_token: o.next_token().map(str::to_owned),
            token_name: TokenName::NextToken,
        })
    }

    /// Marks an event as the user's own ("valid") or not ("invalid").
    pub async fn admin_update_auth_event_feedback(
        &self,
        username: String,
        event_id: String,
        feedback: String,
    ) -> Result<()> {
        let value = feedback_value(&feedback)?;
        let req = self
            .sdk()
            .admin_update_auth_event_feedback()
            .user_pool_id(self.pool())
            .username(username)
            .event_id(event_id)
            .feedback_value(value);
        send!(self, "AdminUpdateAuthEventFeedback", req)?;
        Ok(())
    }

    /// The same without AWS credentials, with the feedback token of Cognito's notification.
    pub async fn update_auth_event_feedback(
        &self,
        username: String,
        event_id: String,
        feedback_token: String,
        feedback: String,
    ) -> Result<()> {
        let value = feedback_value(&feedback)?;
        let req = self
            .sdk()
            .update_auth_event_feedback()
            .user_pool_id(self.pool())
            .username(username)
            .event_id(event_id)
            .feedback_token(feedback_token)
            .feedback_value(value);
        send!(self, "UpdateAuthEventFeedback", req)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_is_case_insensitive_and_closed() {
        assert_eq!(feedback_value("VALID").unwrap(), FeedbackValueType::Valid);
        assert_eq!(
            feedback_value("Invalid").unwrap(),
            FeedbackValueType::Invalid
        );
        assert!(feedback_value("maybe").is_err());
    }
}
