//! The `apidelta` binary: runs the CLI on a thread with a large stack, so deeply nested (but
//! within limits) specs and long `$ref` chains never overflow it.

use std::process::ExitCode;

// Every stage allocates many small nodes on a worker thread; glibc's per-thread arenas grow
// one page-protection call at a time there, which cost a quarter of a run on big specs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reserved, not committed: the memory is only used if recursion goes that deep.
const STACK_SIZE: usize = 512 * 1024 * 1024;

/// Keeps peak RSS near the live heap, which was ~1.5x below it: mimalloc's first arena is
/// committed eagerly and advised for transparent huge pages, so memory was faulted in (and
/// freed memory stayed resident) in 2 MiB pages while a run frees each parsed tree (several
/// times its file) as soon as the model is built. With THP off for the process, every later
/// fault is a 4 KiB page.
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::{c_int, c_long};
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
    disable_transparent_huge_pages();
    let worker = std::thread::Builder::new()
        .name("apidelta".into())
        .stack_size(STACK_SIZE)
        .spawn(apidelta::cli::run);
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: internal failure; please report it with the inputs that caused it");
            ExitCode::from(70)
        }
    }
}
