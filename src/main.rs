//! The `suivi` command: parses the command line and hands over to the library.

fn main() {
    // A panic is a bug, never a user's mistake: say so briefly, without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let said = suivi::text!("panic", detail = info.to_string());
        eprintln!("{}", said.render(suivi::text::Lang::Fr));
    }));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the async runtime starts");
    let code = runtime.block_on(suivi::cli::main());
    std::process::exit(code);
}
