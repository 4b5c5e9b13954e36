//! An administrator's command on a server where the package is installed:
//! run as root, `suivi` becomes the service's user first, with the
//! service's environment file and working directory, so that it reads the
//! same settings as the service and never leaves files root owns in its
//! data.

use std::ffi::CString;
use std::path::Path;

/// The service's environment file (secrets: SMTP and database URLs).
pub const ENVIRONMENT_FILE: &str = "/etc/suivi/suivi.env";
/// The service's user and working directory (the unit's `User=` and
/// `WorkingDirectory=`).
pub const SERVICE_USER: &str = "suivi";
pub const SERVICE_DIRECTORY: &str = "/var/lib/suivi";

/// Settings a shell could carry that the service does not: dropped, then
/// the service's environment file read in their place.
const SETTINGS: [&str; 6] = [
    "SUIVI_DATABASE_URL",
    "SUIVI_CONFIG_DIR",
    "SUIVI_WORKFLOWS_DIR",
    "SUIVI_SMTP_URL",
    "SUIVI_LISTEN",
    "SUIVI_LOG",
];

/// The variables of a systemd environment file: `NAME=value` lines, the
/// value optionally quoted; blank lines and `#` comments skipped.
pub fn environment(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .filter_map(|l| {
            let (name, value) = l.split_once('=')?;
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            Some((name.trim().to_string(), value.to_string()))
        })
        .collect()
}

/// Becomes the service's user when run as root on an installed server;
/// does nothing otherwise. Called before any thread starts. An error says
/// why it could not (the process then stops rather than act as root).
pub fn become_service_user() -> Result<(), crate::text::Text> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 || !Path::new(ENVIRONMENT_FILE).exists() {
        return Ok(());
    }
    let name = CString::new(SERVICE_USER).expect("no NUL in the user's name");
    // SAFETY: getpwnam reads the user database; the result is copied at once,
    // before any other call that could reuse its static buffer.
    let (uid, gid) = unsafe {
        let pw = libc::getpwnam(name.as_ptr());
        if pw.is_null() {
            return Err(crate::text!("service-user-missing", user = SERVICE_USER));
        }
        ((*pw).pw_uid, (*pw).pw_gid)
    };
    let unreadable = |file: &str, e: std::io::Error| {
        crate::text!(
            "about",
            subject = file,
            message = crate::text!("file-unreadable", error = e.to_string())
        )
    };
    let text =
        std::fs::read_to_string(ENVIRONMENT_FILE).map_err(|e| unreadable(ENVIRONMENT_FILE, e))?;
    let given: Vec<(&str, String)> = SETTINGS
        .iter()
        .filter_map(|v| Some((*v, std::env::var(v).ok()?)))
        .collect();
    for variable in SETTINGS {
        std::env::remove_var(variable);
    }
    for (variable, value) in environment(&text) {
        std::env::set_var(variable, value);
    }
    // Said, not silently dropped: the service's settings win over a shell's.
    for (variable, value) in given {
        if std::env::var(variable).ok().as_deref() != Some(value.as_str()) {
            let lang = crate::text::Lang::Fr;
            eprintln!(
                "{}",
                crate::text!(
                    "service-user-setting-ignored",
                    variable = variable,
                    file = ENVIRONMENT_FILE
                )
                .render(lang)
            );
        }
    }
    std::env::set_current_dir(SERVICE_DIRECTORY).map_err(|e| unreadable(SERVICE_DIRECTORY, e))?;
    // SAFETY: plain system calls on values checked above, in a process that
    // has one thread; the groups first, then the group, then the user.
    let dropped = unsafe {
        libc::initgroups(name.as_ptr(), gid) == 0
            && libc::setgid(gid) == 0
            && libc::setuid(uid) == 0
    };
    if !dropped {
        return Err(crate::text!(
            "service-user-failed",
            user = SERVICE_USER,
            error = std::io::Error::last_os_error().to_string()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::environment;

    #[test]
    fn an_environment_file_reads_as_systemd_reads_it() {
        let text = "# secrets\nSUIVI_SMTP_URL=smtp://relais:25\n\n  SUIVI_DATABASE_URL = \"postgres://suivi@db/suivi\"\n; note\nX='a b'\n";
        assert_eq!(
            environment(text),
            [
                ("SUIVI_SMTP_URL".to_string(), "smtp://relais:25".to_string()),
                (
                    "SUIVI_DATABASE_URL".to_string(),
                    "postgres://suivi@db/suivi".to_string()
                ),
                ("X".to_string(), "a b".to_string()),
            ]
        );
    }
}
