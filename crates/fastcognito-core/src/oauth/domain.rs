//! Where a user pool domain's endpoints are: a prefix domain, a custom domain, or an endpoint
//! override (an emulator).

use crate::config::resolve_endpoint;

fn is_prefix(domain: &str) -> bool {
    !domain.is_empty()
        && domain.len() <= 63
        && domain
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !domain.starts_with('-')
        && !domain.ends_with('-')
}

fn is_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
        && name.contains('.')
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The address of the domain's endpoints; see [`super::OAuthConfig::new`].
pub fn base_url(
    domain: &str,
    region: Option<&str>,
    endpoint_url: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    const FORMS: &str = "domain must be a Cognito domain prefix (lowercase letters, digits and \
                         hyphens), a host name such as auth.example.com, or an https:// URL";
    let own = if let Some(rest) = domain.strip_prefix("https://") {
        let host = rest.trim_end_matches('/');
        if !is_host(host) && !host.split_once('/').is_some_and(|(h, _)| is_host(h)) {
            return Err(FORMS.into());
        }
        if host.contains(['?', '#', ' ']) {
            return Err(FORMS.into());
        }
        Some(format!("https://{host}"))
    } else if domain.contains("://") {
        return Err(format!(
            "{FORMS}; for a local server (an emulator) pass endpoint_url= instead"
        ));
    } else if is_host(domain) {
        Some(format!("https://{}", domain.to_ascii_lowercase()))
    } else if is_prefix(domain) {
        None
    } else {
        return Err(FORMS.into());
    };
    if let Some(endpoint) = resolve_endpoint(endpoint_url, &env) {
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err("endpoint_url must be an http:// or https:// URL".into());
        }
        return Ok(endpoint.trim_end_matches('/').to_owned());
    }
    if let Some(url) = own {
        return Ok(url);
    }
    let region = match region {
        Some(r) if !r.is_empty() => r.to_owned(),
        Some(_) => return Err("region must not be empty".into()),
        None => ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .into_iter()
            .filter_map(&env)
            .find(|r| !r.is_empty())
            .ok_or_else(|| {
                format!(
                    "the domain prefix {domain:?} needs a region: pass region= \
                     (or set AWS_REGION)"
                )
            })?,
    };
    if !region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("{region:?} is not a region name"));
    }
    Ok(format!("https://{domain}.auth.{region}.amazoncognito.com"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn domain_forms() {
        let b = |d: &str, r: Option<&str>| base_url(d, r, None, no_env);
        assert_eq!(
            b("myapp", Some("eu-west-1")).unwrap(),
            "https://myapp.auth.eu-west-1.amazoncognito.com"
        );
        assert_eq!(
            b("auth.Example.com", None).unwrap(),
            "https://auth.example.com"
        );
        assert_eq!(
            b("https://auth.example.com/", None).unwrap(),
            "https://auth.example.com"
        );
        assert_eq!(
            b("https://myapp.auth.us-east-1.amazoncognito.com", None).unwrap(),
            "https://myapp.auth.us-east-1.amazoncognito.com"
        );
        assert_eq!(
            b("https://localhost.test:8443", None).unwrap(),
            "https://localhost.test:8443"
        );
        for bad in [
            "",
            "My_App",
            "-app",
            "http://auth.example.com",
            "https://x",
            "a b",
        ] {
            assert!(b(bad, Some("us-east-1")).is_err(), "{bad:?}");
        }
        assert!(b("myapp", None).unwrap_err().contains("region"));
        let env = |k: &str| (k == "AWS_DEFAULT_REGION").then(|| "ap-south-1".to_owned());
        assert_eq!(
            base_url("myapp", None, None, env).unwrap(),
            "https://myapp.auth.ap-south-1.amazoncognito.com"
        );
        // An endpoint override (an emulator) wins over the domain's own address.
        assert_eq!(
            base_url("myapp", None, Some("http://127.0.0.1:5000/"), no_env).unwrap(),
            "http://127.0.0.1:5000"
        );
        let env =
            |k: &str| (k == crate::config::ENDPOINT_ENV_SERVICE).then(|| "http://emu:1".to_owned());
        assert_eq!(
            base_url("auth.example.com", None, None, env).unwrap(),
            "http://emu:1"
        );
    }
}
