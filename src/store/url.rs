//! Database URLs as they may be printed.

/// A database URL fit to print: no user and password before the host, no
/// `password=` in the query string.
pub fn redact(url: &str) -> String {
    let without_user = match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    };
    match without_user.split_once('?') {
        Some((base, query)) => {
            let query = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=…"),
                    _ => kv.to_string(),
                })
                .collect::<Vec<_>>()
                .join("&");
            format!("{base}?{query}")
        }
        None => without_user,
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn printed_urls_keep_no_password() {
        assert_eq!(
            redact("postgres://suivi:secret@db.local:5432/suivi"),
            "postgres://…@db.local:5432/suivi"
        );
        assert_eq!(
            redact("postgres://db.local/suivi?user=suivi&password=secret&sslmode=require"),
            "postgres://db.local/suivi?user=suivi&password=…&sslmode=require"
        );
        assert_eq!(redact("demo.db"), "demo.db");
    }
}
