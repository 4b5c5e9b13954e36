//! Device cookies, as OWASP describes them against lock-outs: each
//! successful login gives the browser a cookie naming the user, signed
//! (HMAC-SHA256 with a key the instances of one database share); a login
//! for that name that carries it skips the name's delays, so a flood of
//! wrong passwords from elsewhere never stops the person who logs in from
//! their own computer.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a device cookie is honoured.
pub const DEVICE_DAYS: i64 = 90;

/// Signs and reads device cookies with one key.
#[derive(Clone)]
pub(super) struct DeviceKey(Vec<u8>);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceKey(…)")
    }
}

impl DeviceKey {
    pub(super) fn new(key: &str) -> DeviceKey {
        DeviceKey(key.as_bytes().to_vec())
    }

    fn mac(&self, claim: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key");
        mac.update(claim.as_bytes());
        mac
    }

    /// The cookie's value for `name`, valid until `until`: `name.until.mac`.
    pub(super) fn issue(&self, name: &str, until: DateTime<Utc>) -> String {
        let claim = format!("{}.{}", name.to_lowercase(), until.timestamp());
        let mac = self.mac(&claim).finalize().into_bytes();
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        format!("{claim}.{hex}")
    }

    /// The name a cookie was given to, if its signature holds and it has
    /// not expired at `now`.
    pub(super) fn holder(&self, cookie: &str, now: DateTime<Utc>) -> Option<String> {
        let (claim, hex) = cookie.rsplit_once('.')?;
        let (name, until) = claim.rsplit_once('.')?;
        let until: i64 = until.parse().ok()?;
        if until < now.timestamp() || hex.len() != 64 {
            return None;
        }
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        self.mac(claim).verify_slice(&bytes).ok()?;
        Some(name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_names_its_user_while_its_signature_and_date_hold() {
        let key = DeviceKey::new("une clé");
        let now = Utc::now();
        let until = now + chrono::Duration::days(DEVICE_DAYS);
        let cookie = key.issue("Directeur", until);
        assert_eq!(key.holder(&cookie, now).as_deref(), Some("directeur"));
        // Another name, another date, another key, or too late: nobody.
        let forged = cookie.replacen("directeur", "agent", 1);
        assert_eq!(key.holder(&forged, now), None);
        let later = cookie.replacen(
            &until.timestamp().to_string(),
            &(until.timestamp() + 1).to_string(),
            1,
        );
        assert_eq!(key.holder(&later, now), None);
        assert_eq!(DeviceKey::new("une autre").holder(&cookie, now), None);
        assert_eq!(
            key.holder(&cookie, until + chrono::Duration::seconds(1)),
            None
        );
        assert_eq!(key.holder("n'importe quoi", now), None);
    }
}
