//! The calendrier harmonisé kept in suivi: the CPS sets a deadline of this
//! year's or a later calendar (its date's source, or « estimé »), adds one or
//! takes one out with a reason; each is an event, used at once by the
//! calendar, the reminders and the year's closing day.

use suivi::app::{AppError, DeadlineInput};
use suivi::domain::access::Role;
use suivi::domain::types::Year;

use super::{example, open, user, Backend};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn the_cps_keeps_next_years_calendar(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let agent = user("agent-cps", Role::Cps, None);
    let director = user("directeur", Role::Director, None);
    let y2025 = Year::new(2025).unwrap();
    let session = |source: &str, estimated: bool| DeadlineInput {
        id: "pta_cps".into(),
        label: "PTA de la CPS validé par le Comité de Coordination".into(),
        from: None,
        date: Some(day("2025-02-05")),
        structures: "CPS/SCI".into(),
        source: source.into(),
        estimated,
    };
    // The shipped date is estimated, and the year closes the day after it.
    assert_eq!(app.closing_day(Year::new(2024).unwrap()), day("2025-02-01"));
    assert!(matches!(
        app.define_deadline(
            y2025,
            session("", true),
            &user("lecteur", Role::Reader, None)
        )
        .await,
        Err(AppError::Forbidden)
    ));
    // A date says where it comes from.
    let e = app
        .define_deadline(y2025, session(" ", false), &agent)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("source"),
                ..
            }
        ),
        "{e:?}"
    );
    // A past year's calendar no longer changes.
    let e = app
        .define_deadline(Year::new(2023).unwrap(), session("x", false), &agent)
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Refused { .. }), "{e:?}");
    let changed = app
        .define_deadline(
            y2025,
            session("Lettre circulaire du MEF n° 0042 du 2 décembre 2024", false),
            &agent,
        )
        .await
        .unwrap();
    assert_eq!(changed.events, 1);
    let calendar = app.calendar(y2025, &director).await.unwrap();
    let pta = calendar.iter().find(|d| d.id == "pta_cps").unwrap();
    assert_eq!((pta.deadline, pta.estimated), (day("2025-02-05"), false));
    assert_eq!(
        pta.source.as_deref(),
        Some("Lettre circulaire du MEF n° 0042 du 2 décembre 2024")
    );
    // Still the Comité's session: the year 2024 now closes the day after it.
    assert_eq!(
        (pta.revue.as_deref(), pta.step.as_deref()),
        (Some("comite_coordination"), Some("session"))
    );
    assert_eq!(app.closing_day(Year::new(2024).unwrap()), day("2025-02-06"));

    // A new deadline, estimated; an unknown structure is refused by its field.
    let mut atelier = DeadlineInput {
        id: "atelier_pta_secteur".into(),
        label: "Atelier de validation du PTA du secteur".into(),
        from: Some(day("2025-06-22")),
        date: Some(day("2025-06-30")),
        structures: "CPS/SCI et MINISTERE-X".into(),
        source: String::new(),
        estimated: true,
    };
    let e = app
        .define_deadline(y2025, atelier.clone(), &agent)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::BadInput {
                field: Some("structures"),
                ..
            }
        ),
        "{e:?}"
    );
    atelier.structures = "CPS/SCI et MAECI".into();
    app.define_deadline(y2025, atelier, &agent).await.unwrap();
    let calendar = app.calendar(y2025, &director).await.unwrap();
    let added = calendar
        .iter()
        .find(|d| d.id == "atelier_pta_secteur")
        .unwrap();
    assert!(added.estimated);
    assert_eq!(added.from, Some(day("2025-06-22")));
    // A focal point of the MAECI sees it among its deadlines.
    let maeci = user("pf.maeci", Role::Structure, Some("MAECI"));
    assert!(app
        .calendar(y2025, &maeci)
        .await
        .unwrap()
        .iter()
        .any(|d| d.id == "atelier_pta_secteur"));

    // Taken out with a reason.
    let e = app
        .drop_deadline(y2025, "atelier_pta_secteur", " ", &agent)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("reason"),
                ..
            }
        ),
        "{e:?}"
    );
    app.drop_deadline(
        y2025,
        "atelier_pta_secteur",
        "Remplacé par des échanges de courriers",
        &agent,
    )
    .await
    .unwrap();
    assert!(!app
        .calendar(y2025, &director)
        .await
        .unwrap()
        .iter()
        .any(|d| d.id == "atelier_pta_secteur"));
    assert!(matches!(
        app.drop_deadline(y2025, "atelier_pta_secteur", "encore", &agent)
            .await,
        Err(AppError::NotFound(_))
    ));
    // Kept: a process opened later reads the same calendar.
    let later = open(&db, crate::common::clock()).await;
    assert_eq!(
        later.closing_day(Year::new(2024).unwrap()),
        day("2025-02-06")
    );
}

/// A past year's calendar is closed in one step, and only the director moves
/// the day suivi reminds from, with a reason.
async fn a_past_calendar_closes_in_one_step(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let agent = user("agent-cps", Role::Cps, None);
    let director = user("directeur", Role::Director, None);
    let y2023 = Year::new(2023).unwrap();
    let open_2023 = |items: &suivi::app::OpenItems| {
        items
            .items
            .iter()
            .filter(|i| i.kind == "deadline" && i.reference.starts_with("2023/"))
            .count()
    };
    let before = open_2023(&app.open_items(&agent).await.unwrap());
    assert!(before > 0, "the example leaves 2023 deadlines open");
    // This year's calendar is not closed: it is still being followed.
    let e = app
        .close_calendar(Year::new(2024).unwrap(), "fin", &agent)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("year"),
                ..
            }
        ),
        "{e:?}"
    );
    assert!(matches!(
        app.close_calendar(y2023, "fin", &user("lecteur", Role::Reader, None))
            .await,
        Err(AppError::Forbidden)
    ));
    let e = app.close_calendar(y2023, " ", &agent).await.unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("reason"),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        app.close_calendar(y2023, "Année passée", &agent)
            .await
            .unwrap(),
        before
    );
    assert_eq!(open_2023(&app.open_items(&agent).await.unwrap()), 0);
    let calendar = app.calendar(y2023, &director).await.unwrap();
    assert_eq!(calendar.iter().filter(|d| d.closed).count(), before);
    // Once is enough.
    assert_eq!(
        app.close_calendar(y2023, "encore", &agent).await.unwrap(),
        0
    );

    // The day suivi reminds from: the day of the example's first event,
    // until the director moves it, with a reason.
    let first = app.following_since().await.unwrap();
    assert!(first < day("2024-01-01"), "{first}");
    assert!(matches!(
        app.move_following(day("2024-06-01"), "x", &agent).await,
        Err(AppError::Forbidden)
    ));
    let e = app
        .move_following(day("2024-06-01"), " ", &director)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::Refused {
                field: Some("reason"),
                ..
            }
        ),
        "{e:?}"
    );
    app.move_following(day("2024-06-01"), "Suivi repris en juin", &director)
        .await
        .unwrap();
    assert_eq!(app.following_since().await.unwrap(), day("2024-06-01"));
    // A start after that changes nothing.
    assert_eq!(app.start_following().await.unwrap(), day("2024-06-01"));
}

crate::on_both!(
    the_cps_keeps_next_years_calendar,
    a_past_calendar_closes_in_one_step,
);
