//! Configuration read at start: settings (`config/suivi.toml`, then `SUIVI_…`
//! environment variables, then command-line options), the directory of
//! responsible structures (`config/structures.toml`) and the workflows
//! (`workflows/*.toml`).
//!
//! A file that is wrong is reported as `file:line: what is wrong`. When the
//! default directories are absent (suivi run outside its repository), the
//! copies built into the program are used.

pub mod calendar;
pub mod reminders;
pub mod report;
pub mod sector;
pub mod structures;
pub mod workflows;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::types::StructureCode;
use crate::text;
use crate::text::Text;

/// A configuration file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: Text,
}

impl ConfigError {
    /// `file:line: what is wrong`, for the front ends to phrase.
    pub fn text(&self) -> Text {
        let location = match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        };
        text!(
            "located",
            location = location,
            message = self.message.clone()
        )
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

impl std::error::Error for ConfigError {}

/// The 1-based line of a byte offset in `source`.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Turns a TOML parse error into `file:line: message`.
pub(crate) fn toml_error(file: &str, source: &str, e: &toml::de::Error) -> ConfigError {
    ConfigError {
        file: file.to_string(),
        line: e.span().map(|s| line_of(source, s.start)),
        message: text!("toml-error", detail = e.message().to_string()),
    }
}

/// A configuration file's text and the name to report it under.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
}

/// Reads `dir/file`, or the built-in copy when `dir` is the default one and
/// does not exist.
pub(crate) fn read_source(
    dir: &Path,
    explicit: bool,
    file: &str,
    builtin: &'static str,
) -> Result<Source, ConfigError> {
    let path = dir.join(file);
    if !explicit && !dir.exists() {
        return Ok(Source {
            name: format!("(builtin) {file}"),
            text: builtin.to_string(),
        });
    }
    std::fs::read_to_string(&path)
        .map(|text| Source {
            name: path.display().to_string(),
            text,
        })
        .map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: None,
            message: text!("file-unreadable", error = e.to_string()),
        })
}

/// Where to find things, after layering file, environment and options.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub config_dir: PathBuf,
    pub config_dir_explicit: bool,
    pub workflows_dir: PathBuf,
    pub workflows_dir_explicit: bool,
    /// Where `suivi serve` listens.
    pub listen: String,
    /// The SMTP server (`SUIVI_SMTP_URL`, never in a file): `.eml` files without it.
    pub smtp_url: Option<String>,
    /// The code of the CPS itself in the directory, in charge of revues.
    pub cps: StructureCode,
    /// How `suivi serve` speaks HTTP: TLS, limits, timeouts.
    pub http: HttpSettings,
    /// How failed logins are slowed down, and how many passwords are checked at once.
    pub login: LoginLimits,
    /// The day of year N+1 (month, day) on which year N closes and its
    /// snapshot is taken; none: the day after the Comité de Coordination's
    /// first session in N+1's calendar, else 31 January.
    pub year_close: Option<(u32, u32)>,
}

/// The `[http]` table of `suivi.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// PEM certificate chain and private key: with both, `serve` speaks HTTPS.
    pub tls_certificate: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    /// The longest a request may take, in seconds.
    pub request_timeout_seconds: u64,
    /// The longest a client may take to send a request's headers.
    pub header_timeout_seconds: u64,
    /// The largest JSON or form body, in KiB.
    pub body_limit_kib: usize,
    /// The largest imported file, in MiB.
    pub import_limit_mib: usize,
    /// The largest evidence document, in MiB (a status change carries five
    /// at most).
    pub document_limit_mib: usize,
    /// The addresses of the reverse proxies in front of suivi: from them
    /// only, `X-Forwarded-For` says whom a request comes from.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            tls_certificate: None,
            tls_key: None,
            request_timeout_seconds: 60,
            header_timeout_seconds: 10,
            body_limit_kib: 256,
            import_limit_mib: 8,
            document_limit_mib: 10,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The `[login]` table of `suivi.toml`. Failed logins are counted within a
/// window per user name from one address and per user name from every
/// address; beyond the free ones, each brings a growing delay (1, 2, 4 … s,
/// capped), never a lock-out: from one address the next attempt is refused
/// (429) until its delay has passed; for the name, the next attempt waits
/// its delay, unless it carries that name's device cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginLimits {
    /// Failures of a name from every address before delays.
    #[serde(alias = "failures_per_name")]
    pub free_failures_per_name: u32,
    /// Failures of a name from one address before delays.
    #[serde(alias = "failures_per_address")]
    pub free_failures_per_address: u32,
    /// The longest delay, in seconds.
    pub max_delay_seconds: u32,
    pub window_minutes: u32,
    /// Password checks at once (Argon2 takes 19 MiB each); beyond, a login
    /// answers 503 at once. 0: twice the processor cores.
    pub password_checks: usize,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            free_failures_per_name: 5,
            free_failures_per_address: 3,
            max_delay_seconds: 30,
            window_minutes: 15,
            password_checks: 0,
        }
    }
}

impl LoginLimits {
    /// How many password checks may run at once.
    pub fn password_checks(&self) -> usize {
        match self.password_checks {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
            n => n,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    database_url: Option<String>,
    listen: Option<String>,
    cps: Option<String>,
    #[serde(default)]
    http: HttpSettings,
    #[serde(default)]
    login: LoginLimits,
    year_close: Option<String>,
}

impl Settings {
    /// Layers `config_dir/suivi.toml`, then the environment, then the options
    /// given (already merged with their `SUIVI_…` variables by the CLI).
    pub fn load(
        config_dir: Option<PathBuf>,
        workflows_dir: Option<PathBuf>,
        database: Option<String>,
    ) -> Result<Settings, ConfigError> {
        let config_dir_explicit = config_dir.is_some();
        let config_dir = config_dir.unwrap_or_else(default_config_dir);
        let workflows_dir_explicit = workflows_dir.is_some();
        let workflows_dir = workflows_dir.unwrap_or_else(|| default_workflows_dir(&config_dir));
        let file_path = config_dir.join("suivi.toml");
        let file: SettingsFile = match std::fs::read_to_string(&file_path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| toml_error(&file_path.display().to_string(), &text, &e))?,
            Err(_) => SettingsFile::default(),
        };
        let database_url = database
            .or(file.database_url)
            .unwrap_or_else(|| "suivi.db".to_string());
        let cps = file.cps.unwrap_or_else(|| "CPS/SCI".to_string());
        let cps = StructureCode::parse(&cps).map_err(|_| ConfigError {
            file: file_path.display().to_string(),
            line: None,
            message: text!("config-cps-invalid", code = cps),
        })?;
        let year_close = file
            .year_close
            .map(|s| {
                month_day(&s).ok_or_else(|| ConfigError {
                    file: file_path.display().to_string(),
                    line: None,
                    message: text!("config-year-close-invalid", value = s.as_str()),
                })
            })
            .transpose()?;
        let mut http = file.http;
        if config_dir == Path::new(SYSTEM_CONFIG_DIR)
            && http.tls_certificate.is_none()
            && http.tls_key.is_none()
            && Path::new(SNAKEOIL_CERTIFICATE).exists()
        {
            // Installed, and no certificate named: HTTPS from the first day
            // with the system's own, until the ministry's is put in.
            http.tls_certificate = Some(PathBuf::from(SNAKEOIL_CERTIFICATE));
            http.tls_key = Some(PathBuf::from(SNAKEOIL_KEY));
        }
        Ok(Settings {
            year_close,
            database_url,
            config_dir,
            config_dir_explicit,
            workflows_dir,
            workflows_dir_explicit,
            listen: file.listen.unwrap_or_else(|| "127.0.0.1:8080".to_string()),
            smtp_url: std::env::var("SUIVI_SMTP_URL")
                .ok()
                .filter(|u| !u.trim().is_empty()),
            cps,
            http,
            login: file.login,
        })
    }
}

/// Where an installed suivi keeps its configuration.
pub const SYSTEM_CONFIG_DIR: &str = "/etc/suivi";
/// The system's self-signed certificate (Debian's `ssl-cert`), served by an
/// installed suivi while `/etc/suivi/suivi.toml` names none.
pub const SNAKEOIL_CERTIFICATE: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";
pub const SNAKEOIL_KEY: &str = "/etc/ssl/private/ssl-cert-snakeoil.key";

/// The configuration's directory when none is given (`SUIVI_CONFIG_DIR`,
/// `--config-dir`): `./config` if present (a source checkout, or the
/// service's working directory holding one), else `/etc/suivi` if present
/// (the package), else `./config`.
fn default_config_dir() -> PathBuf {
    let local = PathBuf::from("config");
    if !local.is_dir() && Path::new(SYSTEM_CONFIG_DIR).is_dir() {
        PathBuf::from(SYSTEM_CONFIG_DIR)
    } else {
        local
    }
}

/// The workflows' directory when none is given: `./workflows` if present,
/// else the configuration's `workflows/` if present, else `./workflows`.
fn default_workflows_dir(config_dir: &Path) -> PathBuf {
    let local = PathBuf::from("workflows");
    let beside = config_dir.join("workflows");
    if !local.is_dir() && beside.is_dir() {
        beside
    } else {
        local
    }
}

/// A day of the year written `MM-DD` (`02-15`), valid in every year (not
/// 29 February).
fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2023 is not a leap year: a day valid in it is valid in every year.
    chrono::NaiveDate::from_ymd_opt(2023, m, d).map(|_| (m, d))
}
