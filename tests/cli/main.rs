//! End-to-end tests of the `suivi` command line, on SQLite and PostgreSQL.

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod annual;
mod audit;
mod bad_input;
mod crash;
mod golden;
mod log;
mod plan;
mod progress;
mod projects;
mod rebuild;
mod report;
mod sector;
mod sessions;
mod structures;
mod upgrade;
