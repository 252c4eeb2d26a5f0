//! `fastcognito._core`: thin PyO3 bindings over the `fastcognito-core` crate.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod client;
mod context;
mod convert;
mod errors;
#[cfg(unix)]
mod hub;
mod oauth;
mod pending;
mod runtime;
mod shutdown;
mod tokens;
mod verifier;

use pyo3::prelude::*;

#[pymodule(gil_used = false)]
mod _core {
    #[pymodule_export]
    use crate::client::CoreClient;
    #[pymodule_export]
    use crate::errors::{_error_kinds, _exception_for, _register_errors};
    #[pymodule_export]
    use crate::oauth::{OAuthCore, pkce_challenge};
    #[pymodule_export]
    use crate::pending::PendingCall;
    #[pymodule_export]
    use crate::shutdown::_shutdown;
    #[pymodule_export]
    use crate::tokens::{region_from_pool_id, secret_hash, token_use, unverified_claims};
    #[pymodule_export]
    use crate::verifier::{Verifier, unverified_issuer};

    use super::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // Only the panic tests may make a call panic on purpose; a shipped module has no such
        // function unless its process was started with the switch on.
        if std::env::var_os(crate::pending::PANIC_SWITCH).is_some_and(|v| v == "1") {
            m.add_function(wrap_pyfunction!(crate::pending::_panicking_call, m)?)?;
        }
        Ok(())
    }
}
