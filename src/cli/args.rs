//! The command-line contract: commands, options and how values are parsed.
//! Users' scripts rely on it; change it only by adding. (Over 400 lines: the
//! whole contract reads best in one place.)
//!
//! Codes (statuses, budget lines, roles…) are passed on as written: the
//! application parses them, once, for every front end.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::types::{ActivityCode, Fcfa, SessionId, Year};
use crate::report::render::Format;
use crate::text::{self, Lang};

#[derive(Debug, Parser)]
#[command(
    name = "suivi",
    version,
    about = "Suivi des plans d'action, revues et recommandations d'une CPS",
    long_about = None
)]
pub struct Cli {
    /// Base de données : chemin d'un fichier SQLite, ou postgres://…
    #[arg(
        long,
        global = true,
        env = "SUIVI_DATABASE_URL",
        hide_env_values = true
    )]
    pub database: Option<String>,
    /// Dossier de configuration (suivi.toml, structures.toml)
    #[arg(long, global = true, env = "SUIVI_CONFIG_DIR")]
    pub config_dir: Option<PathBuf>,
    /// Dossier des workflows (recommendation.toml, revues.toml)
    #[arg(long, global = true, env = "SUIVI_WORKFLOWS_DIR")]
    pub workflows_dir: Option<PathBuf>,
    /// Langue des messages et des tableaux
    #[arg(long, global = true, env = "SUIVI_LANG", value_parser = lang, default_value = "fr")]
    pub lang: Lang,
    /// Auteur des changements (par défaut : SUIVI_ACTOR, sinon l'utilisateur du système)
    #[arg(long, global = true, env = "SUIVI_ACTOR")]
    pub actor: Option<String>,
    /// Motif des changements, conservé dans l'historique
    #[arg(long, global = true)]
    pub reason: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan d'action (PTA) d'une année
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Activités du plan : exécution, coûts, reprogrammation
    #[command(subcommand)]
    Activity(ActivityCommand),
    /// Recommandations des sessions
    #[command(subcommand)]
    Recommendation(RecommendationCommand),
    /// Matériel de la Cellule par état (Tableaux 1 et 2 du rapport annuel)
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Crédits de l'année par ligne budgétaire
    #[command(subcommand)]
    Finance(FinanceCommand),
    /// Revues du calendrier harmonisé
    #[command(subcommand)]
    Revue(RevueCommand),
    /// Projets et programmes du secteur : portefeuille, arbitrage BSI, exécution
    #[command(subcommand)]
    Project(super::commands::projects::ProjectCommand),
    /// Plan d'action du secteur : appel aux structures, canevas remis, renvoyés, approuvés
    #[command(subcommand)]
    Sector(super::commands::sector::SectorCommand),
    /// Tableaux du rapport annuel
    #[command(subcommand)]
    Report(ReportCommand),
    /// Relances par courrier électronique
    #[command(subcommand)]
    Reminders(RemindersCommand),
    /// Calendrier harmonisé du MEF
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Historique et intégrité du journal
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Photographies de fin d'année
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// Utilisateurs de l'interface web et de l'API
    #[command(subcommand)]
    User(UserCommand),
    /// Jetons d'accès à l'API
    #[command(subcommand)]
    Token(TokenCommand),
    /// Lance le service : interface web et API, tournée quotidienne des relances, remise des courriers (Ctrl-C pour arrêter)
    Serve {
        /// Adresse d'écoute (par défaut : listen de config/suivi.toml, sinon 127.0.0.1:8080)
        #[arg(long, env = "SUIVI_LISTEN")]
        listen: Option<String>,
    },
    /// Reconstruit toutes les projections à partir des événements
    Rebuild,
    /// Le journal des événements dans un fichier portable (sauvegarde, passage à PostgreSQL)
    #[command(subcommand)]
    Log(LogCommand),
    /// Copie cohérente de la base SQLite, même pendant que le service tourne
    Backup {
        /// Le fichier à créer (il ne doit pas exister)
        file: std::path::PathBuf,
    },
    /// Charge les données d'exemple du rapport 2023 dans une base neuve et affiche les tableaux
    Demo {
        /// Script de démonstration (une commande suivi par ligne)
        #[arg(long, default_value = "fixtures/demo.suivi")]
        script: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Importe le plan d'une année depuis un fichier CSV ou XLSX (tout ou rien)
    Import {
        file: PathBuf,
        #[arg(long, value_parser = year)]
        year: Year,
    },
}

#[derive(Debug, Args)]
pub struct ActivityTarget {
    #[arg(long, value_parser = year)]
    pub year: Year,
    #[arg(long, value_parser = activity_code)]
    pub code: ActivityCode,
}

#[derive(Debug, Subcommand)]
pub enum ActivityCommand {
    /// Déclare l'activité exécutée (1. OUI)
    Execute {
        #[command(flatten)]
        target: ActivityTarget,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        observation: Option<String>,
        /// Le jour où c'est arrivé (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Déclare l'activité non exécutée (2. NON) ; --reason (obligatoire) en donne la raison
    NotExecuted {
        #[command(flatten)]
        target: ActivityTarget,
        /// Le jour où c'est arrivé (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Enregistre les montants engagé et liquidé (F CFA)
    Cost {
        #[command(flatten)]
        target: ActivityTarget,
        #[arg(long, value_parser = fcfa, allow_hyphen_values = true)]
        engaged: i64,
        #[arg(long, value_parser = fcfa, allow_hyphen_values = true)]
        liquidated: i64,
        /// Le jour de la situation des montants (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Enregistre l'avancement de l'activité (0 à 100 %) à une date ; un recul demande une note
    Progress {
        #[command(flatten)]
        target: ActivityTarget,
        /// Pourcentage réalisé, de 0 à 100
        #[arg(long, value_parser = percent)]
        percent: u32,
        /// Ce qui a été fait, ou pourquoi l'avancement recule
        #[arg(long)]
        note: Option<String>,
        /// Le jour de la situation (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Fixe la cible de l'indicateur de l'activité et/ou la valeur réalisée (nombre ou texte : « 2 sessions »)
    Indicator {
        #[command(flatten)]
        target: ActivityTarget,
        /// La cible
        #[arg(long = "target")]
        goal: Option<String>,
        /// La valeur réalisée
        #[arg(long)]
        achieved: Option<String>,
    },
    /// Reprogramme l'activité dans le plan d'une année suivante
    CarryOver {
        #[command(flatten)]
        target: ActivityTarget,
        #[arg(long, value_parser = year)]
        to_year: Year,
        /// Code dans le nouveau plan (par défaut : le même)
        #[arg(long = "to-code", value_parser = activity_code)]
        to_code: Option<ActivityCode>,
    },
    /// Enregistre le récit d'une activité pour le rapport annuel (ce qui a été fait, comment, avec qui), en Markdown
    Narrative {
        #[command(flatten)]
        target: ActivityTarget,
        /// Le fichier Markdown du récit
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Dit quel document de suivi l'activité produit (le rapport annuel y renvoie depuis l'activité),
    /// ou qu'elle n'en produit plus (--document aucun)
    Produces {
        #[command(flatten)]
        target: ActivityTarget,
        /// sector_follow_up (rapport de suivi du plan d'action du secteur), sector_plan (plan
        /// d'action du secteur) ou aucun
        #[arg(long, value_parser = produced_kind)]
        document: ProducedKind,
        /// L'année du document (le rapport de suivi du plan 2022, produit en 2023)
        #[arg(long = "of", value_parser = year, required_if_eq_any = [("document", "sector_follow_up"), ("document", "sector_plan")])]
        of: Option<Year>,
    },
    /// Enregistre une activité réalisée sans être inscrite au plan (jamais comptée dans le taux d'exécution)
    AddUnplanned {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        title: String,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        observation: Option<String>,
    },
    /// Les activités réalisées hors plan d'une année
    Unplanned {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecommendationCommand {
    /// Importe les recommandations d'une session depuis un fichier CSV ou XLSX (tout ou rien)
    Import {
        file: PathBuf,
        #[arg(long, value_parser = session)]
        session: SessionId,
    },
    /// Ajoute une recommandation
    Add {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[arg(long)]
        number: u32,
        #[arg(long)]
        text: String,
        /// Codes des structures responsables, séparés par des virgules
        #[arg(long)]
        structures: String,
        /// Échéance (AAAA-MM-JJ ou JJ/MM/AAAA)
        #[arg(long, value_parser = date)]
        due: Option<chrono::NaiveDate>,
        /// Le code du projet qu'elle concerne (suivi report projects)
        #[arg(long)]
        project: Option<String>,
    },
    /// Change le statut d'une recommandation selon le workflow
    SetStatus {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[arg(long)]
        number: u32,
        /// executee, en_cours ou non_executee
        #[arg(long)]
        status: String,
        #[arg(long)]
        comment: Option<String>,
        /// Référence de la pièce justificative
        #[arg(long)]
        evidence: Option<String>,
        /// Le jour où le statut a changé (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
        /// Un fichier joint comme pièce justificative (PDF, image, document
        /// bureautique ; l'option se répète, cinq au plus)
        #[arg(long = "document", value_name = "FICHIER")]
        documents: Vec<std::path::PathBuf>,
    },
    /// Retire une pièce jointe par erreur : son contenu est effacé, son
    /// empreinte et le retrait restent dans l'historique
    WithdrawDocument {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[arg(long)]
        number: u32,
        /// L'empreinte SHA-256 de la pièce, telle que l'historique la donne
        #[arg(long)]
        sha256: String,
        /// Pourquoi la pièce est retirée
        #[arg(long)]
        reason: String,
    },
    /// Reconduit une recommandation à une session suivante
    CarryOver {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[arg(long)]
        number: u32,
        #[arg(long, value_parser = session)]
        to_session: SessionId,
        #[arg(long)]
        to_number: u32,
        /// Nouvelle formulation (par défaut : le même texte)
        #[arg(long)]
        text: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum FinanceCommand {
    /// Enregistre un montant (F CFA) d'une ligne budgétaire
    Record {
        #[arg(long, value_parser = year)]
        year: Year,
        /// bsi ou fonctionnement
        #[arg(long)]
        line: String,
        /// allotted, notified, engaged ou liquidated
        #[arg(long)]
        kind: String,
        #[arg(long, value_parser = fcfa, allow_hyphen_values = true)]
        amount: i64,
        /// Un montant calculé ou supposé, pas lu dans un document (montré comme estimé)
        #[arg(long)]
        estimated: bool,
        /// Le jour du montant (une notification, un engagement) (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui)
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RevueCommand {
    /// Ouvre une revue d'une année avec les étapes de son type
    Open {
        #[arg(long)]
        kind: String,
        #[arg(long, value_parser = year)]
        year: Year,
        /// Session des recommandations qu'elle formule (par défaut : l'année pour le Comité de Coordination, sinon type-année ; suivie de -N pour la session N ≥ 2)
        #[arg(long, value_parser = session)]
        session: Option<SessionId>,
        /// Quelle session de l'année, pour un type qui se réunit plusieurs fois (1 par défaut)
        #[arg(long, default_value_t = 1)]
        number: u8,
    },
    /// Marque une étape comme achevée, avec sa date et la référence du document
    CompleteStep {
        #[arg(long)]
        kind: String,
        #[arg(long, value_parser = year)]
        year: Year,
        /// Quelle session de l'année (1 par défaut)
        #[arg(long, default_value_t = 1)]
        number: u8,
        #[arg(long)]
        step: String,
        #[arg(long, value_parser = date)]
        date: chrono::NaiveDate,
        #[arg(long)]
        document: Option<String>,
    },
    /// Liste les revues d'une année
    List {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
}

/// Options shared by the tables: format, output file, date of the situation.
#[derive(Debug, Args)]
pub struct TableOptions {
    #[arg(long, value_parser = format, default_value = "table")]
    pub format: Format,
    /// Écrit dans ce fichier (obligatoire pour xlsx)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Ce qui avait pris effet à la fin de ce jour, selon les dates des faits (AAAA-MM-JJ)
    #[arg(long, value_parser = date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Ce que le journal contenait à la fin de ce jour, selon les dates d'enregistrement (AAAA-MM-JJ)
    #[arg(long, value_parser = date)]
    pub recorded_by: Option<chrono::NaiveDate>,
}

impl TableOptions {
    /// The situation the options name.
    pub fn situation(&self) -> crate::app::Situation {
        crate::app::Situation {
            as_of: self.as_of,
            recorded_by: self.recorded_by,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Tableau 3 : exécution des activités du plan d'une année
    Activities {
        #[arg(long, value_parser = year)]
        year: Year,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Tableau 4 : recommandations d'une session
    Recommendations {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Le plan d'action d'une année tel que le rapport le présente : objectif, résultat, activité,
    /// indicateur, budget, chronogramme J à D, responsable et total
    Plan {
        #[arg(long, value_parser = year)]
        year: Year,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Avancement du plan d'une année en cours d'exécution : par activité, les mois
    /// prévus, le dernier avancement, l'échéance et le retard ; totaux par objectif et par unité
    Progress {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Le trimestre (1 à 4) : la situation à sa fin, sauf --as-of
        #[arg(long, value_parser = quarter)]
        quarter: Option<crate::domain::types::Quarter>,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Portefeuille des projets d'une année : crédits, taux d'exécution financière et physique,
    /// retards, et l'arbitrage BSI de l'année
    Projects {
        #[arg(long, value_parser = year)]
        year: Year,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Plan d'action du secteur d'une année, compilé des propositions approuvées (table, csv,
    /// json, xlsx ou docx)
    SectorPlan {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = plan_format, default_value = "table")]
        format: PlanFormat,
        /// Le fichier à écrire (obligatoire pour xlsx et docx)
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Exécution du plan d'action du secteur à la fin d'un trimestre : par structure, par objectif
    /// et par ministère
    SectorProgress {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Le trimestre (1 à 4) ; par défaut le trimestre en cours de l'année en cours, le dernier
        /// d'une autre (un plan suivi à l'année : l'année, le trimestre 4)
        #[arg(long, value_parser = quarter)]
        quarter: Option<crate::domain::types::Quarter>,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Rapport de suivi du plan d'action du secteur (Word ou HTML) : exécution par structure et
    /// par objectif, indicateurs, difficultés, maîtrise des outils de planification
    SectorFollowUp {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Le trimestre (1 à 4) à la fin duquel il se situe ; par défaut comme sector-progress
        #[arg(long, value_parser = quarter)]
        quarter: Option<crate::domain::types::Quarter>,
        /// docx ou html
        #[arg(long, value_parser = document_format)]
        document: crate::app::DocumentFormat,
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Exécution financière d'une année
    Finances {
        #[arg(long, value_parser = year)]
        year: Year,
        #[command(flatten)]
        options: TableOptions,
    },
    /// Les sections rédigées du rapport annuel (introduction, missions, difficultés…)
    #[command(subcommand)]
    Section(SectionCommand),
    /// Les tableaux annexes du rapport annuel (matériel, personnel, réunions, projets BSI)
    #[command(subcommand)]
    Annex(AnnexCommand),
    /// Les chiffres d'une année que suivi n'a pas photographiée, tels qu'un rapport les donne (pour la comparaison)
    Reference {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Taux d'exécution du plan (64,71)
        #[arg(long)]
        execution_rate: Option<String>,
        /// Taux d'exécution financière (82)
        #[arg(long)]
        financial_rate: Option<String>,
        /// Le document et la page d'où viennent les chiffres
        #[arg(long)]
        source: String,
    },
    /// Le rapport annuel « Rapport d'activités Y et plan d'action Y+1 » (Word ou page HTML)
    Annual {
        #[arg(long, value_parser = year)]
        year: Year,
        /// docx ou html
        #[arg(long, value_parser = document_format, default_value = "docx")]
        format: crate::app::DocumentFormat,
        /// Le fichier à écrire
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnnexCommand {
    /// Importe un tableau annexe d'une année (il remplace le précédent ; tout ou rien)
    Import {
        /// Fichier CSV ou XLSX
        file: PathBuf,
        #[arg(long, value_parser = year)]
        year: Year,
        /// inventaire (categorie, materiel, bon, passable, mauvais), personnel (nom,
        /// corps, fonction, statut), reunions (organisateur, lieu, theme, dates) ou
        /// projets_bsi (ministere, intitule)
        #[arg(long)]
        kind: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Importe le matériel d'une année : colonnes categorie;materiel;bon;passable;mauvais
    /// (catégories parc_auto et parc_informatique)
    Import {
        file: PathBuf,
        #[arg(long, value_parser = year)]
        year: Year,
    },
}

#[derive(Debug, Subcommand)]
pub enum SectionCommand {
    /// Enregistre le texte d'une section (Markdown) ; l'historique garde chaque version
    Set {
        #[arg(long, value_parser = year)]
        year: Year,
        /// introduction, missions, organisation, ressources_humaines,
        /// ressources_materielles, difficultes, perspectives ou conclusion
        #[arg(long)]
        section: String,
        /// Le fichier Markdown du texte
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Les sections d'une année : rédigées ou à rédiger
    List {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Le texte d'une section, aujourd'hui ou à la fin d'un jour passé
    Show {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long)]
        section: String,
        /// Le texte tel qu'il était à la fin de ce jour
        #[arg(long, value_parser = date)]
        as_of: Option<chrono::NaiveDate>,
        /// Le texte tel que le journal le contenait à la fin de ce jour
        #[arg(long, value_parser = date)]
        recorded_by: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Tout l'historique d'une recommandation et de sa filiation d'une session à l'autre
    Recommendation {
        #[arg(long, value_parser = session)]
        session: SessionId,
        #[arg(long)]
        number: u32,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Tout l'historique d'une activité et de ses reprogrammations
    Activity {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = activity_code)]
        code: ActivityCode,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Vérifie la chaîne d'empreintes du journal (code 4 si elle est rompue)
    Verify {
        /// Ancre conservée ailleurs : EMPREINTE@POSITION
        #[arg(long)]
        anchor: Option<String>,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Affiche l'ancre du journal (empreinte@position) à conserver hors de la base
    Anchor {
        /// Envoie aussi l'ancre par courrier au directeur
        #[arg(long)]
        mail: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Fige les tableaux de l'année au 31 décembre 23:59:59 (heure de Bamako)
    Take {
        #[arg(long, value_parser = year)]
        year: Year,
    },
    /// Les photographies prises
    List {
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Les tableaux figés d'une année, et les ajustements enregistrés depuis
    Show {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Recalcule la photographie à partir des événements et la compare (code 4 si elle diffère)
    Verify {
        #[arg(long, value_parser = year)]
        year: Year,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Ce qui partirait ce jour-là, à qui (sans rien envoyer)
    Plan {
        /// Jour (AAAA-MM-JJ) ; par défaut aujourd'hui à Bamako
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Met en file et envoie les relances de ce jour-là (une seule fois par jour)
    Run {
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Ce qu'une structure a à faire, avec ses échéances, la plus proche d'abord
    Items {
        /// Code de la structure (DGB, CPS/SCI/PLANIFICATION)
        #[arg(long)]
        structure: String,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Les courriers en file, envoyés ou au rebut
    Outbox {
        /// pending, sent ou dead
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Le jour depuis lequel suivi relance (les échéances du calendrier antérieures ne le sont jamais) ; avec --date, le déplace (directeur, --reason exigé)
    Since {
        #[arg(long, value_parser = date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Remet en file un courrier mis au rebut (son numéro), ou tous (--dead)
    Retry {
        /// Le numéro du courrier (voir `reminders outbox --status dead`)
        #[arg(required_unless_present = "dead", conflicts_with = "dead")]
        id: Option<i64>,
        /// Tous les courriers mis au rebut
        #[arg(long)]
        dead: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Les échéances d'une année, avec le jour ouvré qui les précède si elles tombent un jour chômé
    Show {
        #[arg(long, value_parser = year)]
        year: Year,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Marque une échéance du calendrier comme atteinte : ses relances s'arrêtent
    Done {
        #[arg(long, value_parser = year)]
        year: Year,
        /// Identifiant de l'échéance (voir « calendar show --format json »)
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = date)]
        date: chrono::NaiveDate,
        #[arg(long)]
        document: Option<String>,
    },
    /// Clôt le calendrier d'une année passée : aucune de ses échéances non atteintes n'est plus relancée (--reason exigé)
    Close {
        #[arg(long, value_parser = year)]
        year: Year,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Ajoute un utilisateur ; le mot de passe est lu dans SUIVI_PASSWORD ou sur l'entrée standard
    Add {
        name: String,
        /// director, cps, structure ou reader
        #[arg(long)]
        role: String,
        /// Structure d'un point focal (rôle structure)
        #[arg(long)]
        structure: Option<String>,
        /// Adresse électronique (invitations, liens de mot de passe)
        #[arg(long)]
        email: Option<String>,
    },
    /// Invite quelqu'un : affiche le lien (valable 72 heures) où il choisit son mot de passe, et le lui envoie
    Invite {
        name: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        structure: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Liste les utilisateurs
    List,
    /// Désactive un utilisateur : ses jetons et ses sessions ne valent plus
    Disable { name: String },
    /// Réactive un utilisateur désactivé
    Enable { name: String },
    /// Émet un lien (valable 72 heures) pour choisir un nouveau mot de passe
    Reset { name: String },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Écrit tout le journal (événements, empreintes, photographies annuelles) en JSON Lines ; compressé si le nom finit par .gz
    Export {
        /// Le fichier à créer (il ne doit pas exister)
        file: std::path::PathBuf,
        /// Ajoute les comptes : utilisateurs avec l'empreinte de leur mot de passe, jetons (empreintes et portées) ; un tel fichier se garde comme un secret
        #[arg(long)]
        with_accounts: bool,
    },
    /// Charge un journal exporté dans une base vide, en vérifiant la chaîne, puis reconstruit les tableaux
    Import { file: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Crée un jeton pour un utilisateur ; il n'est affiché qu'une fois
    Create {
        #[arg(long)]
        user: String,
        #[arg(long)]
        label: Option<String>,
        /// Un jeton d'abonnement au calendrier (.ics) : il ne permet rien d'autre
        #[arg(long)]
        feed: bool,
        /// Dernier jour de validité (AAAA-MM-JJ ou JJ/MM/AAAA) ; sans limite par défaut
        #[arg(long, value_parser = date)]
        expires: Option<chrono::NaiveDate>,
    },
    /// Liste les jetons : portée, expiration, dernière utilisation
    List {
        #[arg(long)]
        user: Option<String>,
        #[arg(long, value_parser = format, default_value = "table")]
        format: Format,
    },
    /// Révoque un jeton par son identifiant
    Revoke { id: String },
}

// Values are checked as options are read; what is wrong is said in French,
// the default language, since `--lang` itself is being read.

fn said(t: text::Text) -> String {
    t.render(Lang::Fr)
}
pub(super) fn year(s: &str) -> Result<Year, String> {
    Year::parse(s).map_err(|e| said(text::invalid_value(&e)))
}
fn activity_code(s: &str) -> Result<ActivityCode, String> {
    ActivityCode::parse(s).map_err(|e| said(text::invalid_value(&e)))
}
fn session(s: &str) -> Result<SessionId, String> {
    SessionId::parse(s).map_err(|e| said(text::invalid_value(&e)))
}
pub(super) fn fcfa(s: &str) -> Result<i64, String> {
    Fcfa::parse(s)
        .map(Fcfa::value)
        .map_err(|e| said(text::invalid_value(&e)))
}
pub(super) fn date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::import::recommendations::parse_date(s)
        .ok_or_else(|| said(crate::text!("import-date-invalid", value = s)))
}
fn percent(s: &str) -> Result<u32, String> {
    s.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| said(crate::text!("progress-percent-invalid", value = s)))
}
pub(super) fn quarter(s: &str) -> Result<crate::domain::types::Quarter, String> {
    crate::domain::types::Quarter::parse(s).map_err(|e| said(text::invalid_value(&e)))
}
fn lang(s: &str) -> Result<Lang, String> {
    s.parse().map_err(said)
}
pub(super) fn document_format(s: &str) -> Result<crate::app::DocumentFormat, String> {
    s.parse().map_err(|e| said(text::unknown_code(&e)))
}
pub(super) fn format(s: &str) -> Result<Format, String> {
    s.parse().map_err(|e| said(text::unknown_code(&e)))
}

/// A document an activity produces, or none.
#[derive(Debug, Clone, Copy)]
pub struct ProducedKind(pub Option<crate::domain::activity::DocumentKind>);

/// A document an activity produces, or none (`aucun`, `none`).
pub(super) fn produced_kind(s: &str) -> Result<ProducedKind, String> {
    match s.trim() {
        "aucun" | "none" => Ok(ProducedKind(None)),
        other => other.parse().map(|k| ProducedKind(Some(k))).map_err(
            |e: crate::domain::types::UnknownCode| {
                let mut allowed = e.allowed.clone();
                allowed.push("aucun");
                said(text::unknown_code(&crate::domain::types::UnknownCode {
                    value: e.value,
                    allowed,
                }))
            },
        ),
    }
}

/// A table's format, or a Word document (`docx`).
#[derive(Debug, Clone, Copy)]
pub enum PlanFormat {
    Table(Format),
    Docx,
}

pub(super) fn plan_format(s: &str) -> Result<PlanFormat, String> {
    match s.trim() {
        "docx" => Ok(PlanFormat::Docx),
        other => format(other).map(PlanFormat::Table).map_err(|_| {
            said(text::unknown_code(&crate::domain::types::UnknownCode {
                value: other.to_string(),
                allowed: vec!["table", "csv", "json", "xlsx", "docx"],
            }))
        }),
    }
}
