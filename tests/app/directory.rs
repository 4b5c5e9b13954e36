//! The directory kept in suivi: a change made by the CPS is an event with
//! its author, used at once (and by a process opened later) by everything
//! that reads the directory; wrong addresses and parents are refused by
//! their field.

use suivi::app::{AppError, StructureInput};
use suivi::domain::access::Role;
use suivi::domain::types::StructureCode;

use super::{example, open, user, Backend};

fn dcm() -> StructureCode {
    StructureCode::parse("DCM").unwrap()
}

async fn the_cps_keeps_the_directory_as_events(backend: Backend) {
    let db = example(backend).await;
    let app = open(&db, crate::common::clock()).await;
    let agent = user("agent-cps", Role::Cps, None);
    let reader = user("lecteur", Role::Reader, None);
    let shipped = app.directory().get(&dcm()).unwrap().clone();
    let input = |focal_points: &str, parent: &str| StructureInput {
        code: "DCM".into(),
        name: shipped.name.clone(),
        parent: parent.into(),
        aliases: shipped.aliases.join(";"),
        focal_points: focal_points.into(),
        head: shipped.head.clone().unwrap_or_default(),
    };
    assert!(matches!(
        app.record_structure(input("pf@dcm.gouv.ml", "MAECI"), &reader)
            .await,
        Err(AppError::Forbidden)
    ));
    for (focal_points, parent, field) in [
        ("pf@dcm", "MAECI", "focal_points"),
        ("pf@dcm.gouv.ml", "NULLE-PART", "parent"),
    ] {
        let e = app
            .record_structure(input(focal_points, parent), &agent)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::BadInput { field: Some(f), .. } if f == field),
            "{e:?}"
        );
    }
    let changed = app
        .record_structure(
            input("pf@dcm.gouv.ml, adjoint@dcm.gouv.ml", "MAECI"),
            &agent,
        )
        .await
        .unwrap();
    assert_eq!(changed.events, 1);
    let now = app.directory().get(&dcm()).unwrap().clone();
    assert_eq!(now.focal_points, ["pf@dcm.gouv.ml", "adjoint@dcm.gouv.ml"]);
    assert_eq!(
        (now.name, now.aliases),
        (shipped.name.clone(), shipped.aliases.clone())
    );
    // The same values again record nothing.
    let again = app
        .record_structure(
            input("pf@dcm.gouv.ml, adjoint@dcm.gouv.ml", "MAECI"),
            &agent,
        )
        .await
        .unwrap();
    assert_eq!(again.events, 0);
    // The reminders are addressed to the new focal points.
    let plan = app
        .plan_reminders(
            Some(chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap()),
            &user("directeur", Role::Director, None),
        )
        .await
        .unwrap();
    let to_dcm: Vec<_> = plan
        .digests
        .iter()
        .filter(|d| d.digest.structure == dcm())
        .collect();
    assert!(!to_dcm.is_empty(), "{plan:?}");
    assert!(to_dcm
        .iter()
        .all(|d| d.mail.to.iter().any(|a| a == "pf@dcm.gouv.ml")));
    // Kept: another process opened later reads it too.
    let later = open(&db, crate::common::clock()).await;
    assert_eq!(
        later.directory().get(&dcm()).unwrap().focal_points,
        ["pf@dcm.gouv.ml", "adjoint@dcm.gouv.ml"]
    );
    // A new structure can be added under a known parent, and is then known.
    app.record_structure(
        StructureInput {
            code: "MDC/DAKAR".into(),
            name: "Ambassade du Mali à Dakar".into(),
            parent: "MAECI".into(),
            ..Default::default()
        },
        &agent,
    )
    .await
    .unwrap();
    assert_eq!(
        app.directory()
            .resolve_list("Ambassade du Mali à Dakar")
            .unwrap(),
        [StructureCode::parse("MDC/DAKAR").unwrap()]
    );
    // A parent below the structure itself is refused.
    let e = app
        .record_structure(
            StructureInput {
                code: "MAECI".into(),
                name: "Ministère".into(),
                parent: "MDC/DAKAR".into(),
                ..Default::default()
            },
            &agent,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            AppError::BadInput {
                field: Some("parent"),
                ..
            }
        ),
        "{e:?}"
    );
}

crate::on_both!(the_cps_keeps_the_directory_as_events,);
