//! Interpreter exit with calls in flight.
//!
//! On CPython before 3.14 a thread that takes the GIL back after finalization has begun is
//! ended with `pthread_exit`, which cannot unwind through Rust frames and aborts the process.
//! Two kinds of threads would do that: a Python thread returning from a blocking call, and
//! the tokio thread that hands an awaited result back to asyncio. So every such section is
//! counted, and fastcognito's `atexit` hook (which runs before finalization) stops new ones,
//! cancels blocking calls still waiting, and waits for the counted sections to leave.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use tokio::sync::Notify;

static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static SHUTDOWN: Notify = Notify::const_new();

/// Held while a thread may still take the GIL on behalf of a call.
pub struct InFlight(());

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Enters a section that will take the GIL, unless the interpreter is exiting.
pub fn enter() -> Option<InFlight> {
    IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
    let guard = InFlight(());
    if SHUTTING_DOWN.load(Ordering::Acquire) {
        None
    } else {
        Some(guard)
    }
}

pub fn is_shutting_down() -> bool {
    SHUTTING_DOWN.load(Ordering::Acquire)
}

/// Resolves when the interpreter starts exiting (create it before checking the flag).
pub fn notified() -> tokio::sync::futures::Notified<'static> {
    SHUTDOWN.notified()
}

/// Called once from `atexit`: no new call may take the GIL from now on; blocking calls are
/// cancelled; sections already running get up to two seconds to leave.
#[pyfunction]
pub fn _shutdown(py: Python<'_>) {
    SHUTTING_DOWN.store(true, Ordering::Release);
    SHUTDOWN.notify_waiters();
    py.detach(|| {
        let deadline = Instant::now() + Duration::from_secs(2);
        while IN_FLIGHT.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
    });
}
