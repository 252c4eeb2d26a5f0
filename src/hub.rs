//! Handing awaited results back to asyncio without taking the GIL off the event loop's thread.
//!
//! pyo3-async-runtimes finishes each call by moving to a blocking-pool thread, taking the GIL
//! there and calling `loop.call_soon_threadsafe`: a thread wake-up, a GIL hand-over and
//! several Python calls per result, about a third of an awaited call's CPU. Here each event
//! loop gets one `Hub`: a socket pair whose read end the loop watches (`add_reader`) and a
//! queue. A finished call is pushed onto the queue by the tokio worker (no GIL) and one byte
//! is written when the queue was empty; the loop then runs the hub, which sets the results of
//! everything queued at once, on its own thread with the GIL it already holds.
//!
//! Loops without `add_reader` (Windows' proactor loop) and non-Unix platforms keep the
//! pyo3-async-runtimes path (`None` from [`for_running_loop`]).

use std::cell::RefCell;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixDatagram;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use fastcognito_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyWeakrefMethods, PyWeakrefReference};

use crate::convert::BoxedToPy;
use crate::errors::to_pyerr;

pub type Outcome = Result<Box<dyn BoxedToPy>, Error>;

/// A result on its way to the asyncio future that waits for it.
struct Done {
    future: Py<PyAny>,
    outcome: Outcome,
}

/// The part of a hub the tokio workers hold.
pub struct Sender {
    queue: Mutex<Vec<Done>>,
    // A datagram pair rather than a stream: writing after the loop has closed the other end
    // fails with an error instead of raising SIGPIPE.
    wake: UnixDatagram,
    /// A wake-up could not be sent (not for a full buffer: that already holds one); the next
    /// delivery sends one even though the queue was not empty, or those results would wait
    /// until some later wake-up that might never come.
    wake_lost: AtomicBool,
}

impl Sender {
    /// Queues `outcome` for `future`; wakes the loop if nothing was queued yet (otherwise a
    /// wake-up is already on its way and the hub will take this one too).
    pub fn deliver(&self, future: Py<PyAny>, outcome: Outcome) {
        let was_empty = {
            let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            let empty = queue.is_empty();
            queue.push(Done { future, outcome });
            empty
        };
        if was_empty || self.wake_lost.load(Ordering::Acquire) {
            match self.wake.send(&[1]) {
                Ok(_) => self.wake_lost.store(false, Ordering::Release),
                // A full socket buffer already holds a wake-up.
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                // Also when the loop has closed its end: then nothing waits for these results.
                Err(_) => self.wake_lost.store(true, Ordering::Release),
            }
        }
    }
}

/// One event loop's receiver; the loop calls it when the socket is readable.
#[pyclass(frozen, module = "fastcognito._core")]
pub struct Hub {
    sender: Arc<Sender>,
    readable: UnixDatagram,
}

#[pymethods]
impl Hub {
    /// Sets the result (or exception) of every queued call. A future cancelled meanwhile
    /// refuses its result; that is ignored.
    fn __call__(&self, py: Python<'_>) {
        let mut buf = [0u8; 64];
        // Drain the wake-ups before taking the queue, so that a call queued after the take
        // sends a fresh one.
        while self.readable.recv(&mut buf).is_ok() {}
        let done =
            std::mem::take(&mut *self.sender.queue.lock().unwrap_or_else(|p| p.into_inner()));
        for Done { future, outcome } in done {
            let future = future.bind(py);
            let set = match outcome {
                Ok(value) => match value.boxed_to_py(py) {
                    Ok(obj) => future.call_method1(pyo3::intern!(py, "set_result"), (obj,)),
                    Err(e) => set_exception(future, e),
                },
                Err(e) => set_exception(future, to_pyerr(py, e)),
            };
            let _ = set;
        }
    }
}

fn set_exception<'py>(future: &Bound<'py, PyAny>, e: PyErr) -> PyResult<Bound<'py, PyAny>> {
    let py = future.py();
    future.call_method1(pyo3::intern!(py, "set_exception"), (e.into_value(py),))
}

/// The hubs of this thread's loops (a thread runs one loop at a time, but may switch between
/// several); an entry goes once its loop is closed or collected. Weak references, so that a
/// loop its program never closes is still freed (with its sockets), as it would be without
/// fastcognito; a dead reference matches no loop, so a new loop at the same address is new.
struct Entry {
    event_loop: LoopRef,
    /// None: the loop cannot watch a socket (no `add_reader`).
    sender: Option<Arc<Sender>>,
    pid: u32,
}

enum LoopRef {
    Weak(Py<PyWeakrefReference>),
    /// A loop type that cannot be weakly referenced: kept until it is closed.
    Strong(Py<PyAny>),
}

impl LoopRef {
    fn new(event_loop: &Bound<'_, PyAny>) -> Self {
        match PyWeakrefReference::new(event_loop) {
            Ok(weak) => LoopRef::Weak(weak.unbind()),
            Err(_) => LoopRef::Strong(event_loop.clone().unbind()),
        }
    }

    fn get<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyAny>> {
        match self {
            LoopRef::Weak(weak) => weak.bind(py).upgrade(),
            LoopRef::Strong(event_loop) => Some(event_loop.bind(py).clone()),
        }
    }
}

thread_local! {
    static HUBS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The running loop and its hub's sender (made and registered on first use); None for the
/// sender when this loop cannot have one. Raises RuntimeError without a running loop.
pub fn for_running_loop(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Option<Arc<Sender>>)> {
    let get = GET_RUNNING_LOOP.get_or_try_init(py, || {
        py.import("asyncio")?
            .getattr("get_running_loop")
            .map(Bound::unbind)
    })?;
    let event_loop = get.bind(py).call0()?;
    let pid = std::process::id();
    let found = HUBS.with_borrow(|hubs| {
        hubs.iter()
            .find(|e| e.pid == pid && e.event_loop.get(py).is_some_and(|l| l.is(&event_loop)))
            .map(|e| e.sender.clone())
    });
    if let Some(sender) = found {
        return Ok((event_loop, sender));
    }
    let sender = register(&event_loop).ok();
    // Python runs below (`is_closed`, finalisers of dropped loops): not inside a borrow.
    let listed = HUBS.with_borrow_mut(std::mem::take);
    let (mut keep, stale): (Vec<Entry>, Vec<Entry>) = listed
        .into_iter()
        .partition(|e| e.pid == pid && e.event_loop.get(py).is_some_and(|l| !is_closed(&l)));
    keep.push(Entry {
        event_loop: LoopRef::new(&event_loop),
        sender: sender.clone(),
        pid,
    });
    HUBS.with_borrow_mut(|hubs| {
        // Entries another call on this thread added meanwhile stay too.
        keep.append(hubs);
        *hubs = keep;
    });
    drop(stale);
    Ok((event_loop, sender))
}

fn is_closed(event_loop: &Bound<'_, PyAny>) -> bool {
    event_loop
        .call_method0("is_closed")
        .and_then(|v| v.is_truthy())
        .unwrap_or(true)
}

fn register(event_loop: &Bound<'_, PyAny>) -> PyResult<Arc<Sender>> {
    let (readable, wake) = UnixDatagram::pair().map_err(io_err)?;
    readable.set_nonblocking(true).map_err(io_err)?;
    wake.set_nonblocking(true).map_err(io_err)?;
    let fd = readable.as_raw_fd();
    let sender = Arc::new(Sender {
        queue: Mutex::new(Vec::new()),
        wake,
        wake_lost: AtomicBool::new(false),
    });
    let hub = Hub {
        sender: sender.clone(),
        readable,
    };
    // The loop keeps the hub (and so the read end) until the reader is removed or the loop
    // is closed and collected.
    event_loop.call_method1("add_reader", (fd, hub))?;
    Ok(sender)
}

fn io_err(e: std::io::Error) -> PyErr {
    pyo3::exceptions::PyOSError::new_err(e.to_string())
}
