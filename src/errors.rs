//! Core errors to Python exceptions, in one place for blocking and awaited calls.
//!
//! `fastcognito.exceptions` registers its factory once, at import; every error is then
//! built by it with the GIL held, so `wait()` and `future()` raise the same final class
//! and no module is looked up by name while an error is on its way.

use fastcognito_core::{Error, ErrorKind};
use pyo3::PyErrArguments;
use pyo3::exceptions::{PyBaseException, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// `fastcognito.exceptions._from_core(kind, code, message, operation, http_status, request_id)`.
static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Every error kind, so that the tests can check each has its own class. `kind_position`
/// has no wildcard arm, so a new `ErrorKind` does not compile until it is given a place
/// there; the check below keeps this list in step with those places.
const KINDS: [ErrorKind; 9] = [
    ErrorKind::Service,
    ErrorKind::NoCredentials,
    ErrorKind::Connection,
    ErrorKind::Timeout,
    ErrorKind::MalformedResponse,
    ErrorKind::InvalidArgument,
    ErrorKind::Internal,
    ErrorKind::InvalidToken,
    ErrorKind::KeysUnavailable,
];

const fn kind_position(kind: &ErrorKind) -> usize {
    match kind {
        ErrorKind::Service => 0,
        ErrorKind::NoCredentials => 1,
        ErrorKind::Connection => 2,
        ErrorKind::Timeout => 3,
        ErrorKind::MalformedResponse => 4,
        ErrorKind::InvalidArgument => 5,
        ErrorKind::Internal => 6,
        ErrorKind::InvalidToken => 7,
        ErrorKind::KeysUnavailable => 8,
    }
}

const _: () = {
    let mut i = 0;
    while i < KINDS.len() {
        assert!(
            kind_position(&KINDS[i]) == i,
            "KINDS is out of step with kind_position"
        );
        i += 1;
    }
};

/// Builds the final exception for a core error with the registered factory.
pub fn to_pyerr(py: Python<'_>, e: Error) -> PyErr {
    let Some(factory) = FACTORY.get(py) else {
        // Only reachable if `_core` is used without the package: say so, keep the reason.
        return PyRuntimeError::new_err(format!(
            "fastcognito.exceptions is not loaded; {}: {}",
            e.code, e.message
        ));
    };
    let built = factory.bind(py).call1((
        e.kind.as_str(),
        &e.code,
        &e.message,
        &e.operation,
        e.http_status,
        &e.request_id,
    ));
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

/// A core error whose exception is built when the `PyErr` is first used, with the GIL.
struct Deferred(Error);

impl PyErrArguments for Deferred {
    fn arguments(self, py: Python<'_>) -> Py<PyAny> {
        // An exception instance as the "arguments": raising it under its base class
        // (`PyErr_SetObject`) keeps the instance, so this is the final exception itself.
        to_pyerr(py, self.0).into_value(py).into_any()
    }
}

/// [`to_pyerr`], deferred until the GIL is held anyway: for an awaited call that is when
/// pyo3-async-runtimes hands the result to asyncio, from a blocking-pool thread and under
/// the shutdown guard (`runtime::CoreRuntime::spawn_blocking`), so no runtime worker
/// waits for the GIL and nothing takes it once the interpreter is exiting.
pub fn deferred_pyerr(e: Error) -> PyErr {
    PyErr::new::<PyBaseException, _>(Deferred(e))
}

/// The error a caught Rust panic becomes.
pub fn panic_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::new(
        ErrorKind::Internal,
        "InternalError",
        format!("fastcognito bug (Rust panic): {text}"),
        "",
    )
}

/// Called once by `fastcognito.exceptions` at import. Returns False (and keeps the first)
/// if a factory is already registered, e.g. after a reload of that module.
#[pyfunction]
pub fn _register_errors(py: Python<'_>, factory: Bound<'_, PyAny>) -> PyResult<bool> {
    if !factory.is_callable() {
        return Err(PyRuntimeError::new_err(
            "the error factory must be callable",
        ));
    }
    Ok(FACTORY.set(py, factory.unbind()).is_ok())
}

/// The name of every core error kind (tests check that each has its own class).
#[pyfunction]
pub fn _error_kinds() -> Vec<&'static str> {
    KINDS.iter().map(ErrorKind::as_str).collect()
}

/// The exception a core error of this kind becomes, built as a failing awaited call builds
/// it. Not API: it lets the tests check every kind without provoking each failure.
#[pyfunction]
pub fn _exception_for(
    py: Python<'_>,
    kind: &str,
    code: &str,
    message: &str,
) -> PyResult<Py<PyAny>> {
    let kind = KINDS
        .iter()
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| PyRuntimeError::new_err(format!("no error kind {kind:?}")))?;
    let err = deferred_pyerr(Error::new(kind.clone(), code, message, ""));
    Ok(err.into_value(py).into_any())
}
