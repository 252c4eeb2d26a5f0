//! Passkeys (WebAuthn) of the signed-in user: registration, listing, deletion.
//!
//! The SDK carries the WebAuthn JSON (creation options, the browser's credential) as a smithy
//! `Document`; the core speaks `serde_json::Value`, which the binding already turns into Python.

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::types::WebAuthnCredentialDescription;
use aws_smithy_types::{Document, Number};
use serde_json::Value;

use super::send;
use crate::CognitoClient;
use crate::error::{Error, Result};
use crate::types::{DateTime, Page};

/// One registered passkey (`WebAuthnCredentialDescription`).
#[derive(Debug, Clone, PartialEq)]
pub struct WebAuthnCredential {
    pub credential_id: String,
    pub friendly_credential_name: String,
    pub relying_party_id: String,
    pub authenticator_attachment: Option<String>,
    pub authenticator_transports: Vec<String>,
    pub created_at: DateTime,
}

impl From<&WebAuthnCredentialDescription> for WebAuthnCredential {
    fn from(d: &WebAuthnCredentialDescription) -> Self {
        WebAuthnCredential {
            credential_id: d.credential_id().to_owned(),
            friendly_credential_name: d.friendly_credential_name().to_owned(),
            relying_party_id: d.relying_party_id().to_owned(),
            authenticator_attachment: d.authenticator_attachment().map(str::to_owned),
            authenticator_transports: d.authenticator_transports().to_vec(),
            created_at: *d.created_at(),
        }
    }
}

/// A smithy document as JSON. A float that JSON cannot hold (NaN, infinity) becomes null.
pub fn document_to_json(doc: &Document) -> Value {
    match doc {
        Document::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), document_to_json(v)))
                .collect(),
        ),
        Document::Array(items) => Value::Array(items.iter().map(document_to_json).collect()),
        Document::Number(Number::PosInt(n)) => Value::from(*n),
        Document::Number(Number::NegInt(n)) => Value::from(*n),
        Document::Number(Number::Float(f)) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        Document::String(s) => Value::String(s.clone()),
        Document::Bool(b) => Value::Bool(*b),
        Document::Null => Value::Null,
    }
}

/// JSON as a smithy document (integers stay integers).
pub fn json_to_document(value: &Value) -> Document {
    match value {
        Value::Object(map) => Document::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_document(v)))
                .collect::<HashMap<_, _>>(),
        ),
        Value::Array(items) => Document::Array(items.iter().map(json_to_document).collect()),
        Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(0.0))
        }),
        Value::String(s) => Document::String(s.clone()),
        Value::Bool(b) => Document::Bool(*b),
        Value::Null => Document::Null,
    }
}

/// The browser's credential, given as JSON text: it must be a JSON object.
fn credential_document(credential: &str) -> Result<Document> {
    match serde_json::from_str::<Value>(credential) {
        Ok(value @ Value::Object(_)) => Ok(json_to_document(&value)),
        Ok(_) => Err(Error::invalid_argument(
            "the credential must be a JSON object",
        )),
        Err(e) => Err(Error::invalid_argument(format!(
            "the credential is not valid JSON: {e}"
        ))),
    }
}

impl CognitoClient {
    /// StartWebAuthnRegistration: the credential creation options for the browser.
    pub async fn start_web_authn_registration(&self, access_token: String) -> Result<Value> {
        let req = self
            .sdk()
            .start_web_authn_registration()
            .access_token(access_token);
        let o = send!(self, "StartWebAuthnRegistration", req)?;
        Ok(document_to_json(o.credential_creation_options()))
    }

    /// CompleteWebAuthnRegistration with the browser's `RegistrationResponseJSON` (JSON text).
    pub async fn complete_web_authn_registration(
        &self,
        access_token: String,
        credential: String,
    ) -> Result<()> {
        let req = self
            .sdk()
            .complete_web_authn_registration()
            .access_token(access_token)
            .credential(credential_document(&credential)?);
        send!(self, "CompleteWebAuthnRegistration", req)?;
        Ok(())
    }

    pub async fn list_web_authn_credentials(
        &self,
        access_token: String,
        max_results: Option<i32>,
        next_token: Option<String>,
    ) -> Result<Page<WebAuthnCredential>> {
        let req = self
            .sdk()
            .list_web_authn_credentials()
            .access_token(access_token)
            .set_max_results(max_results)
            .set_next_token(next_token);
        let o = send!(self, "ListWebAuthnCredentials", req)?;
        let items = o.credentials().iter().map(WebAuthnCredential::from);
        Ok(Page::next(items.collect(), o.next_token()))
    }

    pub async fn delete_web_authn_credential(
        &self,
        access_token: String,
        credential_id: String,
    ) -> Result<()> {
        let req = self
            .sdk()
            .delete_web_authn_credential()
            .access_token(access_token)
            .credential_id(credential_id);
        send!(self, "DeleteWebAuthnCredential", req)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_documents_round_trip() {
        let value: Value = serde_json::from_str(
            r#"{"rp":{"id":"localhost"},"pubKeyCredParams":[{"type":"public-key","alg":-7}],
                "timeout":180000,"ratio":0.5,"flag":true,"none":null}"#,
        )
        .unwrap();
        let doc = json_to_document(&value);
        assert_eq!(document_to_json(&doc), value);
        match &doc {
            Document::Object(map) => {
                assert_eq!(map["timeout"], Document::Number(Number::PosInt(180000)));
            }
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn a_credential_must_be_a_json_object() {
        assert!(credential_document(r#"{"id":"abc"}"#).is_ok());
        for bad in ["[1]", "\"x\"", "{not json", ""] {
            let err = credential_document(bad).unwrap_err();
            assert!(err.message.contains("credential"), "{}", err.message);
        }
    }
}
