//! suivi: an event-sourced follow-up of the action plans, revues and
//! recommendations of a Cellule de Planification et de Statistique.
//!
//! `domain` is pure. Around it: `store` (events, views and every other table,
//! in one transaction per write), `projections` (what is read from the log),
//! `config`, `import`, `report` and `mail` (adapters), `text` (the French and
//! English catalogue). `app` is the one door to all of it; `cli`, `http` and
//! `scheduler` only call it.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod import;
pub mod mail;
pub mod projections;
pub mod report;
pub mod scheduler;
pub mod store;
pub mod text;
