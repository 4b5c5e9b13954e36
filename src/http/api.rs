//! The JSON API: one endpoint per capability of the command line. Every
//! change is recorded with the authenticated user as the actor.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::{ApiError, ErrorResponse};
use crate::app::{Actor, App};
use crate::audit;
use crate::domain::access::Action;
use crate::domain::activity::{Activity, ActivityRef};
use crate::domain::finance::{BudgetLine, CreditKind};
use crate::domain::recommendation::{Recommendation, RecommendationContent, RecommendationRef};
use crate::domain::revue::RevueRef;
use crate::domain::types::{ActivityCode, Fcfa, SessionId, StructureCode, Year};
use crate::domain::workflow::RecommendationStatus;
use crate::i18n::Lang;
use crate::projections;
use crate::report::{ActivitiesReport, FinancesReport, RecommendationsReport};

type Api = Result<Json<Value>, ApiError>;
type AppState = State<Arc<App>>;

pub fn require(c: &Caller, action: Action<'_>) -> Result<(), ApiError> {
    if c.user.may(action) {
        Ok(())
    } else {
        Err(ApiError::forbidden(c.lang))
    }
}

fn actor(c: &Caller, reason: Option<String>) -> Actor {
    Actor::new(c.user.name.clone(), reason)
}

fn year(s: i32, lang: Lang) -> Result<Year, ApiError> {
    Year::new(s).map_err(|e| ApiError::invalid("year", translate(&e.0, lang)))
}

fn translate(fr: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => format!("invalid value ({fr})"),
    }
}

fn session(s: &str, lang: Lang) -> Result<SessionId, ApiError> {
    SessionId::parse(s).map_err(|e| ApiError::invalid("session", translate(&e.0, lang)))
}

fn code(s: &str, lang: Lang) -> Result<ActivityCode, ApiError> {
    ActivityCode::parse(s).map_err(|e| ApiError::invalid("code", translate(&e.0, lang)))
}

fn app_err(lang: Lang) -> impl Fn(crate::app::AppError) -> ApiError {
    move |e| ApiError::from_app(e, lang)
}

fn internal(lang: Lang) -> impl Fn(anyhow::Error) -> ApiError {
    move |e| ApiError::from_app(e.into(), lang)
}

fn to_json<T: serde::Serialize>(v: &T) -> Json<Value> {
    Json(serde_json::to_value(v).expect("serializable"))
}

#[derive(Deserialize, IntoParams)]
pub struct YearQuery {
    /// The plan's year.
    pub year: i32,
    /// The situation at the end of this day (Africa/Bamako).
    pub as_of: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
pub struct SessionQuery {
    pub session: String,
    pub as_of: Option<NaiveDate>,
}

/// Tableau 3: the activities of a year.
#[utoipa::path(get, path = "/api/reports/activities", params(YearQuery), responses((status = 200, description = "Tableau 3", body = Object), (status = 422, body = ErrorResponse)))]
pub async fn report_activities(State(app): AppState, c: Caller, Query(q): Query<YearQuery>) -> Api {
    require(&c, Action::ReadTables)?;
    let y = year(q.year, c.lang)?;
    let report = match q.as_of {
        Some(day) => ActivitiesReport::new(
            y,
            &audit::activities_as_of(&app.db, y, audit::end_of_day(day))
                .await
                .map_err(internal(c.lang))?,
        ),
        None => app.report_activities(y).await.map_err(app_err(c.lang))?,
    };
    Ok(to_json(&report))
}

/// Keeps the recommendations a focal point may see, with the counts redone.
pub fn visible(report: RecommendationsReport, c: &Caller) -> RecommendationsReport {
    let lines: Vec<_> = report
        .recommendations
        .into_iter()
        .filter(|l| {
            c.user.sees(
                &l.structures
                    .iter()
                    .filter_map(|s| StructureCode::parse(s).ok())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let count = |k: &str| lines.iter().filter(|l| l.status == k).count();
    RecommendationsReport {
        session: report.session,
        total: lines.len(),
        executed: count("executed"),
        in_progress: count("in_progress"),
        not_executed: count("not_executed"),
        recommendations: lines,
    }
}

/// Tableau 4: the recommendations of a session (a focal point sees those of its structure).
#[utoipa::path(get, path = "/api/reports/recommendations", params(SessionQuery), responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn report_recommendations(
    State(app): AppState,
    c: Caller,
    Query(q): Query<SessionQuery>,
) -> Api {
    require(&c, Action::ReadRecommendations)?;
    let s = session(&q.session, c.lang)?;
    let report = match q.as_of {
        Some(day) => RecommendationsReport::new(
            s.as_str(),
            &audit::recommendations_as_of(&app.db, s.as_str(), audit::end_of_day(day))
                .await
                .map_err(internal(c.lang))?,
        ),
        None => app.report_recommendations(&s).await.map_err(|e| match e {
            crate::app::AppError::BadInput(m) => ApiError::not_found(m.get(c.lang)),
            other => ApiError::from_app(other, c.lang),
        })?,
    };
    Ok(to_json(&visible(report, &c)))
}

/// The financial execution of a year.
#[utoipa::path(get, path = "/api/reports/finances", params(YearQuery), responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn report_finances(State(app): AppState, c: Caller, Query(q): Query<YearQuery>) -> Api {
    require(&c, Action::ReadTables)?;
    let y = year(q.year, c.lang)?;
    let report = match q.as_of {
        Some(day) => FinancesReport::new(
            y,
            audit::credits_as_of(&app.db, y, audit::end_of_day(day))
                .await
                .map_err(internal(c.lang))?
                .as_ref(),
        ),
        None => app.report_finances(y).await.map_err(app_err(c.lang))?,
    };
    Ok(to_json(&report))
}

/// Imports a year's plan from CSV text (all rows or none).
#[utoipa::path(post, path = "/api/plans/{year}/import", params(("year" = i32, Path)), request_body(content = String, content_type = "text/csv"), responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn import_plan(State(app): AppState, c: Caller, Path(y): Path<i32>, body: String) -> Api {
    require(&c, Action::Record)?;
    let y = year(y, c.lang)?;
    let table = crate::import::Table::parse_csv("plan.csv", &body)
        .map_err(|m| ApiError::invalid("body", m))?;
    let outcome = app
        .import_plan_table(&table, y, &actor(&c, None))
        .await
        .map_err(app_err(c.lang))?;
    Ok(Json(
        json!({"rows": outcome.rows, "events": outcome.events}),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Execute {
    pub period: Option<String>,
    pub observation: Option<String>,
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct NotExecuted {
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
pub struct Cost {
    pub engaged: i64,
    pub liquidated: i64,
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CarryActivity {
    pub to_year: i32,
    pub to_code: Option<String>,
    pub reason: Option<String>,
}

async fn activity_state(app: &App, id: &ActivityRef, lang: Lang) -> Api {
    let view: Option<Activity> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(lang))?;
    Ok(to_json(&view))
}

async fn existing_activity(
    app: &App,
    y: i32,
    c: &str,
    lang: Lang,
) -> Result<ActivityRef, ApiError> {
    let id = ActivityRef {
        year: year(y, lang)?,
        code: code(c, lang)?,
    };
    let view: Option<Activity> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(lang))?;
    match view {
        Some(_) => Ok(id),
        None => Err(ApiError::not_found(match lang {
            Lang::Fr => format!("activité {} du plan {} introuvable", id.code, id.year),
            Lang::En => format!("activity {} of the {} plan not found", id.code, id.year),
        })),
    }
}

/// Records an activity as executed.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/execute", params(("year" = i32, Path), ("code" = String, Path)), request_body = Execute, responses((status = 200, body = Object), (status = 404, body = ErrorResponse)))]
pub async fn activity_execute(
    State(app): AppState,
    c: Caller,
    Path((y, code)): Path<(i32, String)>,
    Json(b): Json<Execute>,
) -> Api {
    require(&c, Action::Record)?;
    let id = existing_activity(&app, y, &code, c.lang).await?;
    app.execute_activity(id.clone(), b.period, b.observation, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    activity_state(&app, &id, c.lang).await
}

/// Records an activity as not executed, with the reason.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/not-executed", params(("year" = i32, Path), ("code" = String, Path)), request_body = NotExecuted, responses((status = 200, body = Object), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn activity_not_executed(
    State(app): AppState,
    c: Caller,
    Path((y, code)): Path<(i32, String)>,
    Json(b): Json<NotExecuted>,
) -> Api {
    require(&c, Action::Record)?;
    let id = existing_activity(&app, y, &code, c.lang).await?;
    if b.reason.trim().is_empty() {
        return Err(ApiError::invalid(
            "reason",
            c.lang
                .pick("la raison est obligatoire", "the reason is required"),
        ));
    }
    app.activity_not_executed(id.clone(), b.reason.clone(), &actor(&c, Some(b.reason)))
        .await
        .map_err(app_err(c.lang))?;
    activity_state(&app, &id, c.lang).await
}

/// Records the amounts engaged and liquidated for an activity (F CFA).
#[utoipa::path(post, path = "/api/activities/{year}/{code}/cost", params(("year" = i32, Path), ("code" = String, Path)), request_body = Cost, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn activity_cost(
    State(app): AppState,
    c: Caller,
    Path((y, code)): Path<(i32, String)>,
    Json(b): Json<Cost>,
) -> Api {
    require(&c, Action::Record)?;
    let id = existing_activity(&app, y, &code, c.lang).await?;
    let engaged =
        Fcfa::new(b.engaged).map_err(|e| ApiError::invalid("engaged", translate(&e.0, c.lang)))?;
    let liquidated = Fcfa::new(b.liquidated)
        .map_err(|e| ApiError::invalid("liquidated", translate(&e.0, c.lang)))?;
    app.activity_cost(id.clone(), engaged, liquidated, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    activity_state(&app, &id, c.lang).await
}

/// Carries an activity over to a later plan.
#[utoipa::path(post, path = "/api/activities/{year}/{code}/carry-over", params(("year" = i32, Path), ("code" = String, Path)), request_body = CarryActivity, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn activity_carry_over(
    State(app): AppState,
    c: Caller,
    Path((y, code_)): Path<(i32, String)>,
    Json(b): Json<CarryActivity>,
) -> Api {
    require(&c, Action::Record)?;
    let id = existing_activity(&app, y, &code_, c.lang).await?;
    let to_code = b.to_code.as_deref().map(|s| code(s, c.lang)).transpose()?;
    let to = app
        .carry_over_activity(id, year(b.to_year, c.lang)?, to_code, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    activity_state(&app, &to, c.lang).await
}

/// Imports a session's recommendations from CSV text (all rows or none).
#[utoipa::path(post, path = "/api/recommendations/import", params(("session" = String, Query)), request_body(content = String, content_type = "text/csv"), responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn import_recommendations(
    State(app): AppState,
    c: Caller,
    Query(q): Query<SessionOnly>,
    body: String,
) -> Api {
    require(&c, Action::Record)?;
    let s = session(&q.session, c.lang)?;
    let table = crate::import::Table::parse_csv("recommandations.csv", &body)
        .map_err(|m| ApiError::invalid("body", m))?;
    let outcome = app
        .import_recommendations_table(&table, &s, &actor(&c, None))
        .await
        .map_err(app_err(c.lang))?;
    Ok(Json(
        json!({"rows": outcome.rows, "events": outcome.events}),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct SessionOnly {
    pub session: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewRecommendation {
    pub session: String,
    pub number: u32,
    pub text: String,
    pub structures: Vec<String>,
    pub due: Option<NaiveDate>,
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct StatusChange {
    /// `executee`, `en_cours` or `non_executee`.
    pub status: String,
    pub comment: Option<String>,
    pub evidence: Option<String>,
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct CarryRecommendation {
    pub to_session: String,
    pub to_number: u32,
    pub text: Option<String>,
    pub reason: Option<String>,
}

async fn recommendation_state(app: &App, id: &RecommendationRef, lang: Lang) -> Api {
    let view: Option<Recommendation> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(lang))?;
    Ok(to_json(&view))
}

/// Formulates a recommendation.
#[utoipa::path(post, path = "/api/recommendations", request_body = NewRecommendation, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_add(
    State(app): AppState,
    c: Caller,
    Json(b): Json<NewRecommendation>,
) -> Api {
    require(&c, Action::Record)?;
    let id = RecommendationRef {
        session: session(&b.session, c.lang)?,
        number: b.number,
    };
    let structures = app
        .structures(&b.structures.join(","))
        .map_err(|e| match e {
            crate::app::AppError::BadInput(m) => ApiError::invalid("structures", m.get(c.lang)),
            other => ApiError::from_app(other, c.lang),
        })?;
    app.add_recommendation(
        id.clone(),
        RecommendationContent {
            text: b.text,
            structures,
            due: b.due,
        },
        &actor(&c, b.reason),
    )
    .await
    .map_err(app_err(c.lang))?;
    recommendation_state(&app, &id, c.lang).await
}

/// Loads a recommendation the caller may see, or 404.
pub async fn visible_recommendation(
    app: &App,
    c: &Caller,
    s: &str,
    number: u32,
) -> Result<(RecommendationRef, Recommendation), ApiError> {
    let id = RecommendationRef {
        session: session(s, c.lang)?,
        number,
    };
    let view: Option<Recommendation> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(c.lang))?;
    match view {
        Some(r)
            if r.content
                .as_ref()
                .is_some_and(|x| c.user.sees(&x.structures)) =>
        {
            Ok((id, r))
        }
        _ => Err(ApiError::not_found(match c.lang {
            Lang::Fr => format!("recommandation {} introuvable", id.aggregate_id()),
            Lang::En => format!("recommendation {} not found", id.aggregate_id()),
        })),
    }
}

/// Changes the status of a recommendation per the workflow (a focal point: those of its structure).
#[utoipa::path(post, path = "/api/recommendations/{session}/{number}/status", params(("session" = String, Path), ("number" = u32, Path)), request_body = StatusChange, responses((status = 200, body = Object), (status = 403, body = ErrorResponse), (status = 404, body = ErrorResponse), (status = 409, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_status(
    State(app): AppState,
    c: Caller,
    Path((s, number)): Path<(String, u32)>,
    Json(b): Json<StatusChange>,
) -> Api {
    require(&c, Action::ReadRecommendations)?;
    let (id, rec) = visible_recommendation(&app, &c, &s, number).await?;
    let structures = rec.content.map(|x| x.structures).unwrap_or_default();
    require(&c, Action::ChangeStatus(&structures))?;
    let to = RecommendationStatus::parse(&b.status).ok_or_else(|| {
        ApiError::invalid(
            "status",
            c.lang.pick(
                "statut inconnu : executee, en_cours ou non_executee",
                "unknown status: executee, en_cours or non_executee",
            ),
        )
    })?;
    app.set_recommendation_status(id.clone(), to, b.comment, b.evidence, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    recommendation_state(&app, &id, c.lang).await
}

/// Carries a recommendation over to a later session.
#[utoipa::path(post, path = "/api/recommendations/{session}/{number}/carry-over", params(("session" = String, Path), ("number" = u32, Path)), request_body = CarryRecommendation, responses((status = 200, body = Object), (status = 404, body = ErrorResponse), (status = 422, body = ErrorResponse)))]
pub async fn recommendation_carry_over(
    State(app): AppState,
    c: Caller,
    Path((s, number)): Path<(String, u32)>,
    Json(b): Json<CarryRecommendation>,
) -> Api {
    require(&c, Action::Record)?;
    let (from, _) = visible_recommendation(&app, &c, &s, number).await?;
    let to = RecommendationRef {
        session: session(&b.to_session, c.lang)?,
        number: b.to_number,
    };
    app.carry_over_recommendation(from, to.clone(), b.text, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    recommendation_state(&app, &to, c.lang).await
}

#[derive(Deserialize, ToSchema)]
pub struct Credit {
    /// `bsi` or `fonctionnement`.
    pub line: String,
    /// `allotted`, `notified`, `engaged` or `liquidated`.
    pub kind: String,
    /// F CFA.
    pub amount: i64,
    pub reason: Option<String>,
}

/// Records a credit of a year (F CFA).
#[utoipa::path(post, path = "/api/finances/{year}", params(("year" = i32, Path)), request_body = Credit, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn finance_record(
    State(app): AppState,
    c: Caller,
    Path(y): Path<i32>,
    Json(b): Json<Credit>,
) -> Api {
    require(&c, Action::Record)?;
    let y = year(y, c.lang)?;
    let line = match b.line.as_str() {
        "bsi" => BudgetLine::Bsi,
        "fonctionnement" => BudgetLine::Fonctionnement,
        _ => {
            return Err(ApiError::invalid(
                "line",
                c.lang.pick(
                    "ligne : bsi ou fonctionnement",
                    "line: bsi or fonctionnement",
                ),
            ))
        }
    };
    let kind = match b.kind.as_str() {
        "allotted" => CreditKind::Allotted,
        "notified" => CreditKind::Notified,
        "engaged" => CreditKind::Engaged,
        "liquidated" => CreditKind::Liquidated,
        _ => {
            return Err(ApiError::invalid(
                "kind",
                c.lang.pick(
                    "nature : allotted, notified, engaged ou liquidated",
                    "kind: allotted, notified, engaged or liquidated",
                ),
            ))
        }
    };
    let amount =
        Fcfa::new(b.amount).map_err(|e| ApiError::invalid("amount", translate(&e.0, c.lang)))?;
    app.record_credit(y, line, kind, amount, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    Ok(to_json(
        &app.report_finances(y).await.map_err(app_err(c.lang))?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct RevuesQuery {
    pub year: i32,
}

/// The revues of a year, with their steps and deadlines.
#[utoipa::path(get, path = "/api/revues", params(RevuesQuery), responses((status = 200, body = Object)))]
pub async fn revues(State(app): AppState, c: Caller, Query(q): Query<RevuesQuery>) -> Api {
    require(&c, Action::ReadTables)?;
    let list = app
        .revues(year(q.year, c.lang)?)
        .await
        .map_err(app_err(c.lang))?;
    Ok(Json(json!(list
        .iter()
        .map(|(r, n)| json!({"revue": r, "recommendations": n}))
        .collect::<Vec<_>>())))
}

#[derive(Deserialize, ToSchema)]
pub struct OpenRevue {
    pub kind: String,
    pub year: i32,
    pub session: Option<String>,
    pub reason: Option<String>,
}

/// Opens a revue with the steps of its kind.
#[utoipa::path(post, path = "/api/revues", request_body = OpenRevue, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn revue_open(State(app): AppState, c: Caller, Json(b): Json<OpenRevue>) -> Api {
    require(&c, Action::Record)?;
    let s = b
        .session
        .as_deref()
        .map(|s| session(s, c.lang))
        .transpose()?;
    let id = app
        .open_revue(&b.kind, year(b.year, c.lang)?, s, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    let view: Option<crate::domain::revue::Revue> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(c.lang))?;
    Ok(to_json(&view))
}

#[derive(Deserialize, ToSchema)]
pub struct CompleteStep {
    pub date: NaiveDate,
    pub document: Option<String>,
    pub reason: Option<String>,
}

/// Completes a step of a revue.
#[utoipa::path(post, path = "/api/revues/{kind}/{year}/steps/{step}", params(("kind" = String, Path), ("year" = i32, Path), ("step" = String, Path)), request_body = CompleteStep, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn revue_step(
    State(app): AppState,
    c: Caller,
    Path((kind, y, step)): Path<(String, i32, String)>,
    Json(b): Json<CompleteStep>,
) -> Api {
    require(&c, Action::Record)?;
    let id = RevueRef {
        kind,
        year: year(y, c.lang)?,
    };
    app.complete_revue_step(id.clone(), step, b.date, b.document, &actor(&c, b.reason))
        .await
        .map_err(app_err(c.lang))?;
    let view: Option<crate::domain::revue::Revue> = projections::view(&app.db, &id.aggregate_id())
        .await
        .map_err(internal(c.lang))?;
    Ok(to_json(&view))
}

/// The full history of a recommendation and its lineage.
#[utoipa::path(get, path = "/api/audit/recommendations/{session}/{number}", params(("session" = String, Path), ("number" = u32, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorResponse)))]
pub async fn audit_recommendation(
    State(app): AppState,
    c: Caller,
    Path((s, number)): Path<(String, u32)>,
) -> Api {
    require(&c, Action::Audit)?;
    let id = RecommendationRef {
        session: session(&s, c.lang)?,
        number,
    };
    match audit::recommendation_history(&app.db, &id)
        .await
        .map_err(internal(c.lang))?
    {
        Some(h) => Ok(to_json(&h)),
        None => Err(ApiError::not_found(id.aggregate_id())),
    }
}

/// The full history of an activity and its carry-overs.
#[utoipa::path(get, path = "/api/audit/activities/{year}/{code}", params(("year" = i32, Path), ("code" = String, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorResponse)))]
pub async fn audit_activity(
    State(app): AppState,
    c: Caller,
    Path((y, cd)): Path<(i32, String)>,
) -> Api {
    require(&c, Action::Audit)?;
    let id = ActivityRef {
        year: year(y, c.lang)?,
        code: code(&cd, c.lang)?,
    };
    match audit::activity_history(&app.db, &id)
        .await
        .map_err(internal(c.lang))?
    {
        Some(h) => Ok(to_json(&h)),
        None => Err(ApiError::not_found(id.aggregate_id())),
    }
}

#[derive(Deserialize, IntoParams)]
pub struct VerifyQuery {
    /// `HASH@POSITION` kept outside the database.
    pub anchor: Option<String>,
}

/// Verifies the hash chain of the event log.
#[utoipa::path(get, path = "/api/audit/verify", params(VerifyQuery), responses((status = 200, body = Object)))]
pub async fn audit_verify(State(app): AppState, c: Caller, Query(q): Query<VerifyQuery>) -> Api {
    require(&c, Action::Audit)?;
    let anchor = match q.anchor {
        Some(a) => Some(
            crate::store::chain::Anchor::parse(&a)
                .ok_or_else(|| ApiError::invalid("anchor", "HASH@POSITION"))?,
        ),
        None => None,
    };
    let verdict = crate::store::chain::verify(&app.db, anchor.as_ref())
        .await
        .map_err(internal(c.lang))?;
    Ok(to_json(&verdict))
}

/// The head of the event log, `HASH@POSITION`, to keep outside the database.
#[utoipa::path(get, path = "/api/audit/anchor", responses((status = 200, body = Object)))]
pub async fn audit_anchor(State(app): AppState, c: Caller) -> Api {
    require(&c, Action::Audit)?;
    let head = crate::store::chain::head(&app.db)
        .await
        .map_err(internal(c.lang))?;
    Ok(Json(
        json!({"anchor": head.to_string(), "position": head.position, "hash": head.hash}),
    ))
}

/// Recomputes a year's snapshot from the events and compares it with the stored one.
#[utoipa::path(get, path = "/api/snapshots/{year}/verify", params(("year" = i32, Path)), responses((status = 200, body = Object)))]
pub async fn snapshot_verify(State(app): AppState, c: Caller, Path(y): Path<i32>) -> Api {
    require(&c, Action::Snapshots)?;
    Ok(to_json(
        &audit::snapshot::verify(&app.db, year(y, c.lang)?)
            .await
            .map_err(internal(c.lang))?,
    ))
}

/// The year-end snapshots taken.
#[utoipa::path(get, path = "/api/snapshots", responses((status = 200, body = Object)))]
pub async fn snapshots(State(app): AppState, c: Caller) -> Api {
    require(&c, Action::Snapshots)?;
    Ok(to_json(
        &audit::snapshot::years(&app.db)
            .await
            .map_err(internal(c.lang))?,
    ))
}

/// One year's snapshot, with the adjustments recorded since.
#[utoipa::path(get, path = "/api/snapshots/{year}", params(("year" = i32, Path)), responses((status = 200, body = Object), (status = 404, body = ErrorResponse)))]
pub async fn snapshot(State(app): AppState, c: Caller, Path(y): Path<i32>) -> Api {
    require(&c, Action::Snapshots)?;
    let y = year(y, c.lang)?;
    let Some(s) = audit::snapshot::load(&app.db, y)
        .await
        .map_err(internal(c.lang))?
    else {
        return Err(ApiError::not_found(y.to_string()));
    };
    let adjustments = audit::snapshot::adjustments(&app.db, y)
        .await
        .map_err(internal(c.lang))?;
    Ok(Json(
        json!({"snapshot": s.content, "content_hash": s.content_hash, "adjustments": adjustments}),
    ))
}

/// Takes a year's snapshot (returns the existing one if taken).
#[utoipa::path(post, path = "/api/snapshots/{year}", params(("year" = i32, Path)), responses((status = 200, body = Object)))]
pub async fn snapshot_take(State(app): AppState, c: Caller, Path(y): Path<i32>) -> Api {
    require(&c, Action::Snapshots)?;
    let (s, new) = audit::snapshot::take(&app.db, year(y, c.lang)?, &c.user.name, app.now())
        .await
        .map_err(internal(c.lang))?;
    Ok(Json(
        json!({"new": new, "snapshot": s.content, "content_hash": s.content_hash}),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct DateQuery {
    /// The day (default: today in Africa/Bamako).
    pub date: Option<NaiveDate>,
}

/// The reminder digests that would go out that day (nothing is sent).
#[utoipa::path(get, path = "/api/reminders/plan", params(DateQuery), responses((status = 200, body = Object)))]
pub async fn reminders_plan(State(app): AppState, c: Caller, Query(q): Query<DateQuery>) -> Api {
    require(&c, Action::Reminders)?;
    let r = crate::reminders::Reminders::new(&app, None).map_err(app_err(c.lang))?;
    let day = q.date.unwrap_or_else(|| r.today(app.now()));
    let planned = r.plan(day).await.map_err(app_err(c.lang))?;
    Ok(Json(json!(planned
        .iter()
        .map(|p| json!({
            "structure": p.digest.structure, "to": p.mail.to, "cc": p.mail.cc, "subject": p.mail.subject,
            "items": p.digest.lines.iter().map(|l| json!({"kind": l.item.kind, "ref": l.item.reference, "deadline": l.item.deadline, "days": l.due.days})).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())))
}

/// Queues and sends the reminders of a day (once per day and structure).
#[utoipa::path(post, path = "/api/reminders/run", params(DateQuery), responses((status = 200, body = Object)))]
pub async fn reminders_run(State(app): AppState, c: Caller, Query(q): Query<DateQuery>) -> Api {
    require(&c, Action::Reminders)?;
    let smtp = std::env::var("SUIVI_SMTP_URL").ok();
    let r = crate::reminders::Reminders::new(&app, smtp.as_deref()).map_err(app_err(c.lang))?;
    let day = q.date.unwrap_or_else(|| r.today(app.now()));
    let queued = r.enqueue(day, app.now()).await.map_err(app_err(c.lang))?;
    let d = r.deliver_due(app.now()).await.map_err(app_err(c.lang))?;
    Ok(Json(
        json!({"day": day, "queued": queued, "sent": d.sent, "retried": d.retried, "dead": d.dead}),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `dead`.
    pub status: Option<String>,
}

/// The messages of the outbox.
#[utoipa::path(get, path = "/api/reminders/outbox", params(OutboxQuery), responses((status = 200, body = Object)))]
pub async fn reminders_outbox(
    State(app): AppState,
    c: Caller,
    Query(q): Query<OutboxQuery>,
) -> Api {
    require(&c, Action::Reminders)?;
    if let Some(s) = q.status.as_deref() {
        if !["pending", "sent", "dead"].contains(&s) {
            return Err(ApiError::invalid("status", "pending, sent, dead"));
        }
    }
    Ok(to_json(
        &crate::mail::outbox::list(&app.db, q.status.as_deref())
            .await
            .map_err(internal(c.lang))?,
    ))
}

/// The harmonized calendar of a year, with the working day before deadlines on a day off.
#[utoipa::path(get, path = "/api/calendar/{year}", params(("year" = i32, Path)), responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn calendar(State(app): AppState, c: Caller, Path(y): Path<i32>) -> Api {
    require(&c, Action::ReadRecommendations)?;
    let y = year(y, c.lang)?;
    let r = crate::reminders::Reminders::new(&app, None).map_err(app_err(c.lang))?;
    let deadlines = r.calendar(y.value()).map_err(|e| match e {
        crate::app::AppError::BadInput(m) => ApiError::not_found(m.get(c.lang)),
        other => ApiError::from_app(other, c.lang),
    })?;
    let days = r
        .working_days(NaiveDate::from_ymd_opt(y.value(), 6, 30).expect("valid"))
        .map_err(app_err(c.lang))?;
    Ok(Json(json!(deadlines
        .iter()
        .filter(|d| c.user.sees(&d.structures))
        .map(|d| json!({"id": d.id, "label": d.label, "from": d.from, "deadline": d.date, "working_day": days.on_or_before(d.date), "structures": d.structures}))
        .collect::<Vec<_>>())))
}

#[derive(Deserialize, ToSchema)]
pub struct DeadlineMet {
    pub date: NaiveDate,
    pub document: Option<String>,
    pub reason: Option<String>,
}

/// Marks a deadline of the harmonized calendar as met: its reminders stop.
#[utoipa::path(post, path = "/api/calendar/{year}/{id}/done", params(("year" = i32, Path), ("id" = String, Path)), request_body = DeadlineMet, responses((status = 200, body = Object), (status = 422, body = ErrorResponse)))]
pub async fn calendar_done(
    State(app): AppState,
    c: Caller,
    Path((y, id)): Path<(i32, String)>,
    Json(b): Json<DeadlineMet>,
) -> Api {
    require(&c, Action::Record)?;
    let r = crate::reminders::Reminders::new(&app, None).map_err(app_err(c.lang))?;
    let events = r
        .meet_deadline(
            year(y, c.lang)?.value(),
            &id,
            b.date,
            b.document,
            &actor(&c, b.reason),
        )
        .await
        .map_err(app_err(c.lang))?;
    Ok(Json(json!({"events": events})))
}

/// Who is calling.
#[utoipa::path(get, path = "/api/me", responses((status = 200, body = Object), (status = 401, body = ErrorResponse)))]
pub async fn me(c: Caller) -> Api {
    Ok(to_json(&c.user))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "suivi", description = "Suivi des plans d'action, revues et recommandations d'une CPS"),
    paths(
        report_activities, report_recommendations, report_finances, import_plan, import_recommendations,
        audit_anchor, snapshot_verify, reminders_run, calendar_done,
        activity_execute, activity_not_executed, activity_cost, activity_carry_over,
        recommendation_add, recommendation_status, recommendation_carry_over, finance_record,
        revues, revue_open, revue_step, audit_recommendation, audit_activity, audit_verify,
        snapshots, snapshot, snapshot_take, reminders_plan, reminders_outbox, calendar, me,
        super::ics::structure_calendar, super::health, super::ready
    ),
    components(schemas(ErrorResponse, DeadlineMet, Execute, NotExecuted, Cost, CarryActivity, NewRecommendation, StatusChange, CarryRecommendation, Credit, OpenRevue, CompleteStep)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document.
pub async fn openapi() -> Response {
    use utoipa::OpenApi;
    (
        [(header::CONTENT_TYPE, "application/json")],
        ApiDoc::openapi().to_pretty_json().unwrap_or_default(),
    )
        .into_response()
}

/// 404 for unknown API paths, as JSON.
pub async fn unknown(c: super::auth::MaybeCaller) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        c.1.pick(
            "adresse inconnue ; voir /api/openapi.json",
            "unknown address; see /api/openapi.json",
        ),
    )
}
