//! zksh's entry point: everything happens in `zksh::run`.

fn main() -> std::process::ExitCode {
    zksh::run::main()
}
