//! `fastcognito.UserContext` (a Python class, `_context.py`) as the core's [`UserContext`], and
//! the one conversion step every `operations!` argument goes through.

use fastcognito_core::context::UserContext;
use pyo3::prelude::*;

/// The Python object's checked fields; `_header_pairs` is its headers as `(name, value)` pairs.
#[derive(FromPyObject)]
pub struct PyUserContext {
    #[pyo3(attribute("ip_address"))]
    ip_address: String,
    #[pyo3(attribute("_header_pairs"))]
    headers: Vec<(String, String)>,
    #[pyo3(attribute("encoded_data"))]
    encoded_data: Option<String>,
    #[pyo3(attribute("server_name"))]
    server_name: Option<String>,
    #[pyo3(attribute("server_path"))]
    server_path: Option<String>,
}

/// An argument as Python gives it, turned into what the core operation takes: the same value
/// for every argument but the context.
pub trait IntoCore<T> {
    fn into_core(self) -> T;
}

impl<T> IntoCore<T> for T {
    fn into_core(self) -> T {
        self
    }
}

impl IntoCore<Option<UserContext>> for Option<PyUserContext> {
    fn into_core(self) -> Option<UserContext> {
        self.map(|c| UserContext {
            ip_address: c.ip_address,
            headers: c.headers,
            encoded_data: c.encoded_data,
            server_name: c.server_name,
            server_path: c.server_path,
        })
    }
}
