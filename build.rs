//! Rebuilds when a migration is added, so that the embedded set stays complete.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
