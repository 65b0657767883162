//! The `apidelta` binary: runs the CLI on a thread with a large stack, so deeply nested (but
//! within limits) specs and long `$ref` chains never overflow it.

#[cfg(target_os = "linux")]
use std::ffi::{c_int, c_long};
use std::process::ExitCode;

// Every stage allocates many small nodes on a worker thread; glibc's per-thread arenas grow
// one page-protection call at a time there, which cost a quarter of a run on big specs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps peak RSS near the live heap (it was ~1.5x above it): mimalloc's first arena is
/// committed eagerly and advised for transparent huge pages, so memory was faulted in, and
/// freed memory stayed resident, in 2 MiB pages; with THP off for the process every fault
/// is a 4 KiB page. (Returning freed memory sooner than mimalloc's 1 s purge delay saves
/// another 4-6% of RSS but costs 7-10% of the time in page faults: not worth it.)
fn tune_memory() {
    #[cfg(target_os = "linux")]
    {
        const PR_SET_THP_DISABLE: c_int = 41;
        unsafe extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        // SAFETY: prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) only sets a flag on this process;
        // a failure (old kernel) leaves things as they were.
        unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                1 as c_long,
                0 as c_long,
                0 as c_long,
                0 as c_long,
            )
        };
    }
}

fn main() -> ExitCode {
    tune_memory();
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
