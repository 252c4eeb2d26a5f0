//! The one tokio runtime of the process, rebuilt after `fork()`.
//!
//! A child process inherits the parent's runtime handle but none of its worker threads, so
//! using it would hang. When the process id changes, the inherited runtime is leaked (dropping
//! it could wait on threads that do not exist) and a fresh one is built.

use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

use tokio::runtime::{Builder, Runtime};

struct PidRuntime {
    pid: u32,
    runtime: Runtime,
}

static CURRENT: AtomicPtr<PidRuntime> = AtomicPtr::new(null_mut());

/// The runtime of this process, created on first use.
pub fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    loop {
        let cur = CURRENT.load(Ordering::Acquire);
        // SAFETY: a non-null pointer in CURRENT always comes from Box::into_raw below and is
        // never freed (runtimes are leaked on purpose), so it is valid for 'static.
        if let Some(existing) = unsafe { cur.as_ref() }
            && existing.pid == pid
        {
            return &existing.runtime;
        }
        let fresh = Box::into_raw(Box::new(PidRuntime {
            pid,
            runtime: build(),
        }));
        match CURRENT.compare_exchange(cur, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // The previous runtime (if any) belonged to the parent process: leak it.
            // SAFETY: `fresh` was just created by Box::into_raw and is now owned by CURRENT.
            Ok(_) => return unsafe { &(*fresh).runtime },
            Err(_) => {
                // Another thread installed one first; discard ours and use theirs.
                // SAFETY: `fresh` was never published, so we still own it.
                let ours = unsafe { Box::from_raw(fresh) };
                ours.runtime.shutdown_background();
            }
        }
    }
}

fn build() -> Runtime {
    match Builder::new_multi_thread()
        .worker_threads(worker_threads(
            |k| std::env::var(k).ok(),
            std::thread::available_parallelism().map_or(1, |n| n.get()),
        ))
        .thread_name("fastcognito")
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        // Only fails when the OS refuses threads or epoll: nothing can work then.
        Err(e) => panic!("fastcognito: cannot start the tokio runtime: {e}"),
    }
}

/// Worker threads: `FASTCOGNITO_WORKER_THREADS` if set, else half the cores (1 to 4). A
/// blocking call runs on the calling Python thread; the workers drive the sockets. Measured
/// on 2 cores: one worker costs a sequential call about 30% less CPU than two.
pub fn worker_threads(env: impl Fn(&str) -> Option<String>, cores: usize) -> usize {
    env("FASTCOGNITO_WORKER_THREADS")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=256).contains(n))
        .unwrap_or_else(|| (cores / 2).clamp(1, 4))
}

/// The process id the current runtime was built for (for tests).
pub fn runtime_pid() -> Option<u32> {
    // SAFETY: see `runtime`.
    unsafe { CURRENT.load(Ordering::Acquire).as_ref() }.map(|r| r.pid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_threads_from_cores_or_environment() {
        let none = |_: &str| None;
        assert_eq!(worker_threads(none, 1), 1);
        assert_eq!(worker_threads(none, 2), 1);
        assert_eq!(worker_threads(none, 8), 4);
        assert_eq!(worker_threads(none, 64), 4);
        assert_eq!(worker_threads(|_: &str| Some("3".into()), 2), 3);
        assert_eq!(worker_threads(|_: &str| Some("0".into()), 8), 4);
        assert_eq!(worker_threads(|_: &str| Some("lots".into()), 2), 1);
    }

    #[test]
    fn same_runtime_every_time() {
        let a = runtime() as *const Runtime;
        let b = runtime() as *const Runtime;
        assert_eq!(a, b);
        assert_eq!(runtime_pid(), Some(std::process::id()));
        assert_eq!(runtime().block_on(async { 2 + 2 }), 4);
    }
}
