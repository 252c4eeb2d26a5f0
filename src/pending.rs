//! `PendingCall`: one Cognito call that has not run yet. Python either blocks on it
//! (`wait()`, GIL released) or awaits it (`future()`), so every operation is written once.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use fastcognito_core::runtime::runtime;
use fastcognito_core::{Error, Value};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::convert::{PyValue, value_to_py};
use crate::errors::{deferred_pyerr, panic_error, to_pyerr};
use crate::runtime::CoreRuntime;
use crate::shutdown;

type CallFuture = BoxFuture<'static, Result<Value, Error>>;

fn join_error(e: tokio::task::JoinError) -> Error {
    if e.is_panic() {
        panic_error(e.into_panic().as_ref())
    } else {
        Error::new(
            fastcognito_core::ErrorKind::Internal,
            "InternalError",
            "the call was cancelled",
            "",
        )
    }
}

fn exiting() -> Error {
    Error::new(
        fastcognito_core::ErrorKind::Connection,
        "InterpreterShutdown",
        "the call was abandoned because the interpreter is exiting",
        "",
    )
}

#[pyclass(frozen, module = "fastcognito._core")]
pub struct PendingCall {
    future: Mutex<Option<CallFuture>>,
}

impl PendingCall {
    pub fn new(fut: impl Future<Output = Result<Value, Error>> + Send + 'static) -> Self {
        // A panic inside the call becomes an error instead of unwinding into Python.
        let guarded = AssertUnwindSafe(fut)
            .catch_unwind()
            .map(|r| r.unwrap_or_else(|payload| Err(panic_error(payload.as_ref()))));
        PendingCall {
            future: Mutex::new(Some(Box::pin(guarded))),
        }
    }

    fn take(&self) -> PyResult<CallFuture> {
        self.future
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this call has already been run"))
    }
}

#[pymethods]
impl PendingCall {
    /// Runs the call to completion, with the GIL released while it waits. If the
    /// interpreter starts exiting meanwhile, the call is abandoned (see `shutdown`).
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.take()?;
        // Held until the GIL is back, so that exit waits for this thread.
        let Some(_in_flight) = shutdown::enter() else {
            return Err(to_pyerr(py, exiting()));
        };
        let outcome = py.detach(|| {
            runtime().block_on(async {
                let exit = shutdown::notified();
                if shutdown::is_shutting_down() {
                    return Err(exiting());
                }
                // Run the call as a task on the runtime's workers, next to the connection
                // tasks, rather than on this thread: far fewer cross-thread wake-ups.
                let task = runtime().spawn(fut);
                let abort = task.abort_handle();
                tokio::select! {
                    joined = task => joined.unwrap_or_else(|e| Err(join_error(e))),
                    () = exit => {
                        abort.abort();
                        Err(exiting())
                    }
                }
            })
        });
        match outcome {
            Ok(v) => value_to_py(py, v),
            Err(e) => Err(to_pyerr(py, e)),
        }
    }

    /// An asyncio future for the call; needs a running event loop. A failure raises the
    /// same exception class as `wait()` would.
    fn future<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.take()?;
        pyo3_async_runtimes::generic::future_into_py::<CoreRuntime, _, _>(py, async move {
            match fut.await {
                Ok(v) => Ok(PyValue(v)),
                Err(e) => Err(deferred_pyerr(e)),
            }
        })
    }
}

fn deliberate_panic() -> Result<Value, Error> {
    panic!("a deliberate panic (fastcognito._core._panicking_call)")
}

/// A call that panics when run. Not API: it lets the tests check that a panic inside a
/// call becomes `InternalError`, blocking or awaited, and that the interpreter goes on.
#[pyfunction]
pub fn _panicking_call() -> PendingCall {
    PendingCall::new(async { deliberate_panic() })
}
