//! Where AWS credentials come from, without ever waiting on a metadata service that is not there.
//!
//! The chain is the standard one (environment, shared files, web identity, container), and the
//! EC2 instance metadata service is only tried on a machine that looks like EC2, so an admin
//! call made without credentials elsewhere fails at once instead of after IMDS timeouts.
//!
//! A profile may hold keys, a `credential_process`, a `role_arn` with its `source_profile` (or
//! `credential_source`), or SSO settings (`sso_session` or the legacy `sso_start_url`, with the
//! token `aws sso login` cached): the SDK's profile provider resolves each, and its STS and SSO
//! clients honour `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_SSO` (read from the environment
//! and the profile when the provider config is built from them, as here).

use aws_config::ecs::EcsCredentialsProvider;
use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::region::Region;

use crate::config::StaticKeys;

/// The credentials admin calls are signed with: the explicit keys, else the chain. `profile`
/// is the `profile_name=` given to the client (else `AWS_PROFILE`, else `default`).
pub fn provider(
    keys: Option<&StaticKeys>,
    region: &str,
    profile: Option<&str>,
) -> SharedCredentialsProvider {
    if let Some(k) = keys {
        return SharedCredentialsProvider::new(Credentials::new(
            k.access_key_id.clone(),
            k.secret_access_key.clone(),
            k.session_token.clone(),
            None,
            "fastcognito-static",
        ));
    }
    let conf = ProviderConfig::default().with_region(Some(Region::new(region.to_owned())));
    let mut profile_provider = ProfileFileCredentialsProvider::builder().configure(&conf);
    if let Some(name) = profile {
        profile_provider = profile_provider.profile_name(name);
    }
    let profile_provider = profile_provider.build();
    // A profile named in code is the only source, as in botocore: neither the AWS_ACCESS_KEY_ID
    // variables nor the container or instance roles sign in its place (AWS_PROFILE is weaker:
    // those variables still come first).
    if profile.is_some() {
        return SharedCredentialsProvider::new(profile_provider);
    }
    let mut chain = CredentialsProviderChain::first_try(
        "Environment",
        EnvironmentVariableCredentialsProvider::new(),
    )
    .or_else("Profile", profile_provider)
    .or_else(
        "WebIdentityToken",
        WebIdentityTokenCredentialsProvider::builder()
            .configure(&conf)
            .build(),
    )
    .or_else(
        "EcsContainer",
        EcsCredentialsProvider::builder().configure(&conf).build(),
    );
    if imds_worth_trying(
        |k| std::env::var(k).ok(),
        |p| std::fs::read_to_string(p).ok(),
    ) {
        chain = chain.or_else(
            "Ec2InstanceMetadata",
            ImdsCredentialsProvider::builder().configure(&conf).build(),
        );
    }
    SharedCredentialsProvider::new(chain)
}

/// IMDS is tried when it was configured explicitly, or when the machine identifies as EC2
/// through its DMI/hypervisor files; never when `AWS_EC2_METADATA_DISABLED=true`.
pub fn imds_worth_trying(
    env: impl Fn(&str) -> Option<String>,
    read: impl Fn(&str) -> Option<String>,
) -> bool {
    if env("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return false;
    }
    if env("AWS_EC2_METADATA_SERVICE_ENDPOINT").is_some() {
        return true;
    }
    let vendor = read("/sys/devices/virtual/dmi/id/sys_vendor").unwrap_or_default();
    let board = read("/sys/devices/virtual/dmi/id/board_asset_tag").unwrap_or_default();
    let hypervisor = read("/sys/hypervisor/uuid").unwrap_or_default();
    vendor.trim().starts_with("Amazon EC2")
        || board.trim().starts_with("i-")
        || hypervisor.starts_with("ec2")
}

#[cfg(test)]
mod tests {
    use super::{StaticKeys, imds_worth_trying, provider};
    use aws_credential_types::provider::ProvideCredentials;

    #[tokio::test]
    async fn explicit_keys_win_over_a_named_profile() {
        let keys = StaticKeys {
            access_key_id: "AKIAEXPLICIT".into(),
            secret_access_key: "s".into(),
            session_token: Some("t".into()),
        };
        let creds = provider(Some(&keys), "us-east-1", Some("no-such-profile"))
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(creds.access_key_id(), "AKIAEXPLICIT");
        assert_eq!(creds.session_token(), Some("t"));
    }

    #[test]
    fn imds_only_where_it_can_answer() {
        let no_env = |_: &str| None;
        let no_files = |_: &str| None;
        assert!(!imds_worth_trying(no_env, no_files));
        assert!(imds_worth_trying(no_env, |p: &str| {
            p.ends_with("sys_vendor")
                .then(|| "Amazon EC2\n".to_string())
        }));
        assert!(imds_worth_trying(no_env, |p: &str| p
            .ends_with("uuid")
            .then(|| "ec2a1b".to_string())));
        let disabled = |k: &str| (k == "AWS_EC2_METADATA_DISABLED").then(|| "true".to_string());
        assert!(!imds_worth_trying(disabled, |_: &str| Some(
            "Amazon EC2".to_string()
        )));
        let explicit =
            |k: &str| (k == "AWS_EC2_METADATA_SERVICE_ENDPOINT").then(|| "http://x".to_string());
        assert!(imds_worth_trying(explicit, no_files));
    }
}
