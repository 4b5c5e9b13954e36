//! Failed logins counted per user name and per address within a window, so
//! that passwords cannot be guessed by trying: after `[login]`'s limits, the
//! next attempts are refused before any check. Kept in the process's memory.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::LoginLimits;

/// The counters a login attempt counts against: its user name, then its address.
pub(super) fn throttle_keys(name: &str, from: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("name:{}", name.trim().to_lowercase())];
    if let Some(ip) = from {
        keys.push(format!("address:{ip}"));
    }
    keys
}

/// Recent failed logins per user name and per address, in this process.
#[derive(Debug, Default)]
pub(super) struct LoginThrottle(Mutex<HashMap<String, VecDeque<Instant>>>);

impl LoginThrottle {
    /// Counts an attempt as a failure, unless it must be refused: then the
    /// minutes until one may be tried again, and nothing is counted.
    pub(super) fn attempt(&self, keys: &[String], limits: &LoginLimits) -> Option<u64> {
        let window = Duration::from_secs(u64::from(limits.window_minutes) * 60);
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            // Bounded memory under a flood of made-up names: forget the
            // counters with no failure left in the window.
            map.retain(|_, f| f.back().is_some_and(|t| now.duration_since(*t) <= window));
        }
        let refused = keys
            .iter()
            .filter_map(|key| {
                let limit = if key.starts_with("name:") {
                    limits.failures_per_name
                } else {
                    limits.failures_per_address
                };
                let failures = map.get_mut(key)?;
                while failures
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > window)
                {
                    failures.pop_front();
                }
                (failures.len() >= limit as usize).then(|| {
                    let oldest = *failures.front()?;
                    let left = window.saturating_sub(now.duration_since(oldest));
                    Some(left.as_secs().div_ceil(60).max(1))
                })?
            })
            .max();
        if refused.is_none() {
            for key in keys {
                map.entry(key.clone()).or_default().push_back(now);
            }
        }
        refused
    }

    /// A success: the name's failures are forgotten, and this attempt no
    /// longer counts against the address.
    pub(super) fn succeeded(&self, keys: &[String]) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(name) = keys.first() {
            map.remove(name);
        }
        for key in keys.iter().skip(1) {
            if let Some(f) = map.get_mut(key) {
                f.pop_back();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_counted_per_name_and_per_address_within_the_window() {
        let limits = LoginLimits {
            failures_per_name: 2,
            failures_per_address: 3,
            window_minutes: 15,
        };
        let throttle = LoginThrottle::default();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let a = throttle_keys("Awa", Some(ip));
        assert_eq!(throttle.attempt(&a, &limits), None);
        assert_eq!(
            throttle.attempt(&throttle_keys("AWA ", Some(ip)), &limits),
            None
        );
        assert_eq!(throttle.attempt(&a, &limits), Some(15), "names ignore case");
        // Another name from the same address: refused at its second attempt,
        // the address having three failures.
        let b = throttle_keys("binta", Some(ip));
        assert_eq!(throttle.attempt(&b, &limits), None);
        assert!(throttle.attempt(&b, &limits).is_some());
        // A success clears its name, and takes its attempt back from the address.
        let c = throttle_keys("chaka", None);
        assert_eq!(throttle.attempt(&c, &limits), None);
        throttle.succeeded(&c);
        assert_eq!(throttle.attempt(&c, &limits), None);
        assert_eq!(throttle.attempt(&c, &limits), None);
        assert!(throttle.attempt(&c, &limits).is_some());
    }
}
