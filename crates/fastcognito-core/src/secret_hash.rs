//! Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(client_secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::secret_hash;

    // Vectors from cognitopy 1.1.6's own test-suite (client id dtest34453, secret dtest34334444).
    #[test]
    fn cognitopy_vectors() {
        assert_eq!(
            secret_hash("username_test", "dtest34453", "dtest34334444"),
            "sD6vefe+JNM/kycHW3x6NhCdVMF2QbcJ2ztDjwr47DY="
        );
        assert_eq!(
            secret_hash("test1", "dtest34453", "dtest34334444"),
            "0ht/aQ+Y1wA2FL6XYkn3UoUfZu67Ik+/On25xDAlwpo="
        );
    }

    #[test]
    fn depends_on_every_input() {
        let base = secret_hash("u", "c", "s");
        assert_ne!(base, secret_hash("v", "c", "s"));
        assert_ne!(base, secret_hash("u", "d", "s"));
        assert_ne!(base, secret_hash("u", "c", "t"));
        // Empty secrets are legal HMAC keys.
        assert_eq!(secret_hash("u", "c", "").len(), 44);
    }
}
