//! Health checks for a supervisor or a load balancer. Reading them changes nothing.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::health::PartHealth;
use crate::app::App;
use crate::http::auth::IsDirector;

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

/// Is the process alive: always 200, at once. `degraded` when a
/// background part is failing (the database among them, as its last check
/// found): the process is fine, a supervisor must not restart it.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub async fn health(
    State(app): State<Arc<App>>,
    IsDirector(director): IsDirector,
) -> (StatusCode, Json<Health>) {
    let mut parts = app.background_health();
    // The causes (a server's reply, a path) are the director's to read.
    if !director {
        for p in &mut parts {
            p.last_error = None;
        }
    }
    let degraded = parts.iter().any(|p| !p.ok) || !app.database_state().reachable;
    let (code, Json(mut body)) = answer(
        StatusCode::OK,
        if degraded { "degraded" } else { "ok" },
        None,
    );
    body.parts = parts;
    (code, Json(body))
}

/// Can it serve: the database answered its last check and the tables had
/// seen every event; 503 otherwise. From the kept state, at once.
#[utoipa::path(get, path = "/readyz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn ready(State(app): State<Arc<App>>) -> (StatusCode, Json<Health>) {
    let state = app.database_state();
    match (state.reachable, state.lag) {
        (true, Some(0)) => answer(StatusCode::OK, "ready", Some(0)),
        (true, Some(lag)) => answer(StatusCode::SERVICE_UNAVAILABLE, "catching up", Some(lag)),
        _ => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "database unreachable",
            None,
        ),
    }
}
