//! `suivi serve`: the web application and the scheduler, until Ctrl-C or SIGTERM.

use std::sync::Arc;

use crate::app::{App, AppError};
use crate::clock::Clock;
use crate::config::Settings;

pub async fn run(
    settings: Settings,
    listen: Option<String>,
    clock: Arc<dyn Clock>,
) -> Result<String, AppError> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SUIVI_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .json()
        .try_init();
    let app = Arc::new(App::open(&settings, clock).await?);
    app.start_following().await?;
    let listen = listen.unwrap_or_else(|| settings.listen.clone());
    let web = crate::http::Application::build(app.clone(), &listen).await?;
    tracing::info!(
        port = web.port(),
        "web pages on {}://{listen}",
        web.scheme()
    );
    let base = app
        .public_url()
        .unwrap_or_else(|| reachable_at(web.scheme(), &listen, web.port()));
    if let Some(setup) = app.setup_link(&base).await? {
        tracing::warn!(
            setup_link = %setup.link,
            expires = %setup.expires.to_rfc3339(),
            "nobody can log in yet: open {} to create the director's account ({}); the link works once",
            setup.link,
            setup.name
        );
    }
    let shutdown = crate::scheduler::shutdown_on_signals();
    // The scheduler never fails: its faults are logged and retried, and the
    // web pages keep answering. Should it panic (a bug), it starts again.
    let jobs = {
        let (app, shutdown) = (app.clone(), shutdown.clone());
        async move {
            loop {
                let task = tokio::spawn({
                    let (app, shutdown) = (app.clone(), shutdown.clone());
                    async move { crate::scheduler::serve(&app, shutdown).await }
                });
                match task.await {
                    Err(e) if e.is_panic() => {
                        tracing::error!(
                            "the scheduler stopped on an internal error; it starts again in 10 s"
                        );
                        tokio::select! {
                            _ = tokio::time::sleep(std::time::Duration::from_secs(10)) => {}
                            _ = shutdown.cancelled() => return,
                        }
                    }
                    _ => return,
                }
            }
        }
    };
    // The database checked every few seconds, for the health checks.
    let checks = {
        let (app, shutdown) = (app.clone(), shutdown.clone());
        async move {
            loop {
                app.check_database().await;
                tokio::select! {
                    _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                    _ = shutdown.cancelled() => return,
                }
            }
        }
    };
    let (web, (), ()) = tokio::join!(web.run_until(shutdown.clone()), jobs, checks);
    web?;
    app.close().await;
    Ok(String::new())
}

/// The address the pages answer at, with the host's name when suivi listens
/// on every address (`0.0.0.0`, `[::]`).
fn reachable_at(scheme: &str, listen: &str, port: u16) -> String {
    let host = listen
        .rsplit_once(':')
        .map(|(h, _)| h)
        .unwrap_or(listen)
        .trim_start_matches('[')
        .trim_end_matches(']');
    let host = match host {
        "0.0.0.0" | "::" | "" => hostname::get()
            .ok()
            .and_then(|h| h.into_string().ok())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".into()),
        h if h.contains(':') => format!("[{h}]"),
        h => h.to_string(),
    };
    format!("{scheme}://{host}:{port}")
}

#[cfg(test)]
mod tests {
    use super::reachable_at;

    #[test]
    fn the_setup_link_names_the_host_when_listening_everywhere() {
        assert_eq!(
            reachable_at("http", "127.0.0.1:0", 41000),
            "http://127.0.0.1:41000"
        );
        assert_eq!(
            reachable_at("https", "[::1]:8443", 8443),
            "https://[::1]:8443"
        );
        let everywhere = reachable_at("https", "0.0.0.0:8443", 8443);
        assert!(everywhere.starts_with("https://") && everywhere.ends_with(":8443"));
        assert!(!everywhere.contains("0.0.0.0"), "{everywhere}");
    }
}
