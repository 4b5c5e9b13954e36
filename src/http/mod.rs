//! The HTTP edge of `suivi serve`: a JSON API (`/api/…`, documented at
//! `/api/openapi.json`), the web pages, the iCalendar feeds, and health checks.

pub mod api;
pub mod auth;
pub mod error;
pub mod ics;
pub mod pages;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderName, Request, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::app::App;

/// Is the process up.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "the database answers"), (status = 503)))]
pub async fn health(State(app): State<Arc<App>>) -> (StatusCode, Json<serde_json::Value>) {
    match app.db.head_position().await {
        Ok(_) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "database unreachable"})),
            )
        }
    }
}

/// Is it ready to serve: database reachable and projections caught up.
#[utoipa::path(get, path = "/readyz", responses((status = 200), (status = 503)))]
pub async fn ready(State(app): State<Arc<App>>) -> (StatusCode, Json<serde_json::Value>) {
    match crate::projections::catch_up(&app.db).await {
        Ok(_) => (StatusCode::OK, Json(json!({"status": "ready"}))),
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "not ready"})),
            )
        }
    }
}

pub fn router(app: Arc<App>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let api = Router::new()
        .route("/reports/activities", get(api::report_activities))
        .route("/reports/recommendations", get(api::report_recommendations))
        .route("/reports/finances", get(api::report_finances))
        .route("/plans/{year}/import", post(api::import_plan))
        .route(
            "/activities/{year}/{code}/execute",
            post(api::activity_execute),
        )
        .route(
            "/activities/{year}/{code}/not-executed",
            post(api::activity_not_executed),
        )
        .route("/activities/{year}/{code}/cost", post(api::activity_cost))
        .route(
            "/activities/{year}/{code}/carry-over",
            post(api::activity_carry_over),
        )
        .route("/recommendations", post(api::recommendation_add))
        .route("/recommendations/import", post(api::import_recommendations))
        .route(
            "/recommendations/{session}/{number}/status",
            post(api::recommendation_status),
        )
        .route(
            "/recommendations/{session}/{number}/carry-over",
            post(api::recommendation_carry_over),
        )
        .route("/finances/{year}", post(api::finance_record))
        .route("/revues", get(api::revues).post(api::revue_open))
        .route("/revues/{kind}/{year}/steps/{step}", post(api::revue_step))
        .route(
            "/audit/recommendations/{session}/{number}",
            get(api::audit_recommendation),
        )
        .route("/audit/activities/{year}/{code}", get(api::audit_activity))
        .route("/audit/verify", get(api::audit_verify))
        .route("/audit/anchor", get(api::audit_anchor))
        .route("/snapshots", get(api::snapshots))
        .route(
            "/snapshots/{year}",
            get(api::snapshot).post(api::snapshot_take),
        )
        .route("/snapshots/{year}/verify", get(api::snapshot_verify))
        .route("/reminders/plan", get(api::reminders_plan))
        .route("/reminders/outbox", get(api::reminders_outbox))
        .route("/reminders/run", post(api::reminders_run))
        .route("/calendar/{year}", get(api::calendar))
        .route("/calendar/{year}/{id}/done", post(api::calendar_done))
        .route("/me", get(api::me))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::unknown);
    Router::new()
        .nest("/api", api)
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/calendar/{file}", get(ics::structure_calendar))
        .merge(pages::routes())
        .with_state(app)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The web application, bound to its port.
pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Binds `listen` (`127.0.0.1:0` picks a free port).
    pub async fn build(app: Arc<App>, listen: &str) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
        Ok(Application {
            listener,
            router: router(app),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until `shutdown`; requests in progress finish first.
    pub async fn run_until(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await
            .map_err(|e| anyhow::anyhow!("while serving HTTP: {e}"))
    }
}
