//! One module per group of commands: each parses what clap left as text,
//! calls the application, and phrases the result.

pub mod access;
pub mod audit;
pub mod log;
pub mod projects;
pub mod records;
pub mod reminders;
pub mod reports;
pub mod sector;
