//! A remembered device's secret: the password the app keeps, and the SRP verifier and salt
//! Cognito keeps (ConfirmDevice's `DeviceSecretVerifierConfig`).
//!
//! Device SRP is user SRP with the device group key for the pool name, the device key for the
//! user id and this password for the user's: x = H(pad(salt) || H(group || key || ":" ||
//! password)), verifier = g^x mod N. Both go to Cognito as base64 of their padded bytes, as
//! the Cognito SDKs send them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use num_bigint::BigUint;

use crate::srp::{self, SrpError};

/// A new device's secret. The password never appears in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecret {
    /// Base64 of 40 random bytes: what the app stores to sign in with the device later.
    pub device_password: String,
    /// Base64 of pad(g^x mod N).
    pub password_verifier: String,
    /// Base64 of pad(salt).
    pub salt: String,
}

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSecret")
            .field("device_password", &"**secret**")
            .field("password_verifier", &self.password_verifier)
            .field("salt", &self.salt)
            .finish()
    }
}

fn random<const N: usize>() -> Result<[u8; N], SrpError> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|_| SrpError("no randomness available for SRP"))?;
    Ok(bytes)
}

/// A fresh secret for the device `device_key` of group `device_group_key`.
pub fn generate(device_group_key: &str, device_key: &str) -> Result<DeviceSecret, SrpError> {
    let password = STANDARD.encode(random::<40>()?);
    let salt = BigUint::from_bytes_be(&random::<16>()?);
    Ok(with_salt(device_group_key, device_key, password, &salt))
}

/// The secret for a chosen password and salt (the part of [`generate`] that is not random).
pub fn with_salt(
    device_group_key: &str,
    device_key: &str,
    device_password: String,
    salt: &BigUint,
) -> DeviceSecret {
    let verifier = srp::verifier(device_group_key, device_key, &device_password, salt);
    DeviceSecret {
        password_verifier: STANDARD.encode(srp::pad(&verifier)),
        salt: STANDARD.encode(srp::pad(salt)),
        device_password,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_salts_are_fresh_and_the_password_stays_out_of_debug() {
        let a = generate("-grp", "us-east-1_0f1e").unwrap();
        let b = generate("-grp", "us-east-1_0f1e").unwrap();
        assert_ne!(a.device_password, b.device_password);
        assert_ne!(a.salt, b.salt);
        assert_eq!(STANDARD.decode(&a.device_password).unwrap().len(), 40);
        let salt = STANDARD.decode(&a.salt).unwrap();
        // 16 random bytes, less any leading zeros, plus a zero byte when the high bit is set.
        assert!(!salt.is_empty() && salt.len() <= 17, "{}", salt.len());
        assert!(!format!("{a:?}").contains(&a.device_password));
    }
}
