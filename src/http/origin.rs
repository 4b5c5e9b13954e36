//! Where a login comes from: the client's address (through trusted
//! proxies only), whether its browser will keep a `Secure` cookie, and
//! whether it was posted from another site.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::app::App;

/// Where a request comes from, as far as logging in is concerned: the peer's
/// address, and whether the browser will keep a `Secure` cookie — it does
/// over HTTPS (directly or through a proxy that says so) and on a loopback
/// address, and drops it silently over plain HTTP to any other address.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub peer: Option<std::net::IpAddr>,
    pub keeps_secure_cookies: bool,
    /// The browser says the request comes from another site
    /// (`Sec-Fetch-Site: cross-site`, or an `Origin` whose host is not this one).
    pub cross_site: bool,
}

/// The address a request comes from: its peer's, or, when the peer is a
/// trusted proxy, the last address of `X-Forwarded-For` (every such header,
/// in order) that is not one. IPv4 addresses written as IPv6 (`::ffff:…`)
/// are read as IPv4; a hop may carry a port.
fn client_address(
    peer: Option<std::net::IpAddr>,
    forwarded: &[&str],
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let peer = peer?.to_canonical();
    let trusted = |ip: &std::net::IpAddr| trusted.iter().any(|t| t.to_canonical() == *ip);
    if !trusted(&peer) {
        return Some(peer);
    }
    let hops = forwarded
        .iter()
        .flat_map(|h| h.split(','))
        .rev()
        .map(|hop| {
            let hop = hop.trim();
            hop.parse::<std::net::IpAddr>()
                .or_else(|_| hop.parse::<std::net::SocketAddr>().map(|a| a.ip()))
                .map(|ip| ip.to_canonical())
        });
    for hop in hops {
        match hop {
            Ok(ip) if trusted(&ip) => continue,
            Ok(ip) => return Some(ip),
            // Garbled: what lies before it cannot be trusted either.
            Err(_) => break,
        }
    }
    Some(peer)
}

impl FromRequestParts<Arc<App>> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let encrypted = parts
            .extensions
            .get::<super::server::Encrypted>()
            .is_some_and(|e| e.0);
        let forwarded_https = parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        // A browser that sends `Sec-Fetch-Site` says it; an older one only
        // sends its `Origin`, compared with the host asked for.
        let cross_site = match header("sec-fetch-site") {
            Some(site) => site == "cross-site",
            None => header("origin").is_some_and(|o| {
                let origin_host = o.split("://").nth(1).unwrap_or(o);
                o == "null" || !origin_host.eq_ignore_ascii_case(host)
            }),
        };
        Ok(Origin {
            peer: client_address(
                super::server::peer(&parts.extensions).map(|a| a.ip()),
                &parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect::<Vec<_>>(),
                &app.http_settings().trusted_proxies,
            ),
            keeps_secure_cookies: encrypted || forwarded_https || is_loopback_host(host),
            cross_site,
        })
    }
}

/// `localhost`, `127.0.0.1:8080`, `[::1]:8080`…: names browsers treat as secure.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::{client_address, is_loopback_host};

    #[test]
    fn forwarded_addresses_are_read_from_trusted_proxies_only() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let proxy = [ip("10.0.0.1")];
        let xff = &["203.0.113.9, 198.51.100.4"][..];
        // Anyone else's header is ignored.
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), xff, &proxy),
            Some(ip("10.0.0.2"))
        );
        // From the proxy: the last hop it did not add itself.
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), xff, &proxy),
            Some(ip("198.51.100.4"))
        );
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &["198.51.100.4, 10.0.0.1"], &proxy),
            Some(ip("198.51.100.4"))
        );
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &[], &proxy),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            client_address(Some(ip("10.0.0.1")), &["n'importe quoi"], &proxy),
            Some(ip("10.0.0.1"))
        );
        // A second header line (a proxy that adds its own) is read after the first;
        // a mapped peer and a hop with its port are read as they are meant.
        assert_eq!(
            client_address(
                Some(ip("10.0.0.1")),
                &["198.51.100.66", "203.0.113.9"],
                &proxy
            ),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(
            client_address(Some(ip("::ffff:10.0.0.1")), &["203.0.113.9:4711"], &proxy),
            Some(ip("203.0.113.9"))
        );
    }

    #[test]
    fn browsers_keep_secure_cookies_on_loopback_names_only() {
        for host in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "127.0.0.2",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "192.168.1.10:8080",
            "suivi.cps.ml",
            "",
            "10.0.0.1",
            "localhost.example.org",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
