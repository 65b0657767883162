//! The `apidelta` binary: runs the CLI on a thread with a large stack, so deeply nested (but
//! within limits) specs and long `$ref` chains never overflow it.

use std::ffi::{c_int, c_long};
use std::process::ExitCode;

// Every stage allocates many small nodes on a worker thread; glibc's per-thread arenas grow
// one page-protection call at a time there, which cost a quarter of a run on big specs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps peak RSS near the live heap (it was ~1.5x above it). A run frees each parsed tree,
/// several times its file, as soon as the model is built, and allocates more after:
/// - mimalloc's first arena is committed eagerly and advised for transparent huge pages, so
///   memory was faulted in, and freed memory stayed resident, in 2 MiB pages; with THP off
///   for the process every later fault is a 4 KiB page;
/// - mimalloc (v3) returns freed pages to the OS after 1 s by default, longer than a whole
///   run; after 10 ms, freed trees are gone before the peak (no measurable time cost).
fn tune_memory() {
    // `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (mimalloc.h); the `mimalloc`
    // crate exposes options only behind a feature that needs another dependency.
    const MI_OPTION_PURGE_DELAY: c_int = 15;
    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }
    // SAFETY: plain integer arguments; mimalloc allows setting options at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10) };

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
