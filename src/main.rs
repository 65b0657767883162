//! The `apidelta` binary: runs the CLI on a thread with a large stack, so deeply nested (but
//! within limits) specs and long `$ref` chains never overflow it.

use std::ffi::{c_int, c_long};
use std::process::ExitCode;

// Every stage allocates many small nodes on a worker thread; glibc's per-thread arenas grow
// one page-protection call at a time there, which cost a quarter of a run on big specs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps peak RSS near the live heap (it was ~1.5x above it): mimalloc's first arena is
/// committed eagerly and advised for transparent huge pages, so memory was faulted in, and
/// freed memory stayed resident, in 2 MiB pages; with THP off for the process every fault
/// is a 4 KiB page.
///
/// Freed memory is also returned to the system after 10 ms instead of mimalloc's 1 s: the
/// parsed trees and the diff's scratch space are freed while the next stage runs, and kept
/// resident they set the peak. Measured on the three benchmark pairs: 4-16% less peak RSS
/// for 5-12% more time (purging at once cost up to 20% more time).
fn tune_memory() {
    // Read by mimalloc each time it purges, so setting it here (after the allocator started)
    // takes effect.
    // SAFETY: sets one option of the statically linked allocator; no memory is touched.
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

/// `mi_option_purge_delay` in the mimalloc v3 sources that libmimalloc-sys builds
/// (include/mimalloc.h); the test below fails if an upgrade renumbers it.
const MI_OPTION_PURGE_DELAY: c_int = 15;
/// `mi_option_arena_eager_commit` there; set through CFLAGS (see .cargo/config.toml).
#[cfg(test)]
const MI_OPTION_ARENA_EAGER_COMMIT: c_int = 4;

unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arenas_are_committed_as_they_are_used() {
        // SAFETY: reads an allocator option.
        let eager = unsafe { mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT) };
        assert_eq!(
            eager, 0,
            "mimalloc was built without the CFLAGS of .cargo/config.toml (is CFLAGS set?)"
        );
    }

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads and sets an allocator option.
        unsafe {
            // mimalloc v3's default purge delay is 1000 ms; no other option defaults to it.
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            mi_option_set(MI_OPTION_PURGE_DELAY, 10);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 10);
        }
    }
}
