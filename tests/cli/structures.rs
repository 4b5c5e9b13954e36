//! Structures as the documents write them: the seed's « Structures
//! responsables » column imports as it is, and a spelling that matches
//! nothing is refused with the closest codes.

use super::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_seeds_structures_column_imports_as_written() {
    let db = fresh_db(Backend::Sqlite).await;
    // Tableau 4 of the 2023 report, column by column as printed there.
    let file = db.dir().join("recommandations.csv");
    std::fs::write(
        &file,
        "N°;Recommandations;Structures responsables\n\
         1;Améliorer l'implication de la CPS/SCI dans les missions conjointes;MAECI et MMEIA\n\
         2;Mettre à la disposition de la CPS/SCI des ressources humaines de qualité;DRH/MAEC I et MMEIA\n\
         3;Impliquer la CPS/SCI dans les missions de suivi organisées par la DCM;MAECI /DCM\n\
         4;Renforcer la formation continue des agents;DRH/MAECI et MMEIA CPS/SCI\n\
         5;Maintenir le budget accordé à la CPS/SCI;MEF (DNPD et DGB)\n",
    )
    .unwrap();
    suivi(
        &db,
        &[
            "recommendation",
            "import",
            file.to_str().unwrap(),
            "--session",
            "2023",
        ],
    )
    .ok();
    let table = report(&db, "recommendations", "--session", "2023");
    let structures: Vec<Vec<&str>> = table["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["structures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        structures,
        vec![
            vec!["MAECI", "MMEIA"],
            vec!["DRH/MAECI", "DRH/MMEIA"],
            vec!["DCM"],
            vec!["DRH/MAECI", "DRH/MMEIA", "CPS/SCI"],
            vec!["DNPD", "DGB"],
        ]
    );

    // A spelling that matches nothing: refused, located, with a suggestion.
    std::fs::write(
        &file,
        "numero;recommandation;structures\n6;Publier le budget;MEF (DNPD et DGBB)\n",
    )
    .unwrap();
    let run = suivi(
        &db,
        &[
            "recommendation",
            "import",
            file.to_str().unwrap(),
            "--session",
            "2023",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    for expected in ["recommandations.csv:2", "« DGBB »", "voulez-vous dire DGB"] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
}
