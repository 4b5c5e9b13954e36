//! Histories, the hash chain, and the year-end snapshots.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiPath, ApiQuery};
use super::{code, refused, session, year, Api};
use crate::app::{App, SnapshotList, SnapshotView, TokenInfo};
use crate::domain::activity::ActivityRef;
use crate::domain::audit::SnapshotVerdict;
use crate::domain::audit::{Anchor, Verdict};
use crate::domain::recommendation::RecommendationRef;
use crate::http::auth::Caller;
use crate::http::error::ErrorResponse;
use crate::report::history::History;

/// The full history of a recommendation and its lineage (a focal point:
/// those of its structure).
#[utoipa::path(get, path = "/api/audit/recommendations/{session}/{number}", params(("session" = String, Path, pattern = "^[A-Za-z0-9._-]{1,40}$"), ("number" = u32, Path, maximum = 100000)), responses((status = 200, body = History), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((s, number)): ApiPath<(String, u32)>,
) -> Api<History> {
    let id = RecommendationRef {
        session: session(&s, c.lang)?,
        number,
    };
    let h = app
        .recommendation_history(&id, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(h.phrase(c.lang)))
}

/// The full history of an activity and its carry-overs.
#[utoipa::path(get, path = "/api/audit/activities/{year}/{code}", params(("year" = i32, Path, minimum = 2000, maximum = 2100), ("code" = String, Path, pattern = "^[0-9]{1,5}(\\.[0-9]{1,5}){0,4}$", max_length = 20)), responses((status = 200, body = History), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath((y, cd)): ApiPath<(i32, String)>,
) -> Api<History> {
    let id = ActivityRef {
        year: year(y, c.lang)?,
        code: code(&cd, c.lang)?,
    };
    let h = app
        .activity_history(&id, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(h.phrase(c.lang)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// `HASH@POSITION` kept outside the database.
    #[param(pattern = "^[0-9a-fA-F]{64}@[1-9][0-9]{0,17}$")]
    pub anchor: Option<String>,
}

/// Verifies the hash chain of the event log.
#[utoipa::path(get, path = "/api/audit/verify", params(VerifyQuery), responses((status = 200, body = Verdict), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn verify(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<VerifyQuery>,
) -> Api<Verdict> {
    let verdict = app
        .verify_chain(q.anchor.as_deref(), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(verdict))
}

/// The head of the event log, to keep outside the database.
#[derive(Serialize, ToSchema)]
pub struct AnchorResponse {
    /// `HASH@POSITION`.
    pub anchor: String,
    pub position: i64,
    pub hash: String,
}

/// The head of the event log, `HASH@POSITION`.
#[utoipa::path(get, path = "/api/audit/anchor", responses((status = 200, body = AnchorResponse), (status = 403, body = ErrorResponse)))]
pub async fn anchor(State(app): State<Arc<App>>, c: Caller) -> Api<AnchorResponse> {
    let Anchor { position, hash } = app.anchor(&c.actor(None)).await.map_err(refused(c.lang))?;
    Ok(Json(AnchorResponse {
        anchor: format!("{hash}@{position}"),
        position,
        hash,
    }))
}

/// The year-end snapshots taken.
#[utoipa::path(get, path = "/api/snapshots", responses((status = 200, body = Vec<SnapshotList>), (status = 403, body = ErrorResponse)))]
pub async fn snapshots(State(app): State<Arc<App>>, c: Caller) -> Api<Vec<SnapshotList>> {
    let list = app
        .snapshots(&c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}

/// One year's snapshot, with the adjustments recorded since.
#[utoipa::path(get, path = "/api/snapshots/{year}", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses((status = 200, body = SnapshotView), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn snapshot(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
) -> Api<SnapshotView> {
    let y = year(y, c.lang)?;
    let s = app
        .snapshot(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(s))
}

/// Takes a year's snapshot (returns the existing one if taken).
#[utoipa::path(post, path = "/api/snapshots/{year}", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses((status = 200, body = SnapshotView), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn snapshot_take(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
) -> Api<SnapshotView> {
    let y = year(y, c.lang)?;
    let s = app
        .take_snapshot(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(s))
}

/// Recomputes a year's snapshot from the events and compares it with the stored one.
#[utoipa::path(get, path = "/api/snapshots/{year}/verify", params(("year" = i32, Path, minimum = 2000, maximum = 2100)), responses((status = 200, body = SnapshotVerdict), (status = 403, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn snapshot_verify(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiPath(y): ApiPath<i32>,
) -> Api<SnapshotVerdict> {
    let y = year(y, c.lang)?;
    let v = app
        .verify_snapshot(y, &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(v))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokensQuery {
    /// Only this user's tokens.
    pub user: Option<String>,
}

/// The API and feed tokens (never their secrets): scope, expiry, last use.
#[utoipa::path(get, path = "/api/tokens", params(TokensQuery), responses((status = 200, body = Vec<TokenInfo>), (status = 403, body = ErrorResponse)))]
pub async fn tokens(
    State(app): State<Arc<App>>,
    c: Caller,
    ApiQuery(q): ApiQuery<TokensQuery>,
) -> Api<Vec<TokenInfo>> {
    let list = app
        .tokens(q.user.as_deref(), &c.actor(None))
        .await
        .map_err(refused(c.lang))?;
    Ok(Json(list))
}
