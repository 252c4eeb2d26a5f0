//! `PendingCall`: one Cognito call that has not run yet. Python either blocks on it
//! (`wait()`, GIL released) or awaits it (`future()`), so every operation is written once.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use fastcognito_core::Error;
use fastcognito_core::runtime::runtime;
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::exceptions::{PyRuntimeError, PyStopIteration};
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::convert::{BoxedToPy, Converted, ToPy};
use crate::errors::{deferred_pyerr, panic_error, to_pyerr};
use crate::runtime::CoreRuntime;
use crate::shutdown;

type CallFuture = BoxFuture<'static, Result<Box<dyn BoxedToPy>, Error>>;

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

/// Also an iterator, so that a plan (see `_calls.py`) can write `x = yield from call`: the
/// first `next()` gives the call itself to the runner, which runs it and sends the result
/// back; `send(result)` then ends the iteration with that result, the value of `yield from`.
#[pyclass(frozen, module = "fastcognito._core")]
pub struct PendingCall {
    future: Mutex<Option<CallFuture>>,
    yielded: AtomicBool,
    /// The task of an awaited call handed back through a hub, for `cancel()`.
    task: Mutex<Option<tokio::task::AbortHandle>>,
}

impl PendingCall {
    pub fn new<T: ToPy + Send + 'static>(
        fut: impl Future<Output = Result<T, Error>> + Send + 'static,
    ) -> Self {
        // A panic inside the call becomes an error instead of unwinding into Python.
        let guarded = AssertUnwindSafe(fut).catch_unwind().map(|r| match r {
            Ok(result) => result.map(|v| Box::new(v) as Box<dyn BoxedToPy>),
            Err(payload) => Err(panic_error(payload.as_ref())),
        });
        PendingCall {
            future: Mutex::new(Some(Box::pin(guarded))),
            yielded: AtomicBool::new(false),
            task: Mutex::new(None),
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
            Ok(v) => v.boxed_to_py(py),
            Err(e) => Err(to_pyerr(py, e)),
        }
    }

    /// An asyncio future for the call; needs a running event loop. A failure raises the
    /// same exception class as `wait()` would. The result comes back through the loop's hub
    /// (see `hub`); cancelling the future does not stop the call: `cancel()` does.
    fn future<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fut = self.take()?;
        #[cfg(unix)]
        if let (event_loop, Some(sender)) = crate::hub::for_running_loop(py)? {
            let future = event_loop.call_method0(pyo3::intern!(py, "create_future"))?;
            let target = future.clone().unbind();
            let task = runtime().spawn(async move {
                sender.deliver(target, fut.await);
            });
            *self.task.lock().unwrap_or_else(|p| p.into_inner()) = Some(task.abort_handle());
            return Ok(future);
        }
        pyo3_async_runtimes::generic::future_into_py::<CoreRuntime, _, _>(py, async move {
            match fut.await {
                Ok(v) => Ok(Converted(v)),
                Err(e) => Err(deferred_pyerr(e)),
            }
        })
    }

    /// Stops an awaited call whose future was cancelled (a no-op once it has finished).
    fn cancel(&self) {
        if let Some(task) = self.task.lock().unwrap_or_else(|p| p.into_inner()).take() {
            task.abort();
        }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The call itself, once (for the runner); then the end, for a result of None (which
    /// `yield from` passes on with `next()` rather than `send()`).
    fn __next__(slf: PyRef<'_, Self>) -> Option<PyRef<'_, Self>> {
        (!slf.yielded.swap(true, Ordering::AcqRel)).then_some(slf)
    }

    /// The runner's result coming back: the end of the iteration, with that value.
    #[pyo3(signature = (value, /))]
    fn send(&self, value: Bound<'_, PyAny>) -> PyResult<()> {
        Err(PyStopIteration::new_err((value.unbind(),)))
    }

    /// `PendingCall[T]` in annotations evaluated at run time.
    #[classmethod]
    #[pyo3(signature = (item, /))]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, PyType>,
        item: &Bound<'py, PyAny>,
    ) -> Bound<'py, PyType> {
        let _ = item;
        cls.clone()
    }
}

fn deliberate_panic() -> Result<(), Error> {
    panic!("a deliberate panic (fastcognito._core._panicking_call)")
}

/// The environment variable that, set to `1` when the module is first imported, adds
/// `_panicking_call` to it.
pub const PANIC_SWITCH: &str = "FASTCOGNITO_TEST_PANICS";

/// A call that panics when run. Not API, and absent unless [`PANIC_SWITCH`] is on: it lets
/// the tests check that a panic inside a call becomes `InternalError`, blocking or awaited,
/// and that the interpreter goes on.
#[pyfunction]
pub fn _panicking_call() -> PendingCall {
    PendingCall::new(async { deliberate_panic() })
}
