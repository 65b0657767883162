//! Wall time of each stage of `apidelta diff` (text and JSON reports) on two files, in process, best
//! of N runs: `cargo run --release --example stages -- A B [N]`.

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&args))
        .unwrap()
        .join()
        .unwrap();
}

fn run(args: &[String]) {
    use apidelta::load::{Input, LoadOptions, load};
    let n: usize = args.get(2).map_or(5, |n| n.parse().unwrap());
    let mut best = [f64::MAX; 7];
    for _ in 0..n {
        let mut t = [0.0; 7];
        let start = Instant::now();
        for f in &args[..2] {
            let text = std::fs::read_to_string(f).unwrap();
            std::hint::black_box(serde_json::from_str::<serde_json::Value>(&text).ok());
        }
        t[6] = start.elapsed().as_secs_f64();
        let mut sides = Vec::new();
        for f in &args[..2] {
            let start = Instant::now();
            let mut docs = load(&Input::File(f.into()), &LoadOptions::default()).unwrap();
            t[0] += start.elapsed().as_secs_f64();
            let start = Instant::now();
            let api = apidelta::normalize::normalize(&docs).unwrap();
            docs.release_trees();
            t[1] += start.elapsed().as_secs_f64();
            sides.push((docs, api));
        }
        let start = Instant::now();
        let diff = apidelta::diff::diff(&sides[0].1, &sides[1].1);
        t[2] = start.elapsed().as_secs_f64();
        let report = apidelta::report::DiffReport {
            base: apidelta::report::Side {
                source: args[0].clone(),
                docs: &sides[0].0,
                api: &sides[0].1,
            },
            revision: apidelta::report::Side {
                source: args[1].clone(),
                docs: &sides[1].0,
                api: &sides[1].1,
            },
            diff: &diff,
        };
        let start = Instant::now();
        let text = apidelta::report::text::diff_text(&report);
        t[3] = start.elapsed().as_secs_f64();
        // The position indexes the JSON report needs, timed apart from writing it.
        let start = Instant::now();
        report.locate_all();
        t[4] = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let json = apidelta::report::json::diff_document(&report)
            .to_string_pretty()
            .unwrap();
        t[5] = start.elapsed().as_secs_f64();
        std::hint::black_box((text, json));
        for i in 0..7 {
            best[i] = best[i].min(t[i]);
        }
    }
    let names = [
        "load x2",
        "normalize x2",
        "diff",
        "text report",
        "positions x2",
        "json report",
        "parse-only x2",
    ];
    for (name, t) in names.iter().zip(best) {
        eprintln!("{name:<14} {:7.1} ms", t * 1e3);
    }
}
