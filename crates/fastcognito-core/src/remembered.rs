//! Tokens that verified, remembered until they expire, so that the next request with the same
//! token skips the RSA check and the claims decoding: a hash, a lookup, one string comparison
//! and a clock read. Bounded: when full, the oldest entries go first.
//!
//! The key is a keyed hash (random per map, so an attacker cannot aim at one bucket) of the
//! last [`KEY_BYTES`] of the signature: what differs between tokens (an RSA signature looks
//! random), and short to hash. A hit still compares the whole token, so a valid signature
//! glued to another payload is a miss, verified (and refused) as any unknown token. Only
//! tokens that passed go in.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;

/// Default number of tokens remembered by a verifier.
pub const DEFAULT_CAPACITY: usize = 16_384;

struct Entry<V> {
    token: Box<str>,
    /// The token's `exp`, in seconds since the epoch.
    exp: f64,
    value: V,
}

/// A bounded map from verified tokens to what their verification produced (`V`).
pub struct Remembered<V> {
    entries: HashMap<u64, Entry<V>>,
    /// Keys in insertion order, for eviction (a key may no longer be in `entries`).
    order: VecDeque<u64>,
    hasher: RandomState,
    capacity: usize,
}

impl<V> std::fmt::Debug for Remembered<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remembered")
            .field("len", &self.entries.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// How much of the signature is hashed: 43 base64url characters, 256 bits.
const KEY_BYTES: usize = 43;

fn key_part(token: &str) -> &[u8] {
    let signature = token
        .rsplit_once('.')
        .map_or(token, |(_, sig)| sig)
        .as_bytes();
    &signature[signature.len().saturating_sub(KEY_BYTES)..]
}

impl<V> Remembered<V> {
    /// Remembers up to `capacity` tokens (0 remembers none).
    pub fn new(capacity: usize) -> Self {
        Remembered {
            entries: HashMap::new(),
            order: VecDeque::new(),
            hasher: RandomState::new(),
            capacity,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key(&self, token: &str) -> u64 {
        self.hasher.hash_one(key_part(token))
    }

    /// What `token` verified to, if it was remembered and `exp + leeway` is still after `now`;
    /// an expired entry is forgotten.
    pub fn get(&mut self, token: &str, now: u64, leeway: u64) -> Option<&V> {
        let key = self.key(token);
        let entry = self.entries.get(&key)?;
        if *entry.token != *token {
            return None;
        }
        if entry.exp + leeway as f64 <= now as f64 {
            self.entries.remove(&key);
            return None;
        }
        self.entries.get(&key).map(|e| &e.value)
    }

    /// Remembers a token that verified, until `exp`.
    pub fn insert(&mut self, token: &str, exp: f64, value: V) {
        if self.capacity == 0 {
            return;
        }
        let key = self.key(token);
        while self.entries.len() >= self.capacity && !self.entries.contains_key(&key) {
            match self.order.pop_front() {
                Some(old) => {
                    self.entries.remove(&old);
                }
                None => break,
            }
        }
        let entry = Entry {
            token: token.into(),
            exp,
            value,
        };
        if self.entries.insert(key, entry).is_none() {
            self.order.push_back(key);
        }
        // Keys of entries dropped on expiry stay in `order` until popped: keep it bounded too.
        if self.order.len() > 2 * self.capacity {
            let entries = &self.entries;
            self.order.retain(|k| entries.contains_key(k));
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_exp_and_compares_the_whole_token() {
        let mut r = Remembered::new(8);
        r.insert("h.p.sig", 100.0, 1);
        assert_eq!(r.get("h.p.sig", 50, 0), Some(&1));
        // Same signature, another payload: not the token that verified.
        assert_eq!(r.get("h.other.sig", 50, 0), None);
        assert_eq!(r.get("h.p.sig", 100, 0), None);
        assert!(r.is_empty(), "an expired token is forgotten");
        r.insert("h.p.sig", 100.0, 1);
        assert_eq!(r.get("h.p.sig", 104, 5), Some(&1), "leeway applies");
        // Long signatures are keyed on their end; any text is fine (no char boundary to hit).
        let long = format!("h.p.{}é{}", "x".repeat(100), "y".repeat(42));
        r.insert(&long, 100.0, 2);
        assert_eq!(r.get(&long, 0, 0), Some(&2));
        assert_eq!(r.get(&long.replacen('x', "z", 1), 0, 0), None);
    }

    #[test]
    fn stays_within_its_capacity() {
        let mut r = Remembered::new(3);
        for i in 0..10 {
            r.insert(&format!("h.p.s{i}"), 1e9, i);
            assert!(r.len() <= 3);
        }
        assert_eq!(r.get("h.p.s9", 0, 0), Some(&9));
        assert_eq!(r.get("h.p.s0", 0, 0), None, "the oldest went first");
        let mut none = Remembered::new(0);
        none.insert("h.p.s", 1e9, 0);
        assert!(none.is_empty());
        for i in 0..100 {
            r.insert(&format!("h.p.t{i}"), 1.0, i);
            let _ = r.get(&format!("h.p.t{i}"), 5, 0);
        }
        assert!(r.order.len() <= 6);
    }
}
