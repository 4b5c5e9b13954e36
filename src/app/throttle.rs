//! Failed logins slowed down, never locked out: failures are counted
//! within a window per user name from one address and per user name from
//! every address. Beyond `[login]`'s free failures, each brings a growing
//! delay (1, 2, 4 … seconds, capped): from the same address, the next
//! attempt is refused until it has passed; for the name, the next attempt
//! waits it out, unless it carries the name's device cookie, so that a flood
//! from elsewhere never stops the right person. Kept in the process's memory.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::LoginLimits;

/// Names are compared whatever their case.
fn name_key(name: &str) -> String {
    format!("name:{}", name.trim().to_lowercase())
}

/// The name from one address; or, for an attempt that carries the name's
/// device cookie, from that browser wherever it is (`device`: a few
/// characters of its signature), so that failures from others behind the
/// same address never refuse it.
fn pair_key(name: &str, from: Option<IpAddr>, device: Option<&str>) -> String {
    let from = match device {
        Some(device) => format!("device {device}"),
        None => from.map_or_else(|| "-".to_string(), |ip| ip.to_string()),
    };
    format!("pair:{}@{from}", name.trim().to_lowercase())
}

/// Counters kept at most, beyond which the oldest addresses' are dropped.
const KEYS_KEPT: usize = 100_000;

/// What an attempt may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Check the password, after waiting this long.
    Go { wait: Duration },
    /// Refused: this name failed too often from this address; the seconds
    /// until it may be tried again from there.
    Refused { seconds: u64 },
}

/// The delay after `failures` failures, when there are more than `free`.
fn delay(failures: usize, free: u32, limits: &LoginLimits) -> Option<Duration> {
    let beyond = failures.checked_sub(free as usize)?;
    let seconds = 1u64 << beyond.min(16);
    Some(Duration::from_secs(
        seconds.min(u64::from(limits.max_delay_seconds)),
    ))
}

/// Recent failed logins, by key, in this process.
#[derive(Debug, Default)]
pub(super) struct LoginThrottle(Mutex<HashMap<String, VecDeque<Instant>>>);

impl LoginThrottle {
    /// Counts an attempt as a failure (a success takes it back), unless it
    /// is refused: then nothing is counted. `device`: the attempt carries
    /// the name's device cookie (a few characters of its signature): it
    /// does not wait for the name's delay, and is counted apart from its
    /// address. A failure counts from when its check may run, so that
    /// attempts sent together wait one after another.
    pub(super) fn attempt(
        &self,
        name: &str,
        from: Option<IpAddr>,
        device: Option<&str>,
        limits: &LoginLimits,
    ) -> Verdict {
        let window = Duration::from_secs(u64::from(limits.window_minutes) * 60);
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > KEYS_KEPT {
            // Bounded memory under a flood of made-up names: forget the
            // counters with no failure left in the window, then, if that is
            // not enough, those of single addresses (the names' stay).
            map.retain(|_, f| {
                f.back()
                    .is_some_and(|t| now.saturating_duration_since(*t) <= window)
            });
            if map.len() > KEYS_KEPT {
                tracing::warn!(
                    kept = map.len(),
                    "too many login counters: those per address are forgotten"
                );
                map.retain(|k, _| k.starts_with("name:"));
            }
        }
        let (pair, name) = (pair_key(name, from, device), name_key(name));
        // When the next attempt may come, after the failures of `key`.
        let mut next_allowed = |key: &str, free: u32| {
            let failures = map.get_mut(key)?;
            while failures
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) > window)
            {
                failures.pop_front();
            }
            let last = *failures.back()?;
            Some(last + delay(failures.len(), free, limits)?)
        };
        if let Some(at) = next_allowed(&pair, limits.free_failures_per_address) {
            if at > now {
                let left = at.duration_since(now);
                return Verdict::Refused {
                    seconds: left.as_millis().div_ceil(1000).max(1) as u64,
                };
            }
        }
        let wait = match next_allowed(&name, limits.free_failures_per_name) {
            Some(at) if device.is_none() => at.saturating_duration_since(now),
            _ => Duration::ZERO,
        };
        for key in [pair, name] {
            map.entry(key).or_default().push_back(now + wait);
        }
        Verdict::Go { wait }
    }

    /// A success: the failures from this address (or browser) are
    /// forgotten, and this attempt no longer counts against the name.
    pub(super) fn succeeded(&self, name: &str, from: Option<IpAddr>, device: Option<&str>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&pair_key(name, from, device));
        if let Some(f) = map.get_mut(&name_key(name)) {
            f.pop_back();
        }
    }

    /// An attempt that was not checked after all (the server was busy): it
    /// no longer counts, neither against the address nor against the name.
    pub(super) fn not_checked(&self, name: &str, from: Option<IpAddr>, device: Option<&str>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for key in [pair_key(name, from, device), name_key(name)] {
            if let Some(f) = map.get_mut(&key) {
                f.pop_back();
            }
        }
    }

    /// Forgets every failure of a name (the director clears its delays);
    /// says whether there were any.
    pub(super) fn clear(&self, name: &str) -> bool {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let prefix = format!("pair:{}@", name.trim().to_lowercase());
        let before = map.len();
        map.retain(|k, _| !k.starts_with(&prefix) && *k != name_key(name));
        map.len() < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> LoginLimits {
        LoginLimits {
            free_failures_per_name: 4,
            free_failures_per_address: 2,
            max_delay_seconds: 30,
            window_minutes: 15,
            password_checks: 1,
        }
    }

    #[test]
    fn delays_grow_and_are_capped() {
        let l = limits();
        let d = |n| delay(n, 2, &l).map(|d| d.as_secs());
        assert_eq!([d(0), d(1)], [None, None]);
        assert_eq!(
            [d(2), d(3), d(4), d(6), d(7), d(40)],
            [Some(1), Some(2), Some(4), Some(16), Some(30), Some(30)]
        );
    }

    #[test]
    fn one_address_is_refused_while_the_name_only_waits_and_a_trusted_device_does_not() {
        let l = limits();
        let throttle = LoginThrottle::default();
        let attacker: IpAddr = "10.0.0.7".parse().unwrap();
        let office: IpAddr = "10.0.0.8".parse().unwrap();
        let go = Verdict::Go {
            wait: Duration::ZERO,
        };
        // Two free failures from one address, whatever the case of the name.
        assert_eq!(throttle.attempt("Awa", Some(attacker), None, &l), go);
        assert_eq!(throttle.attempt("AWA ", Some(attacker), None, &l), go);
        assert_eq!(
            throttle.attempt("awa", Some(attacker), None, &l),
            Verdict::Refused { seconds: 1 }
        );
        // Another address: free until the name's own four failures…
        assert_eq!(throttle.attempt("awa", Some(office), None, &l), go);
        assert_eq!(throttle.attempt("awa", Some(office), None, &l), go);
        // …then it waits (four failures: one second), never refused…
        match throttle.attempt("awa", None, None, &l) {
            Verdict::Go { wait } => {
                assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1))
            }
            other => panic!("{other:?}"),
        }
        // …unless the browser carries the name's device cookie, even from
        // the address that is refused.
        assert_eq!(
            throttle.attempt("awa", Some(attacker), Some("abcdef"), &l),
            go
        );
        // Another name from the attacker's address is not slowed down.
        assert_eq!(throttle.attempt("binta", Some(attacker), None, &l), go);
        // The director clears the name.
        assert!(throttle.clear("AWA"));
        assert_eq!(throttle.attempt("awa", Some(attacker), None, &l), go);
        assert!(!throttle.clear("chaka"));
        // An attempt the server was too busy to check does not count.
        for _ in 0..2 {
            assert_eq!(throttle.attempt("chaka", Some(attacker), None, &l), go);
            throttle.not_checked("chaka", Some(attacker), None);
        }
        assert_eq!(throttle.attempt("chaka", Some(attacker), None, &l), go);
        assert_eq!(throttle.attempt("chaka", Some(attacker), None, &l), go);
        assert!(matches!(
            throttle.attempt("chaka", Some(attacker), None, &l),
            Verdict::Refused { .. }
        ));
    }
}
