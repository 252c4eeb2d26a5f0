//! fastcognito's core: everything but the Python bindings.
//!
//! No PyO3 here. The binding crate wraps [`CognitoClient`]'s async operations into sync and
//! awaitable Python methods, and converts their [`types`] and [`Error`] into Python objects.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod client;
pub mod config;
pub mod context;
pub mod credentials;
pub mod device_secret;
pub mod error;
pub mod jwks;
pub mod jwt;
pub mod keys;
pub mod oauth;
pub mod ops;
pub mod remembered;
pub mod runtime;
pub mod secret_hash;
pub mod srp;
mod srp_modexp;
pub mod types;
pub mod verifier;
pub mod verify;

pub use client::CognitoClient;
pub use config::ClientConfig;
pub use error::{Error, ErrorKind, Result};
/// JWT claims and the JWKS document stay JSON: the binding converts them as they are.
pub use serde_json;
