//! The Debian package as a ministry's IT officer meets it: built from the
//! tests' debug binary, checked by lintian, installed with dpkg (its user,
//! its conffiles, its data directory), its service run as the unit runs it
//! (its user, directory and environment): HTTPS on port 8443 and the setup
//! link that creates the director; an administrator's command run as root
//! acts as the service's user; removed, the data stays; purged, it goes.
//!
//! It installs a package on the machine: it needs root, as on the throwaway
//! machine CI runs on, and fails without it.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PASSWORD: &str = "correct horse battery staple";

#[track_caller]
fn run(command: &mut Command) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn sh(script: &str) -> String {
    run(Command::new("sh").args(["-c", script]))
}

/// Purges the package when the test ends, however it ends.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "suivi"]).output();
    }
}

/// The service, started as its unit starts it.
struct Service(Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `Key=value` lines of the unit's `[Service]` section.
fn unit_value(unit: &str, key: &str) -> String {
    unit.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in the unit"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_package_installs_serves_https_and_purges() {
    let uid = run(Command::new("id").arg("-u"));
    assert_eq!(
        uid.trim(),
        "0",
        "this test installs a Debian package: run it as root (CI does)"
    );
    // Built from the debug binary the tests use, then checked.
    let built = run(Command::new(format!("{ROOT}/scripts/package.sh"))
        .arg("--debug")
        .env("SUIVI_BINARY", env!("CARGO_BIN_EXE_suivi"))
        .current_dir(ROOT));
    let deb = format!("{ROOT}/{}", built.lines().last().unwrap().trim());
    assert!(deb.ends_with("_amd64.deb"), "{built}");
    let lintian = Command::new("lintian")
        .args(["--fail-on", "error", &deb])
        .output()
        .unwrap();
    assert!(
        lintian.status.success(),
        "lintian: {}",
        String::from_utf8_lossy(&lintian.stdout)
    );

    let _ = Command::new("dpkg").args(["--purge", "suivi"]).output();
    run(Command::new("dpkg").args(["-i", &deb]));
    let installed = Installed;

    // Its user, a system one, in the group that reads the snakeoil key.
    let passwd = run(Command::new("getent").args(["passwd", "suivi"]));
    let fields: Vec<&str> = passwd.trim().split(':').collect();
    assert_eq!(fields[5], "/var/lib/suivi", "{passwd}");
    assert!(fields[6].ends_with("nologin"), "{passwd}");
    assert!(
        fields[2].parse::<u32>().unwrap() < 1000,
        "a system user: {passwd}"
    );
    let groups = run(Command::new("id").args(["-nG", "suivi"]));
    assert!(
        groups.split_whitespace().any(|g| g == "ssl-cert"),
        "{groups}"
    );
    // Its configuration as conffiles; its secrets for root only.
    let conffiles = run(Command::new("dpkg-query").args(["-W", "-f=${Conffiles}", "suivi"]));
    for file in [
        "/etc/suivi/suivi.toml",
        "/etc/suivi/suivi.env",
        "/etc/suivi/structures.toml",
        "/etc/suivi/reminders.toml",
        "/etc/suivi/calendar/2026.toml",
        "/etc/suivi/holidays/2026.toml",
        "/etc/suivi/workflows/recommendation.toml",
        "/etc/suivi/templates/reminder/fr/body.txt",
    ] {
        assert!(
            conffiles.contains(file),
            "{file} is not a conffile: {conffiles}"
        );
    }
    assert_eq!(
        sh("stat -c '%U %a' /etc/suivi/suivi.env").trim(),
        "root 600"
    );
    assert_eq!(
        sh("stat -c '%U:%G %a' /var/lib/suivi").trim(),
        "suivi:suivi 750"
    );

    // The unit as shipped: hardened.
    let unit_file = "/usr/lib/systemd/system/suivi.service";
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true", unit_file])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&security.stdout);
    let exposure: f64 = report
        .lines()
        .find_map(|l| l.split("Overall exposure level for suivi.service: ").nth(1))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{report}"));
    assert!(exposure <= 2.0, "exposure {exposure}");

    // Its ExecStart, as its user, in its directory, with its environment.
    let unit = std::fs::read_to_string(unit_file).unwrap();
    let exec = unit_value(&unit, "ExecStart");
    let directory = unit_value(&unit, "WorkingDirectory");
    let user = unit_value(&unit, "User");
    let environment_file = unit_value(&unit, "EnvironmentFile");
    let environment_file = environment_file.trim_start_matches('-');
    // setpriv executes in place (no child of its own), so the service is
    // the process stopped at the end.
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid", &user, "--regid", &user, "--init-groups", "--"])
        .args(["env", "-i", "PATH=/usr/bin:/bin", "SUIVI_LOG=info"])
        .args(
            suivi::cli::service_user::environment(
                &std::fs::read_to_string(environment_file).unwrap(),
            )
            .into_iter()
            .map(|(k, v)| format!("{k}={v}")),
        )
        .args(exec.split_whitespace())
        .current_dir(&directory)
        .stderr(Stdio::piped());
    let mut service = Service(command.spawn().unwrap());
    let mut lines = std::io::BufReader::new(service.0.stderr.take().unwrap()).lines();
    let started = Instant::now();
    let link = loop {
        assert!(started.elapsed() < Duration::from_secs(60), "no setup link");
        let line = lines.next().expect("serve ended").unwrap();
        if let Ok(log) = serde_json::from_str::<serde_json::Value>(&line) {
            if let Some(link) = log["fields"]["setup_link"].as_str() {
                break link.to_string();
            }
        }
    };
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    let host = hostname();
    assert!(
        link.starts_with(&format!("https://{host}:8443/welcome/")),
        "{link}"
    );

    // Over HTTPS, with the system's certificate, on every address.
    let https = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, "127.0.0.1:8443".parse().unwrap())
        .build()
        .unwrap();
    let health = https
        .get("https://127.0.0.1:8443/healthz")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    // The link creates the director's account, once.
    assert_eq!(https.get(&link).send().await.unwrap().status(), 200);
    let chosen = https
        .post(&link)
        .form(&[("password", PASSWORD), ("confirm", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), 200);
    let login = https
        .post(format!("https://{host}:8443/login"))
        .form(&[("name", "directeur"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    assert_eq!(https.get(&link).send().await.unwrap().status(), 404);

    // An administrator's command, as root, acts as the service's user with
    // its settings: the same database, and no file of root's in its data.
    let users = run(Command::new("/usr/bin/suivi")
        .args(["user", "list"])
        .current_dir("/"));
    assert!(users.contains("directeur"), "{users}");
    assert_eq!(sh("find /var/lib/suivi -not -user suivi").trim(), "");
    drop(service);

    // Removed, the data stays; purged, it goes.
    run(Command::new("dpkg").args(["-r", "suivi"]));
    assert!(Path::new("/var/lib/suivi/suivi.db").exists());
    run(Command::new("dpkg").args(["--purge", "suivi"]));
    assert!(!Path::new("/var/lib/suivi").exists());
    assert!(!Path::new("/etc/suivi").exists());
    drop(installed);
}

fn hostname() -> String {
    run(&mut Command::new("hostname")).trim().to_string()
}
