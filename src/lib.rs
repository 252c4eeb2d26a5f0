//! `fastcognito._core`: thin PyO3 bindings over the `fastcognito-core` crate.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod client;
mod convert;
mod errors;
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
    use crate::pending::{_panicking_call, PendingCall};
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
        Ok(())
    }
}
