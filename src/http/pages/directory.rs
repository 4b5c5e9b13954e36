//! The directory in the pages (director and CPS): every structure with its
//! name, parent, aliases, focal points' and head's addresses, each changed
//! in its row, and a new one added; each change recorded with its author.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use minijinja::{context, Value};
use serde::Deserialize;

use super::form::{split, Refusal, Sent};
use super::login::LangQuery;
use super::{answered, check_csrf, page, recorded, refused};
use crate::app::{App, StructureInput};
use crate::http::auth::{Caller, PageCaller};

pub async fn show(
    State(app): State<Arc<App>>,
    PageCaller(c): PageCaller,
    Query(q): Query<LangQuery>,
) -> Response {
    directory_page(&app, &c, None, q.lang.is_some())
}

/// The form's id for a structure's row (its code, with `/` made safe).
fn form_id(code: &str) -> String {
    format!("structure-{}", code.replace(['/', ' '], "_"))
}

fn directory_page(app: &App, c: &Caller, sent: Option<Refusal>, remember: bool) -> Response {
    let lang = c.lang;
    let structures = match app.directory_entries(&c.actor(None)) {
        Ok(s) => s,
        Err(e) => return refused(app, c, e),
    };
    let rows: Vec<Value> = structures
        .iter()
        .map(|s| {
            context! {
                fid => form_id(s.code.as_str()),
                code => s.code.to_string(),
                name => s.name.clone(),
                parent => s.parent.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                aliases => s.aliases.join(" ; "),
                focal_points => s.focal_points.join(", "),
                head => s.head.clone().unwrap_or_default(),
            }
        })
        .collect();
    let (status, sent) = split(sent);
    let extra = context! { rows => rows, sent => sent };
    answered(
        page(
            "directory.html",
            &lang.t("page-directory"),
            Some(c),
            app,
            lang,
            extra,
            remember,
        ),
        status,
    )
}

#[derive(Deserialize)]
pub struct StructureForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    aliases: String,
    #[serde(default)]
    focal_points: String,
    #[serde(default)]
    head: String,
    /// `new` when sent from the form that adds a structure.
    #[serde(default)]
    form: String,
}

/// Records a structure's entry; refused, the directory again with the form
/// as it was typed.
pub async fn record(
    State(app): State<Arc<App>>,
    c: Caller,
    Form(f): Form<StructureForm>,
) -> Response {
    if let Err(r) = check_csrf(&app, &c, &f.csrf) {
        return r;
    }
    let lang = c.lang;
    let fid = if f.form == "new" {
        "structure-new".to_string()
    } else {
        form_id(f.code.trim())
    };
    let input = StructureInput {
        code: f.code.clone(),
        name: f.name.clone(),
        parent: f.parent.clone(),
        aliases: f.aliases.clone(),
        focal_points: f.focal_points.clone(),
        head: f.head.clone(),
    };
    match app.record_structure(input, &c.actor(None)).await {
        Ok(_) => recorded(
            &format!("/directory#{fid}"),
            &crate::text!("page-done-structure", code = f.code.trim()).render(lang),
        ),
        Err(e) => {
            let sent = Sent::new(fid)
                .with("code", &f.code)
                .with("name", &f.name)
                .with("parent", &f.parent)
                .with("aliases", &f.aliases)
                .with("focal_points", &f.focal_points)
                .with("head", &f.head)
                .refused(e, lang);
            let mut c = c.clone();
            c.here = "/directory".to_string();
            directory_page(&app, &c, Some(sent), false)
        }
    }
}
