//! The `apidelta` binary: runs the CLI on a thread with a large stack, so deeply nested (but
//! within limits) specs and long `$ref` chains never overflow it.

use std::process::ExitCode;

// Every stage allocates many small nodes on a worker thread; glibc's per-thread arenas grow
// one page-protection call at a time there, which cost a quarter of a run on big specs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new()
        .name("apidelta".into())
        .stack_size(apidelta::cli::STACK_SIZE)
        .spawn(apidelta::cli::run);
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: internal failure; please report it with the inputs that caused it");
            ExitCode::from(70)
        }
    }
}
