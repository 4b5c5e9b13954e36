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
