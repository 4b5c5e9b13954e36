//! suivi: an event-sourced follow-up of the action plans, revues and
//! recommendations of a Cellule de Planification et de Statistique.
//!
//! `domain` is pure; `store`, `projections`, `config`, `import`, `report` and
//! `cli` are the adapters around it.

pub mod app;
pub mod audit;
pub mod cli;
pub mod config;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod projections;
pub mod reminders;
pub mod report;
pub mod scheduler;
pub mod store;
pub mod users;
