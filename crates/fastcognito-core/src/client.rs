//! A Cognito client for one user pool and app client: configuration plus one SDK client
//! (one connection pool), built on first use and rebuilt after `fork()` or `close()`.

use std::sync::Mutex;

use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use cip::config::{BehaviorVersion, Region, StalledStreamProtectionConfig};

use crate::config::ClientConfig;
use crate::keys::KeyCache;

pub struct CognitoClient {
    config: ClientConfig,
    /// The SDK client and the process id it was built in.
    sdk: Mutex<Option<(u32, cip::Client)>>,
    /// The pool's signing keys.
    keys: KeyCache,
}

impl std::fmt::Debug for CognitoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CognitoClient")
            .field("config", &self.config)
            .finish()
    }
}

impl CognitoClient {
    pub fn new(config: ClientConfig) -> Self {
        CognitoClient {
            // The mandate family's cache: COGNITO_JWKS keeps its meaning there (mandate's).
            keys: KeyCache::new(config.jwks_url(), config.jwks_timeouts())
                .honouring_env()
                .allowing_test_key(config.endpoint_is_loopback()),
            config,
            sdk: Mutex::new(None),
        }
    }

    pub fn keys(&self) -> &KeyCache {
        &self.keys
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The SDK client, built now if this process has none yet. Cheap to clone (an Arc).
    pub fn sdk(&self) -> cip::Client {
        let pid = std::process::id();
        let mut slot = self
            .sdk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match slot.as_ref() {
            Some((built_in, client)) if *built_in == pid => client.clone(),
            _ => {
                let client = build_sdk_client(&self.config);
                *slot = Some((pid, client.clone()));
                client
            }
        }
    }

    /// Drops the SDK client and its connections; the next call builds a new one.
    pub fn close(&self) {
        let mut slot = self
            .sdk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = None;
    }

    /// Whether an SDK client currently exists (for tests of `close`).
    pub fn is_open(&self) -> bool {
        self.sdk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .is_some()
    }
}

fn build_sdk_client(c: &ClientConfig) -> cip::Client {
    let mut timeouts = TimeoutConfig::builder()
        .connect_timeout(c.connect_timeout)
        .operation_timeout(c.operation_timeout);
    if let Some(read) = c.read_timeout {
        timeouts = timeouts.read_timeout(read);
    }
    let mut builder = cip::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(c.region.clone()))
        .credentials_provider(crate::credentials::provider(
            c.keys.as_ref(),
            &c.region,
            c.profile_name.as_deref(),
        ))
        .timeout_config(timeouts.build())
        .retry_config(RetryConfig::standard().with_max_attempts(c.max_attempts.max(1)))
        // Cognito's bodies are a few hundred bytes: the throughput watchdog for streaming
        // bodies only costs timers here, and the operation timeout already bounds every call.
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled());
    if let Some(url) = &c.endpoint_url {
        builder = builder.endpoint_url(url.clone());
    }
    cip::Client::from_conf(builder.build())
}
