//! Health checks for a supervisor or a load balancer. Reading them changes nothing.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::health::PartHealth;
use crate::app::App;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready`, `degraded` (a background part is failing: see
    /// `parts`), or what is wrong.
    pub status: String,
    /// Events the tables have not seen yet (0 when ready).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag: Option<i64>,
    /// The background parts (scheduler, delivery of the outbox) and their
    /// last error, once they have run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartHealth>,
}

fn answer(status: StatusCode, text: &str, lag: Option<i64>) -> (StatusCode, Json<Health>) {
    (
        status,
        Json(Health {
            status: text.into(),
            lag,
            parts: Vec::new(),
        }),
    )
}

/// Is the process up, does the database answer, and are the background
/// parts working. A failing background part (`degraded`) still answers 200:
/// the web pages work; an unreachable database answers 503.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(app): State<Arc<App>>) -> (StatusCode, Json<Health>) {
    let parts = app.background_health();
    let degraded = parts.iter().any(|p| !p.ok);
    let (code, status) = match app.head_position().await {
        Ok(_) if degraded => (StatusCode::OK, "degraded"),
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    };
    let (code, Json(mut body)) = answer(code, status, None);
    body.parts = parts;
    (code, Json(body))
}

/// Is it ready to serve: the database answers and the tables have seen every event.
#[utoipa::path(get, path = "/readyz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn ready(State(app): State<Arc<App>>) -> (StatusCode, Json<Health>) {
    match app.projection_lag().await {
        Ok(0) => answer(StatusCode::OK, "ready", Some(0)),
        Ok(lag) => answer(StatusCode::SERVICE_UNAVAILABLE, "catching up", Some(lag)),
        Err(e) => {
            tracing::error!(error = %e, "not ready");
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unreachable",
                None,
            )
        }
    }
}
