//! Health checks for a supervisor or a load balancer. Reading them changes nothing.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::App;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready`, or what is wrong.
    pub status: String,
    /// Events the tables have not seen yet (0 when ready).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag: Option<i64>,
}

fn answer(status: StatusCode, text: &str, lag: Option<i64>) -> (StatusCode, Json<Health>) {
    (
        status,
        Json(Health {
            status: text.into(),
            lag,
        }),
    )
}

/// Is the process up, and does the database answer.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(app): State<Arc<App>>) -> (StatusCode, Json<Health>) {
    match app.head_position().await {
        Ok(_) => answer(StatusCode::OK, "ok", None),
        Err(e) => {
            tracing::error!(error = %e, "database unreachable");
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "database unreachable",
                None,
            )
        }
    }
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
