//! A Cognito client for one user pool and app client: configuration plus one SDK client
//! (one connection pool), built on first use and rebuilt after `fork()` or `close()`.

use std::sync::{Arc, Mutex};

use aws_sdk_cognitoidentityprovider as cip;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use cip::config::{BehaviorVersion, Region, StalledStreamProtectionConfig};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ClientConfig;
use crate::keys::KeyCache;

/// How many calls of one client are on the wire at once; the others wait their turn. Without
/// a bound, ten thousand calls started together open ten thousand connections (tens of KB
/// each); 128 keeps a loopback or regional endpoint busy from two cores, as boto3's and
/// aiobotocore's connection pools bound theirs (10 by default).
pub const MAX_CALLS_IN_FLIGHT: usize = 128;

pub struct CognitoClient {
    config: ClientConfig,
    /// The SDK client and the process id it was built in.
    sdk: Mutex<Option<(u32, cip::Client)>>,
    /// The pool's signing keys.
    keys: KeyCache,
    /// Turns to be on the wire (see [`MAX_CALLS_IN_FLIGHT`]) and the process id they were
    /// made in: a child of `fork()` starts with all of them, as the turns its parent's calls
    /// held would never come back (their threads do not exist in the child).
    turns: Mutex<(u32, Arc<Semaphore>)>,
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
            turns: Mutex::new((std::process::id(), fresh_turns())),
        }
    }

    /// Waits for a turn to be on the wire; the call keeps it until the permit is dropped.
    /// None only if the semaphore were closed, which nothing does: the call then goes ahead.
    pub async fn turn(&self) -> Option<OwnedSemaphorePermit> {
        self.turns().acquire_owned().await.ok()
    }

    /// How many calls could start now without waiting (for tests of the bound).
    pub fn free_turns(&self) -> usize {
        self.turns().available_permits()
    }

    fn turns(&self) -> Arc<Semaphore> {
        let pid = std::process::id();
        let mut slot = self
            .turns
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.0 != pid {
            *slot = (pid, fresh_turns());
        }
        slot.1.clone()
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

fn fresh_turns() -> Arc<Semaphore> {
    Arc::new(Semaphore::new(MAX_CALLS_IN_FLIGHT))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_past_the_bound_wait_for_a_turn() {
        let config = ClientConfig::new("us-east-1_abc", "cid", None, None, None).unwrap();
        let client = CognitoClient::new(config);
        let mut held = Vec::new();
        for _ in 0..MAX_CALLS_IN_FLIGHT {
            held.push(client.turn().await.unwrap());
        }
        assert_eq!(client.free_turns(), 0);
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(20), client.turn());
        assert!(waiting.await.is_err(), "a call past the bound went ahead");
        held.pop();
        assert!(client.turn().await.is_some());
    }
}
