//! The `suivi` command: parses the command line and hands over to the library.

fn main() {
    // A panic is a bug, never a user's mistake: say so briefly, without a backtrace.
    // The message is plain text, not from the catalogue: the panic may come
    // from the catalogue itself.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("Erreur interne inattendue (merci de la signaler) : {info}");
    }));
    // An administrator's command, run as root on an installed server, runs
    // as the service's user, with its settings, before any thread starts.
    if let Err(why) = suivi::cli::service_user::become_service_user() {
        let lang = suivi::text::Lang::Fr;
        eprintln!("{} {}", lang.t("cli-error"), why.render(lang));
        std::process::exit(suivi::cli::exit::FAILURE);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the async runtime starts");
    let code = runtime.block_on(suivi::cli::main());
    std::process::exit(code);
}
