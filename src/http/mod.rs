//! The HTTP edge of `suivi serve`: a JSON API (`/api/…`, documented at
//! `/api/openapi.json`), the web pages, the iCalendar feeds, and health checks.

pub mod api;
pub mod auth;
pub mod error;
pub mod health;
pub mod ics;
pub mod origin;
pub mod pages;
pub mod server;

use std::sync::Arc;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::app::App;

/// The policy of every answer: no script at all, styles inline (the pages
/// carry their one stylesheet), images from the site or inline, frames
/// (the report's preview) from the site only and the site framed only by
/// itself, forms posted to the site only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; \
     form-action 'self'; base-uri 'none'";

/// Adds what a security review expects to every answer that does not set
/// it itself: the content policy, no type sniffing, nothing kept by caches
/// (pages and exports are a user's own), no referrer outside the site.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

pub fn router(app: Arc<App>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let limits = app.http_settings().clone();
    let import_limit = DefaultBodyLimit::max(limits.import_limit_mib * 1024 * 1024);
    // A status change with its documents: each within its limit, and the form.
    let documents_limit = DefaultBodyLimit::max(
        crate::app::MAX_DOCUMENTS * limits.document_limit_mib * 1024 * 1024 + 1024 * 1024,
    );
    use api::{audit, follow_up, projects, records, reminders, reports, sector};
    let api = Router::new()
        .route("/reports/activities", get(reports::activities))
        .route("/reports/recommendations", get(reports::recommendations))
        .route("/reports/finances", get(reports::finances))
        .route("/reports/projects", get(reports::projects))
        .route("/reports/annual", get(reports::annual))
        .route("/projects/quarters", post(projects::decide_quarter))
        .route("/sector/decisions", post(sector::decide))
        .route("/sector/{year}", get(sector::plan))
        .route("/sector/{year}/progress", get(sector::progress))
        .route(
            "/sector/{year}/proposals",
            get(sector::proposal).post(sector::propose),
        )
        .route("/sector/{year}/call", post(sector::open_call))
        .route("/sector/{year}/executions", post(sector::execution))
        .route("/sector/{year}/codes", post(sector::recode))
        .route("/projects/{code}", get(projects::sheet))
        .route("/projects/{code}/{year}/credits", post(projects::credit))
        .route("/projects/{code}/{year}/physical", post(projects::physical))
        .route("/reports/progress", get(follow_up::progress))
        .route("/reports/plan", get(follow_up::plan))
        .route("/items", get(follow_up::items))
        .route(
            "/plans/{year}/import",
            post(records::import_plan).layer(import_limit),
        )
        .route(
            "/activities/{year}/{code}/execute",
            post(records::activity_execute),
        )
        .route(
            "/activities/{year}/{code}/not-executed",
            post(records::activity_not_executed),
        )
        .route(
            "/activities/{year}/{code}/cost",
            post(records::activity_cost),
        )
        .route(
            "/activities/{year}/{code}/carry-over",
            post(records::activity_carry_over),
        )
        .route(
            "/activities/{year}/{code}/progress",
            post(follow_up::activity_progress),
        )
        .route(
            "/activities/{year}/{code}/indicator",
            post(follow_up::activity_indicator),
        )
        .route("/recommendations", post(records::recommendation_add))
        .route(
            "/recommendations/import",
            post(records::import_recommendations).layer(import_limit),
        )
        .route(
            "/recommendations/{session}/{number}/status",
            post(records::recommendation_status),
        )
        .route(
            "/recommendations/{session}/{number}/carry-over",
            post(records::recommendation_carry_over),
        )
        .route("/finances/{year}", post(records::finance_record))
        .route("/revues", get(records::revues).post(records::revue_open))
        .route(
            "/revues/{kind}/{year}/steps/{step}",
            post(records::revue_step),
        )
        .route(
            "/audit/recommendations/{session}/{number}",
            get(audit::recommendation),
        )
        .route("/audit/activities/{year}/{code}", get(audit::activity))
        .route("/audit/verify", get(audit::verify))
        .route("/audit/anchor", get(audit::anchor))
        .route("/snapshots", get(audit::snapshots))
        .route("/tokens", get(audit::tokens))
        .route(
            "/snapshots/{year}",
            get(audit::snapshot).post(audit::snapshot_take),
        )
        .route("/snapshots/{year}/verify", get(audit::snapshot_verify))
        .route("/reminders/plan", get(reminders::plan))
        .route("/reminders/outbox", get(reminders::outbox))
        .route("/reminders/outbox/retry", post(reminders::retry))
        .route("/reminders/run", post(reminders::run))
        .route("/calendar/{year}", get(reminders::calendar))
        .route("/calendar/{year}/{id}/done", post(reminders::calendar_done))
        .route("/me", get(api::me))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::unknown);
    Router::new()
        .nest("/api", api)
        .route("/healthz", get(health::health))
        .route("/readyz", get(health::ready))
        .route("/calendar/{file}", get(ics::structure_calendar))
        .merge(pages::routes(import_limit, documents_limit))
        .fallback(pages::not_found)
        .with_state(app)
        .layer(axum::middleware::map_response(security_headers))
        .layer(DefaultBodyLimit::max(limits.body_limit_kib * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(limits.request_timeout_seconds),
        ))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            // A link's secret is its path: never in the log.
            let path = req.uri().path();
            let path = if path.starts_with("/welcome/") { "/welcome/…" } else { path };
            tracing::info_span!("request", method = %req.method(), path = %path, request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The web application, bound to its port.
pub struct Application {
    listener: TcpListener,
    router: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    header_timeout: Duration,
}

impl Application {
    /// Binds `listen` (`127.0.0.1:0` picks a free port), with TLS when the
    /// configuration names a certificate and a key.
    pub async fn build(app: Arc<App>, listen: &str) -> anyhow::Result<Application> {
        let http = app.http_settings().clone();
        let tls = server::tls_acceptor(&http)?;
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
        Ok(Application {
            listener,
            router: router(app),
            tls,
            header_timeout: Duration::from_secs(http.header_timeout_seconds.max(1)),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }

    /// Serves until `shutdown`; requests in progress finish first.
    pub async fn run_until(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        server::serve(
            self.listener,
            self.router,
            self.tls,
            self.header_timeout,
            shutdown,
        )
        .await
        .map_err(|e| anyhow::anyhow!("while serving HTTP: {e}"))
    }
}
