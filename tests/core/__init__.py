"""The Rust core via the binding: runtime, exit, panics, concurrency, faults, hostile input, errors, secrets, tokens."""
