//! Accounts managed by the director: an invitation's one-time link, sent
//! through the outbox; a role, a structure or an address changed; an account
//! disabled and enabled; a reset link; one's own password. Each is an event
//! of the audited history, which never holds a password, a hash or a link.

use std::sync::Arc;

use suivi::app::{App, AppError};
use suivi::clock::FixedClock;
use suivi::config::Settings;
use suivi::domain::access::Role;

use super::{example, user, Backend};

const PASSWORD: &str = "un mot de passe sûr";

/// The application with `public_url` set, so that links are whole
/// addresses and go out by e-mail.
pub(crate) async fn open_with_public_url(db: &crate::common::TestDb) -> App {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::common::copy_config(db.dir());
    crate::common::edit_config(
        &config.join("reminders.toml"),
        "# public_url = \"https://suivi.cps-sci.example.org\"",
        "public_url = \"https://suivi.cps-sci.example.org\"",
    );
    let settings = Settings::load(
        Some(config),
        Some(root.join("workflows")),
        Some(db.url.clone()),
    )
    .unwrap();
    App::open(&settings, Arc::new(FixedClock::new(crate::common::now())))
        .await
        .unwrap()
}

/// The secret of a link: the last segment of its address.
fn token_of(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

async fn the_director_invites_and_manages_accounts_in_the_audited_history(backend: Backend) {
    let db = example(backend).await;
    let app = open_with_public_url(&db).await;
    let director = user("directeur", Role::Director, None);
    let invited = app
        .invite_user(
            "pf.dcm",
            "structure",
            Some("DCM"),
            Some("pf@dcm.example.org"),
            &director,
        )
        .await
        .unwrap();
    assert!(
        invited
            .link
            .starts_with("https://suivi.cps-sci.example.org/welcome/"),
        "{}",
        invited.link
    );
    assert_eq!(invited.mailed_to.as_deref(), Some("pf@dcm.example.org"));
    assert_eq!(
        invited.expires - crate::common::now(),
        chrono::Duration::hours(72)
    );
    // The message waits in the outbox, with the link.
    let outbox = app.outbox(None, &director).await.unwrap();
    let mail = outbox
        .iter()
        .find(|m| m.to == ["pf@dcm.example.org"])
        .expect("the invitation is queued");
    assert!(mail.subject.contains("suivi"), "{}", mail.subject);
    // Only the director invites; a name is taken once.
    let agent = user("agent-cps", Role::Cps, None);
    assert!(matches!(
        app.invite_user("x", "reader", None, None, &agent).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.invite_user("pf.dcm", "reader", None, None, &director)
            .await,
        Err(AppError::BadInput {
            field: Some("name"),
            ..
        })
    ));
    // Until the link is used, no password opens the account.
    assert!(app
        .log_in("pf.dcm", PASSWORD, None)
        .await
        .unwrap()
        .is_none());
    let token = token_of(&invited.link).to_string();
    assert_eq!(
        app.link_holder(&token).await.unwrap().unwrap().name,
        "pf.dcm"
    );
    assert!(matches!(
        app.choose_password(&token, "court").await,
        Err(AppError::BadInput {
            field: Some("password"),
            ..
        })
    ));
    assert_eq!(
        app.choose_password(&token, PASSWORD).await.unwrap(),
        "pf.dcm"
    );
    assert!(app
        .log_in("pf.dcm", PASSWORD, None)
        .await
        .unwrap()
        .is_some());
    // The link works once.
    assert!(app.link_holder(&token).await.unwrap().is_none());
    assert!(matches!(
        app.choose_password(&token, "un autre mot de passe").await,
        Err(AppError::NotFound(_))
    ));
    // A new structure and address; disabled, then enabled again.
    app.change_account(
        "pf.dcm",
        "structure",
        Some("MAECI"),
        Some("pf@maeci.example.org"),
        &director,
    )
    .await
    .unwrap();
    let accounts = app.accounts(&director).await.unwrap();
    let pf = accounts.iter().find(|a| a.name == "pf.dcm").unwrap();
    assert_eq!(
        (pf.structure.as_deref(), pf.email.as_deref(), pf.pending),
        (Some("MAECI"), Some("pf@maeci.example.org"), false)
    );
    app.set_account_enabled("pf.dcm", false, &director)
        .await
        .unwrap();
    assert!(app
        .log_in("pf.dcm", PASSWORD, None)
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        app.set_account_enabled("pf.dcm", false, &director).await,
        Err(AppError::Refused { .. })
    ));
    app.set_account_enabled("pf.dcm", true, &director)
        .await
        .unwrap();
    // A reset link; the person's own change needs the current password.
    let reset = app.issue_password_reset("pf.dcm", &director).await.unwrap();
    app.choose_password(token_of(&reset.link), "un mot de passe neuf")
        .await
        .unwrap();
    let pf_user = user("pf.dcm", Role::Structure, Some("MAECI"));
    assert!(matches!(
        app.change_own_password("pas le bon", "encore un autre mot", None, &pf_user)
            .await,
        Err(AppError::BadInput {
            field: Some("current"),
            ..
        })
    ));
    app.change_own_password(
        "un mot de passe neuf",
        "encore un autre mot",
        None,
        &pf_user,
    )
    .await
    .unwrap();
    assert!(app
        .log_in("pf.dcm", "encore un autre mot", None)
        .await
        .unwrap()
        .is_some());
    // An account opened before accounts had a history is first recorded as
    // it stood, then changed.
    let insert = "INSERT INTO users (name, role, structure, password_hash, created_at) \
                  VALUES ('ancien', 'reader', NULL, 'x', 0)";
    if db.url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        sqlx::query(insert).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.url))
            .await
            .unwrap();
        sqlx::query(insert).execute(&pool).await.unwrap();
    }
    app.set_account_enabled("ancien", false, &director)
        .await
        .unwrap();

    // Every step is in the log, with its author; no secret is.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("journal.jsonl");
    app.export_log(&file, false, &director, &|_| {})
        .await
        .unwrap();
    let log = std::fs::read_to_string(&file).unwrap();
    for event in [
        "AccountInvited",
        "AccountOpened",
        "AccountChanged",
        "AccountDisabled",
        "AccountEnabled",
        "PasswordResetIssued",
        "PasswordSet",
    ] {
        assert!(log.contains(event), "{event} is not in the log");
    }
    for secret in [
        PASSWORD,
        "un mot de passe neuf",
        "encore un autre mot",
        "$argon2",
        &token,
    ] {
        assert!(!log.contains(secret), "the log holds a secret: {secret}");
    }
    // Metadata is stored as a JSON string within each line.
    let log = log.replace("\\\"", "\"");
    assert!(
        log.contains("\"actor\":\"directeur\""),
        "the director's changes are theirs"
    );
    assert!(
        log.contains("\"actor\":\"pf.dcm\""),
        "a chosen password is the person's own"
    );
}

/// Moved with `--with-accounts`, the same people log in with the same
/// passwords and tokens in the new database; without it, nobody does.
async fn accounts_move_with_the_data_when_asked(backend: Backend) {
    let db = example(backend).await;
    let app = super::open(&db, crate::common::clock()).await;
    let director = user("directeur", Role::Director, None);
    for (name, role, structure) in [
        ("directeur", "director", None),
        ("pf.dcm", "structure", Some("DCM")),
    ] {
        app.add_user(
            suivi::app::NewUser {
                name,
                role,
                structure,
                email: None,
                password: PASSWORD,
            },
            &director,
        )
        .await
        .unwrap();
    }
    let (_, feed) = app
        .create_token("pf.dcm", Some("agenda"), "feed", None, &director)
        .await
        .unwrap();
    let (_, api) = app
        .create_token("directeur", Some("tableur"), "api", None, &director)
        .await
        .unwrap();
    app.disable_user("pf.dcm", &director).await.unwrap();
    app.set_account_enabled("pf.dcm", true, &director)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (with, without) = (
        dir.path().join("avec.jsonl.gz"),
        dir.path().join("sans.jsonl"),
    );
    let summary = app
        .export_log(&with, true, &director, &|_| {})
        .await
        .unwrap();
    assert_eq!((summary.users, summary.tokens), (Some(2), Some(2)));
    app.export_log(&without, false, &director, &|_| {})
        .await
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&with).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads a file with accounts");
    }
    let plain = std::fs::read_to_string(&without).unwrap();
    assert!(!plain.contains("$argon2") && !plain.contains("\"record\":\"user\""));

    for (file, carried) in [(&with, true), (&without, false)] {
        let target = crate::common::fresh_db(backend).await;
        let moved = super::open(&target, crate::common::clock()).await;
        let imported = moved.import_log(file, &director, &|_, _| {}).await.unwrap();
        assert_eq!(imported.events, summary.events);
        let logged = moved.log_in("directeur", PASSWORD, None).await.unwrap();
        assert_eq!(logged.is_some(), carried, "{}", file.display());
        assert_eq!(
            moved
                .log_in("pf.dcm", PASSWORD, None)
                .await
                .unwrap()
                .is_some(),
            carried
        );
        assert!(moved
            .log_in("pf.dcm", "un autre mot de passe", None)
            .await
            .unwrap()
            .is_none());
        let by_api = moved.user_by_token(&api).await.unwrap();
        assert_eq!(
            by_api.map(|u| u.name).as_deref(),
            carried.then_some("directeur")
        );
        let by_feed = moved.user_by_feed_token(&feed).await.unwrap();
        assert_eq!(
            by_feed.map(|u| u.name).as_deref(),
            carried.then_some("pf.dcm")
        );
        if carried {
            // The accounts' history came with the events: the director sees them.
            let accounts = moved.accounts(&director).await.unwrap();
            assert_eq!(accounts.len(), 2);
            assert!(accounts.iter().all(|a| !a.pending && !a.disabled));
        }
    }
}

crate::on_both!(
    the_director_invites_and_manages_accounts_in_the_audited_history,
    accounts_move_with_the_data_when_asked,
);
