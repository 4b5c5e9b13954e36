//! The web pages, in French (English with `?lang=en`): light HTML, one small
//! inline stylesheet, no script needed, readable on a phone and on a slow line.
//! Forms carry the session's CSRF token.

// A refused request is answered at once with its page: the error is the response.
#![allow(clippy::result_large_err)]

use std::sync::{Arc, OnceLock};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::Datelike;
use minijinja::{context, Environment, Value};
use serde::Deserialize;

use super::api::visible;
use super::auth::{Caller, MaybeCaller, LANG_COOKIE, SESSION_COOKIE};
use crate::app::{Actor, App, AppError};
use crate::domain::access::Action;
use crate::domain::activity::ActivityRef;
use crate::domain::recommendation::Recommendation;
use crate::domain::types::{ActivityCode, SessionId, StructureCode, Year};
use crate::domain::workflow::RecommendationStatus;
use crate::i18n::Lang;
use crate::projections;
use crate::report::render::{self, Format};
use cqrs_es::Aggregate;

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("templates/base.html")),
            ("login.html", include_str!("templates/login.html")),
            ("dashboard.html", include_str!("templates/dashboard.html")),
            ("activities.html", include_str!("templates/activities.html")),
            (
                "recommendations.html",
                include_str!("templates/recommendations.html"),
            ),
            (
                "recommendation.html",
                include_str!("templates/recommendation.html"),
            ),
            ("structure.html", include_str!("templates/structure.html")),
        ] {
            env.add_template(name, source).expect("valid page template");
        }
        env
    })
}

/// The words of the pages.
fn words(lang: Lang) -> Value {
    let pairs: &[(&str, &str, &str)] = &[
        ("dashboard", "Tableau de bord", "Dashboard"),
        ("activities", "Activités", "Activities"),
        ("recommendations", "Recommandations", "Recommendations"),
        ("logout", "Se déconnecter", "Log out"),
        ("login", "Connexion", "Log in"),
        ("user_name", "Nom d'utilisateur", "User name"),
        ("password", "Mot de passe", "Password"),
        (
            "execution_rate",
            "Taux d'exécution du plan",
            "Execution rate of the plan",
        ),
        (
            "executed_of_planned",
            "activités exécutées sur les programmées",
            "activities executed out of planned",
        ),
        ("session", "session", "session"),
        ("see_table", "Voir le tableau", "See the table"),
        ("overdue", "Échéances dépassées", "Overdue"),
        ("next_deadlines", "Prochaines échéances", "Next deadlines"),
        ("item", "Objet", "Item"),
        ("deadline", "Échéance", "Deadline"),
        ("days_late", "Jours de retard", "Days late"),
        (
            "structures",
            "Structures responsables",
            "Responsible structures",
        ),
        ("none", "Rien pour l'instant.", "Nothing for now."),
        (
            "table3",
            "Tableau 3 : État d'exécution des activités du plan d'action",
            "Table 3: Execution of the activities of the action plan",
        ),
        (
            "table4",
            "Tableau 4 : État d'exécution des recommandations de la session",
            "Table 4: Execution of the recommendations of session",
        ),
        ("code", "Code", "Code"),
        ("activity", "Activité", "Activity"),
        (
            "budget",
            "Budget (milliers F CFA)",
            "Budget (thousand F CFA)",
        ),
        ("executed", "Exécutée", "Executed"),
        ("period", "Période d'exécution", "Period"),
        ("observations", "Observations", "Observations"),
        ("change", "Modifier", "Change"),
        ("yes", "OUI", "YES"),
        ("no", "NON", "NO"),
        ("period_or_reason", "période ou raison", "period or reason"),
        ("save", "Enregistrer", "Save"),
        ("number", "N°", "No."),
        ("recommendation", "Recommandation", "Recommendation"),
        ("status", "Situation", "Status"),
        ("in_progress", "En cours", "In progress"),
        ("executed_rec", "Exécutée", "Executed"),
        ("not_executed_rec", "Non exécutée", "Not executed"),
        ("executed_n", "exécutées", "executed"),
        ("in_progress_n", "en cours", "in progress"),
        ("not_executed_n", "non exécutées", "not executed"),
        ("comment", "Commentaire", "Comment"),
        ("evidence", "Pièce justificative", "Evidence"),
        ("reason", "Motif", "Reason"),
        ("lineage", "Filiation", "Lineage"),
        ("open_since", "Ouverte depuis la", "Open since"),
        ("history", "Historique", "History"),
        (
            "calendar_feed",
            "Abonnement au calendrier",
            "Calendar subscription",
        ),
        ("items", "À suivre", "To follow up"),
        ("situation", "Situation", "Situation"),
    ];
    let map: std::collections::BTreeMap<&str, &str> = pairs
        .iter()
        .map(|(k, fr, en)| (*k, lang.pick(fr, en)))
        .collect();
    Value::from(minijinja::value::Serde(map))
}

fn page(
    name: &str,
    title: &str,
    caller: Option<&Caller>,
    lang: Lang,
    extra: Value,
    set_lang: bool,
) -> Response {
    let user = caller.map(|c| {
        context! { name => c.user.name.clone(), role => c.user.role.code(), structure => c.user.structure.as_ref().map(|s| s.to_string()) }
    });
    let ctx = context! {
        lang => match lang { Lang::Fr => "fr", Lang::En => "en" },
        other_lang => match lang { Lang::Fr => "en", Lang::En => "fr" },
        title => title,
        t => words(lang),
        user => user,
        csrf => caller.and_then(|c| c.csrf.clone()).unwrap_or_default(),
        ..extra
    };
    let html = match templates().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "page template");
            return (StatusCode::INTERNAL_SERVER_ERROR, "erreur interne").into_response();
        }
    };
    let mut response = Html(html).into_response();
    if set_lang {
        let value = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            match lang {
                Lang::Fr => "fr",
                Lang::En => "en",
            }
        );
        if let Ok(v) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn wants_lang(q: &LangQuery) -> bool {
    q.lang.is_some()
}

#[derive(Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

fn failure(caller: &Caller, status: StatusCode, message: String) -> Response {
    let mut r = page(
        "base.html",
        "suivi",
        Some(caller),
        caller.lang,
        context! { message => message, message_class => "error" },
        false,
    );
    *r.status_mut() = status;
    r
}

fn app_failure(c: &Caller, e: AppError) -> Response {
    match e {
        AppError::BadInput(m) | AppError::Conflict(m) | AppError::Integrity(m) => failure(
            c,
            StatusCode::UNPROCESSABLE_ENTITY,
            m.get(c.lang).to_string(),
        ),
        AppError::Internal(e) => {
            tracing::error!(error = format!("{e:#}"), "internal error");
            failure(
                c,
                StatusCode::INTERNAL_SERVER_ERROR,
                c.lang
                    .pick(
                        "Erreur interne ; elle est consignée.",
                        "Internal error; it is logged.",
                    )
                    .into(),
            )
        }
    }
}

fn forbidden(c: &Caller) -> Response {
    failure(
        c,
        StatusCode::FORBIDDEN,
        c.lang
            .pick(
                "Votre rôle ne permet pas d'ouvrir cette page.",
                "Your role does not open this page.",
            )
            .into(),
    )
}

/// The CSRF token of a form must be the session's.
fn check_csrf(c: &Caller, sent: &str) -> Result<(), Response> {
    match &c.csrf {
        Some(expected) if !sent.is_empty() && expected == sent => Ok(()),
        _ => Err(failure(
            c,
            StatusCode::FORBIDDEN,
            c.lang
                .pick(
                    "Formulaire expiré : rechargez la page.",
                    "Form expired: reload the page.",
                )
                .into(),
        )),
    }
}

async fn login_form(MaybeCaller(_, lang): MaybeCaller, Query(q): Query<LangQuery>) -> Response {
    page(
        "login.html",
        lang.pick("Connexion", "Log in"),
        None,
        lang,
        context! {},
        wants_lang(&q),
    )
}

#[derive(Deserialize)]
struct Login {
    name: String,
    password: String,
}

async fn login(
    State(app): State<Arc<App>>,
    MaybeCaller(_, lang): MaybeCaller,
    Form(f): Form<Login>,
) -> Response {
    match crate::users::by_password(&app.db, f.name.trim(), &f.password).await {
        Ok(Some(user)) => {
            match crate::users::open_session(&app.db, &user.name, app.now(), 12).await {
                Ok((id, _)) => {
                    let cookie = format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=43200");
                    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
                }
                Err(e) => {
                    tracing::error!(error = format!("{e:#}"), "session");
                    (StatusCode::INTERNAL_SERVER_ERROR, "erreur interne").into_response()
                }
            }
        }
        _ => {
            let mut r = page(
                "login.html",
                "Connexion",
                None,
                lang,
                context! { message => lang.pick("Nom ou mot de passe incorrect.", "Wrong name or password."), message_class => "error" },
                false,
            );
            *r.status_mut() = StatusCode::UNAUTHORIZED;
            r
        }
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(app): State<Arc<App>>,
    c: Caller,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = check_csrf(&c, &f.csrf) {
        return r;
    }
    if let Some(id) = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';').find_map(|kv| {
                kv.trim()
                    .strip_prefix(&format!("{SESSION_COOKIE}="))
                    .map(str::to_string)
            })
        })
    {
        let _ = crate::users::close_session(&app.db, &id).await;
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response()
}

/// Bars of the execution rate by year, as inline SVG.
fn rate_chart(points: &[(i32, f64)]) -> String {
    let w = 40 * points.len().max(1) + 20;
    let mut svg = format!(
        r#"<svg role="img" aria-label="taux d'exécution par année" width="{w}" height="130" viewBox="0 0 {w} 130" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, (year, rate)) in points.iter().enumerate() {
        let h = (rate.clamp(0.0, 100.0) * 0.9).round();
        let x = 10 + i * 40;
        let (top, label_y, mid) = (105.0 - h, 102.0 - h, x + 14);
        svg.push_str(&format!(
            r##"<rect x="{x}" y="{top}" width="28" height="{h}" fill="#15803d"/><text x="{mid}" y="{label_y}" font-size="10" text-anchor="middle">{rate:.0}%</text><text x="{mid}" y="125" font-size="10" text-anchor="middle">{year}</text>"##
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Recommendations by status, as inline SVG bars.
fn status_chart(executed: usize, in_progress: usize, not_executed: usize, lang: Lang) -> String {
    let total = (executed + in_progress + not_executed).max(1) as f64;
    let rows = [
        (lang.pick("Exécutées", "Executed"), executed, "#15803d"),
        (lang.pick("En cours", "In progress"), in_progress, "#d97706"),
        (
            lang.pick("Non exécutées", "Not executed"),
            not_executed,
            "#b42318",
        ),
    ];
    let mut svg = String::from(
        r#"<svg role="img" aria-label="recommandations par statut" width="260" height="80" viewBox="0 0 260 80" xmlns="http://www.w3.org/2000/svg">"#,
    );
    for (i, (label, n, color)) in rows.iter().enumerate() {
        let y = 5 + i * 25;
        let w = (*n as f64 / total * 140.0).round();
        svg.push_str(&format!(r#"<text x="0" y="{}" font-size="11">{label}</text><rect x="95" y="{y}" width="{w}" height="16" fill="{color}"/><text x="{}" y="{}" font-size="11">{n}</text>"#, y + 12, 100.0 + w, y + 12));
    }
    svg.push_str("</svg>");
    svg
}

async fn sessions(app: &App) -> Vec<String> {
    let mut s = projections::scopes(&app.db, Recommendation::TYPE)
        .await
        .unwrap_or_default();
    s.sort();
    s
}

async fn dashboard(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    let years: Vec<i32> = projections::scopes(&app.db, crate::domain::activity::Activity::TYPE)
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|y| y.parse().ok())
        .collect();
    let mut points = Vec::new();
    for y in years.iter().filter_map(|y| Year::new(*y).ok()) {
        if let Ok(report) = app.report_activities(y).await {
            points.push((y.value(), report.execution_rate.unwrap_or(0.0)));
        }
    }
    // The latest year whose plan has executions, else the latest plan.
    let year = points
        .iter()
        .rev()
        .find(|(_, r)| *r > 0.0)
        .or(points.last())
        .map(|(y, _)| *y);
    let activities = match (year, c.user.may(Action::ReadTables)) {
        (Some(y), true) => app
            .report_activities(Year::new(y).expect("known year"))
            .await
            .ok(),
        _ => None,
    };
    let sessions = sessions(&app).await;
    let mut recommendations = None;
    for s in sessions.iter().rev() {
        if let Ok(sid) = SessionId::parse(s) {
            if let Ok(r) = app.report_recommendations(&sid).await {
                let r = visible(r, &c);
                if r.total > 0 && r.recommendations.iter().any(|l| l.status != "executed") {
                    recommendations = Some(r);
                    break;
                }
            }
        }
    }
    let (mut overdue, mut upcoming) = (Vec::new(), Vec::new());
    if let Ok(r) = crate::reminders::Reminders::new(&app, None) {
        let today = r.today(app.now());
        if let Ok(items) = r.items(today).await {
            for i in items.into_iter().filter(|i| c.user.sees(&i.structures)) {
                let days = (today - i.deadline).num_days();
                let row = context! {
                    reference => i.reference, text => i.text,
                    deadline => crate::mail::long_date(i.deadline, lang),
                    days => days,
                    structures => i.structures.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
                    sort => (i.deadline - today).num_days(),
                };
                if days > 0 {
                    overdue.push((days, row))
                } else {
                    upcoming.push((-days, row))
                }
            }
        }
    }
    overdue.sort_by_key(|(d, _)| -d);
    upcoming.sort_by_key(|(d, _)| *d);
    let extra = context! {
        year => year.map(|y| y.to_string()).unwrap_or_else(|| app.now().year().to_string()),
        activities => activities.as_ref().map(|a| context! { planned => a.planned, executed => a.executed, rate_text => lang.percent(a.execution_rate) }),
        rate_chart => if points.is_empty() { String::new() } else { rate_chart(&points) },
        recommendations => recommendations.as_ref().map(|r| context! { session => r.session.clone() }),
        status_chart => recommendations.as_ref().map(|r| status_chart(r.executed, r.in_progress, r.not_executed, lang)).unwrap_or_default(),
        overdue => overdue.into_iter().take(15).map(|(_, r)| r).collect::<Vec<_>>(),
        upcoming => upcoming.into_iter().take(8).map(|(_, r)| r).collect::<Vec<_>>(),
    };
    page(
        "dashboard.html",
        lang.pick("Tableau de bord", "Dashboard"),
        Some(&c),
        lang,
        extra,
        wants_lang(&q),
    )
}

#[derive(Deserialize)]
struct YearParam {
    year: Option<i32>,
    lang: Option<String>,
}

async fn latest_year(app: &App) -> Option<Year> {
    projections::scopes(&app.db, crate::domain::activity::Activity::TYPE)
        .await
        .ok()?
        .iter()
        .filter_map(|y| y.parse().ok())
        .max()
        .and_then(|y| Year::new(y).ok())
}

async fn activities_page(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Query(q): Query<YearParam>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    if !c.user.may(Action::ReadTables) {
        return forbidden(&c);
    }
    let year = match q.year.map(Year::new) {
        Some(Ok(y)) => y,
        Some(Err(e)) => return failure(&c, StatusCode::UNPROCESSABLE_ENTITY, e.0),
        None => match latest_year(&app).await {
            Some(y) => y,
            None => {
                return failure(
                    &c,
                    StatusCode::NOT_FOUND,
                    lang.pick("Aucun plan enregistré.", "No plan recorded.")
                        .into(),
                )
            }
        },
    };
    match app.report_activities(year).await {
        Ok(report) => {
            let extra = context! { rate_text => lang.percent(report.execution_rate), report => Value::from(minijinja::value::Serde(&report)), can_record => c.user.may(Action::Record) };
            page(
                "activities.html",
                lang.pick("Activités", "Activities"),
                Some(&c),
                lang,
                extra,
                q.lang.is_some(),
            )
        }
        Err(e) => app_failure(&c, e),
    }
}

#[derive(Deserialize)]
struct ActivityForm {
    #[serde(default)]
    csrf: String,
    status: String,
    #[serde(default)]
    note: String,
}

async fn activity_status(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((year, code)): Path<(i32, String)>,
    Form(f): Form<ActivityForm>,
) -> Response {
    if let Err(r) = check_csrf(&c, &f.csrf) {
        return r;
    }
    if !c.user.may(Action::Record) {
        return forbidden(&c);
    }
    let (Ok(y), Ok(code)) = (Year::new(year), ActivityCode::parse(&code)) else {
        return failure(&c, StatusCode::NOT_FOUND, "?".into());
    };
    let id = ActivityRef { year: y, code };
    let note = Some(f.note.trim().to_string()).filter(|n| !n.is_empty());
    let who = Actor::new(c.user.name.clone(), None);
    let result = match f.status.as_str() {
        "executed" => app.execute_activity(id, note, None, &who).await,
        _ => {
            app.activity_not_executed(id, note.unwrap_or_default(), &who)
                .await
        }
    };
    match result {
        Ok(_) => Redirect::to(&format!("/activities?year={year}")).into_response(),
        Err(e) => app_failure(&c, e),
    }
}

#[derive(Deserialize)]
struct SessionParam {
    session: Option<String>,
    lang: Option<String>,
}

fn status_label(status: &str, lang: Lang) -> &'static str {
    match status {
        "executed" => lang.pick("Exécutée (1)", "Executed (1)"),
        "in_progress" => lang.pick("En cours (2)", "In progress (2)"),
        _ => lang.pick("Non exécutée (3)", "Not executed (3)"),
    }
}

async fn recommendations_page(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Query(q): Query<SessionParam>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    let all = sessions(&app).await;
    let Some(session) = q.session.clone().or_else(|| all.last().cloned()) else {
        return failure(
            &c,
            StatusCode::NOT_FOUND,
            lang.pick(
                "Aucune recommandation enregistrée.",
                "No recommendation recorded.",
            )
            .into(),
        );
    };
    let Ok(sid) = SessionId::parse(&session) else {
        return failure(&c, StatusCode::UNPROCESSABLE_ENTITY, session);
    };
    let report = match app.report_recommendations(&sid).await {
        Ok(r) => visible(r, &c),
        Err(e) => return app_failure(&c, e),
    };
    let rows: Vec<Value> = report
        .recommendations
        .iter()
        .map(|r| {
            let structures: Vec<StructureCode> = r
                .structures
                .iter()
                .filter_map(|s| StructureCode::parse(s).ok())
                .collect();
            context! {
                number => r.number, text => r.text.clone(), structures => r.structures.join(", "),
                status_label => status_label(&r.status, lang),
                editable => c.user.may(Action::ChangeStatus(&structures)),
            }
        })
        .collect();
    let extra = context! { report => Value::from(minijinja::value::Serde(&report)), rows => rows, sessions => all };
    page(
        "recommendations.html",
        lang.pick("Recommandations", "Recommendations"),
        Some(&c),
        lang,
        extra,
        q.lang.is_some(),
    )
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    csrf: String,
    status: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    evidence: String,
}

async fn recommendation_status(
    State(app): State<Arc<App>>,
    c: Caller,
    Path((session, number)): Path<(String, u32)>,
    Form(f): Form<StatusForm>,
) -> Response {
    if let Err(r) = check_csrf(&c, &f.csrf) {
        return r;
    }
    let Ok((id, rec)) = super::api::visible_recommendation(&app, &c, &session, number).await else {
        return failure(&c, StatusCode::NOT_FOUND, format!("{session}#{number}"));
    };
    let structures = rec.content.map(|x| x.structures).unwrap_or_default();
    if !c.user.may(Action::ChangeStatus(&structures)) {
        return forbidden(&c);
    }
    let Some(to) = RecommendationStatus::parse(&f.status) else {
        return failure(&c, StatusCode::UNPROCESSABLE_ENTITY, f.status);
    };
    let opt = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    match app
        .set_recommendation_status(
            id,
            to,
            opt(f.comment),
            opt(f.evidence),
            &Actor::new(c.user.name.clone(), None),
        )
        .await
    {
        Ok(_) => Redirect::to(&format!("/recommendations?session={}", urlencode(&session)))
            .into_response(),
        Err(e) => app_failure(&c, e),
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn recommendation_page(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Path((session, number)): Path<(String, u32)>,
    Query(q): Query<LangQuery>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    let Ok((id, _)) = super::api::visible_recommendation(&app, &c, &session, number).await else {
        return failure(&c, StatusCode::NOT_FOUND, format!("{session}#{number}"));
    };
    let history = match crate::audit::recommendation_history(&app.db, &id).await {
        Ok(Some(h)) => h,
        Ok(None) => return failure(&c, StatusCode::NOT_FOUND, id.aggregate_id()),
        Err(e) => return app_failure(&c, e.into()),
    };
    let lineage: Vec<Value> = history
        .lineage
        .iter()
        .map(|l| {
            let (s, n) = l.reference.rsplit_once('#').unwrap_or((&l.reference, "0"));
            context! { reference => l.reference.clone(), session => s, number => n, status => l.status.clone() }
        })
        .collect();
    let events: Vec<Value> = history
        .events
        .iter()
        .map(|e| context! {
            at_text => e.at.get(..16).unwrap_or(&e.at).replace('T', " "), actor => e.actor.clone(), reference => e.reference.clone(),
            details => e.details.clone(), comment => e.comment.clone(), evidence => e.evidence.clone(), reason => e.reason.clone(),
        })
        .collect();
    let extra = context! { history => context! { reference => history.reference, lineage => lineage, open_since => history.open_since, events => events } };
    page(
        "recommendation.html",
        &id.aggregate_id(),
        Some(&c),
        lang,
        extra,
        q.lang.is_some(),
    )
}

async fn structure_page(
    State(app): State<Arc<App>>,
    MaybeCaller(c, lang): MaybeCaller,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let Some(c) = c else {
        return Redirect::to("/login").into_response();
    };
    let c = Caller { lang, ..c };
    let Some(structure) = StructureCode::parse(&code)
        .ok()
        .and_then(|s| app.directory.get(&s).cloned())
    else {
        return failure(&c, StatusCode::NOT_FOUND, code);
    };
    if !c.user.sees(std::slice::from_ref(&structure.code)) {
        return forbidden(&c);
    }
    let mut items = Vec::new();
    if let Ok(r) = crate::reminders::Reminders::new(&app, None) {
        let today = r.today(app.now());
        if let Ok(all) = r.items(today).await {
            let mut mine: Vec<_> = all
                .into_iter()
                .filter(|i| i.structures.contains(&structure.code))
                .collect();
            mine.sort_by_key(|i| i.deadline);
            for i in mine {
                let days = (i.deadline - today).num_days();
                items.push(context! { reference => i.reference, text => i.text, deadline => crate::mail::long_date(i.deadline, lang), when => crate::mail::when(days, lang), late => days < 0 });
            }
        }
    }
    let extra = context! { structure => context! { code => structure.code.to_string(), name => structure.name }, items => items };
    page(
        "structure.html",
        &structure.code.to_string(),
        Some(&c),
        lang,
        extra,
        q.lang.is_some(),
    )
}

#[derive(Deserialize)]
struct ExportParam {
    year: Option<i32>,
    session: Option<String>,
}

async fn export(
    State(app): State<Arc<App>>,
    c: Caller,
    Path(file): Path<String>,
    Query(q): Query<ExportParam>,
) -> Response {
    let lang = c.lang;
    let (what, ext) = file.rsplit_once('.').unwrap_or((&file, ""));
    let p = match app.provenance(None, lang).await {
        Ok(p) => p,
        Err(e) => return app_failure(&c, e),
    };
    let bytes: Result<(Vec<u8>, String), Response> = async {
        match what {
            "activities" | "finances" => {
                if !c.user.may(Action::ReadTables) {
                    return Err(forbidden(&c));
                }
                let Some(year) = q.year.and_then(|y| Year::new(y).ok()) else {
                    return Err(failure(&c, StatusCode::UNPROCESSABLE_ENTITY, "year".into()));
                };
                if what == "activities" {
                    let r = app
                        .report_activities(year)
                        .await
                        .map_err(|e| app_failure(&c, e))?;
                    output(
                        ext,
                        &format!("activites-{year}"),
                        || render::activities(&r, Format::Csv, lang),
                        |wb| crate::report::xlsx::add_activities(wb, &r, lang, &p),
                        &c,
                    )
                } else {
                    let r = app
                        .report_finances(year)
                        .await
                        .map_err(|e| app_failure(&c, e))?;
                    output(
                        ext,
                        &format!("finances-{year}"),
                        || render::finances(&r, Format::Csv, lang),
                        |wb| crate::report::xlsx::add_finances(wb, &r, lang, &p),
                        &c,
                    )
                }
            }
            "recommendations" => {
                let Some(s) = q.session.as_deref().and_then(|s| SessionId::parse(s).ok()) else {
                    return Err(failure(
                        &c,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "session".into(),
                    ));
                };
                let r = visible(
                    app.report_recommendations(&s)
                        .await
                        .map_err(|e| app_failure(&c, e))?,
                    &c,
                );
                output(
                    ext,
                    &format!("recommandations-{s}"),
                    || render::recommendations(&r, Format::Csv, lang),
                    |wb| crate::report::xlsx::add_recommendations(wb, &r, lang, &p),
                    &c,
                )
            }
            _ => Err(failure(&c, StatusCode::NOT_FOUND, file.clone())),
        }
    }
    .await;
    match bytes {
        Ok((body, name)) => {
            let content_type = if name.ends_with(".xlsx") {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "text/csv; charset=utf-8"
            };
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response()
        }
        Err(r) => r,
    }
}

fn output(
    ext: &str,
    base: &str,
    csv: impl FnOnce() -> String,
    book: impl FnOnce(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
    c: &Caller,
) -> Result<(Vec<u8>, String), Response> {
    match ext {
        "csv" => Ok((csv().into_bytes(), format!("{base}.csv"))),
        "xlsx" => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            book(&mut wb)
                .and_then(|_| wb.save_to_buffer())
                .map(|b| (b, format!("{base}.xlsx")))
                .map_err(|e| app_failure(c, AppError::Internal(anyhow::anyhow!("{e}"))))
        }
        _ => Err(failure(c, StatusCode::NOT_FOUND, format!("{base}.{ext}"))),
    }
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(dashboard))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/activities", get(activities_page))
        .route("/activities/{year}/{code}/status", post(activity_status))
        .route("/recommendations", get(recommendations_page))
        .route(
            "/recommendations/{session}/{number}",
            get(recommendation_page),
        )
        .route(
            "/recommendations/{session}/{number}/status",
            post(recommendation_status),
        )
        .route("/structures/{code}", get(structure_page))
        .route("/exports/{file}", get(export))
}
