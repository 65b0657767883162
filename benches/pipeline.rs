//! Criterion bench of the pipeline stages on real spec pairs from `../shared/corpus/real`:
//!
//! - `load`: `apidelta::load::load` of both files of a pair (read, parse, `$ref` scan), next to
//!   `parse_baseline`, which only reads both files and parses them into `serde_json::Value`
//!   (`serde_json::from_str` / `serde_saphyr::from_str`, as `examples/parse_only.rs` does);
//! - `normalize`: `apidelta::normalize::normalize` of both loaded documents;
//! - `diff`: `apidelta::diff::diff` of the two models;
//! - `report`: rendering the diff as text and as JSON (what `apidelta diff` does after the
//!   diff; positions are looked up here, the first lookup in a document indexes its text).
//!
//! Run with `cargo bench --bench pipeline`; one group or pair with a filter, e.g.
//! `cargo bench --bench pipeline -- 'normalize/'` or `-- kubernetes`. The corpus lives outside
//! the repository (`../shared/corpus/real`, or `$APIDELTA_BENCH_CORPUS`); when it is not there
//! the bench prints a message and measures nothing.

#[path = "../examples/parse_only.rs"]
mod parse_only;

use apidelta::diff::Diff;
use apidelta::load::{DocumentSet, Input, LoadOptions};
use apidelta::model::Api;
use apidelta::report::{DiffReport, Side};
use criterion::{BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// (name, directory under the corpus, base file, revision file, sample size).
const PAIRS: &[(&str, &str, &str, &str, usize)] = &[
    // 2 × 108 KB of YAML, OpenAPI 3.0.
    (
        "openai-2023-01-02",
        "openai-2023",
        "01-1.1.0-dfaa7b3.yaml",
        "02-1.1.0-21a10fd.yaml",
        20,
    ),
    // 2 × 1.9 MB of JSON, Swagger 2.0.
    (
        "stripe-swagger2-01-02",
        "stripe-swagger2",
        "01-2019-10-08.json",
        "02-2019-10-17.json",
        10,
    ),
    // 3.8 MB + 4.1 MB of JSON, Swagger 2.0.
    (
        "kubernetes-06-07",
        "kubernetes",
        "06-k8s-1.35.json",
        "07-k8s-1.36.json",
        10,
    ),
];

struct Pair {
    name: &'static str,
    base: PathBuf,
    revision: PathBuf,
    bytes: u64,
    samples: usize,
}

/// `../shared/corpus/real` next to the repository, or `$APIDELTA_BENCH_CORPUS`.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("APIDELTA_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real"),
    }
}

fn pairs() -> Vec<Pair> {
    let corpus = corpus_dir();
    PAIRS
        .iter()
        .filter_map(|&(name, dir, base, revision, samples)| {
            let base = corpus.join(dir).join(base);
            let revision = corpus.join(dir).join(revision);
            let size = |p: &Path| std::fs::metadata(p).map(|m| m.len());
            match (size(&base), size(&revision)) {
                (Ok(a), Ok(b)) => Some(Pair {
                    name,
                    base,
                    revision,
                    bytes: a + b,
                    samples,
                }),
                _ => {
                    eprintln!(
                        "pipeline bench: skipping {name}: {} or {} is missing",
                        base.display(),
                        revision.display()
                    );
                    None
                }
            }
        })
        .collect()
}

fn load(path: &Path) -> DocumentSet {
    apidelta::load::load(&Input::File(path.to_path_buf()), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()))
}

fn normalize(docs: &DocumentSet) -> Api {
    apidelta::normalize::normalize(docs).unwrap_or_else(|e| panic!("cannot normalize: {e}"))
}

/// What `examples/parse_only.rs` does for one file.
fn parse_baseline(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable file");
    parse_only::parse(&text, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    pair: &Pair,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(pair.samples)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(pair.bytes));
    g
}

fn bench_pair(c: &mut Criterion, pair: &Pair) {
    // Inputs of the later stages, built once.
    let base_docs = load(&pair.base);
    let revision_docs = load(&pair.revision);
    let base_api = normalize(&base_docs);
    let revision_api = normalize(&revision_docs);
    let changes: Diff = apidelta::diff::diff(&base_api, &revision_api);
    eprintln!(
        "pipeline bench: {}: {} bytes in, {} changes",
        pair.name,
        pair.bytes,
        changes.changes.len()
    );

    let mut g = group(c, "load", pair);
    g.bench_function(format!("{}/parse_baseline", pair.name), |b| {
        b.iter(|| {
            (
                parse_baseline(black_box(&pair.base)),
                parse_baseline(black_box(&pair.revision)),
            )
        })
    });
    g.bench_function(format!("{}/load", pair.name), |b| {
        b.iter(|| (load(black_box(&pair.base)), load(black_box(&pair.revision))))
    });
    g.finish();

    let mut g = group(c, "normalize", pair);
    g.bench_function(pair.name, |b| {
        b.iter(|| {
            (
                normalize(black_box(&base_docs)),
                normalize(black_box(&revision_docs)),
            )
        })
    });
    g.finish();

    let mut g = group(c, "diff", pair);
    g.bench_function(pair.name, |b| {
        b.iter(|| apidelta::diff::diff(black_box(&base_api), black_box(&revision_api)))
    });
    g.finish();

    // Reports look positions up through a per-document index built on first use and cached
    // in the DocumentSet, so each iteration gets freshly loaded documents (loading is not
    // timed) to measure what one `apidelta diff` run pays.
    let mut g = group(c, "report", pair);
    let fresh = || (load(&pair.base), load(&pair.revision));
    g.bench_function(format!("{}/text", pair.name), |b| {
        b.iter_batched_ref(
            fresh,
            |docs| {
                apidelta::report::text::diff_text(&report(
                    pair,
                    docs,
                    &base_api,
                    &revision_api,
                    &changes,
                ))
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function(format!("{}/json", pair.name), |b| {
        b.iter_batched_ref(
            fresh,
            |docs| {
                // Streamed, as the binary writes it.
                let report = report(pair, docs, &base_api, &revision_api, &changes);
                apidelta::report::json::diff_document(&report)
                    .to_string_pretty()
                    .expect("serializable")
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// The report `apidelta diff` renders.
fn report<'a>(
    pair: &Pair,
    docs: &'a (DocumentSet, DocumentSet),
    base: &'a Api,
    revision: &'a Api,
    diff: &'a Diff,
) -> DiffReport<'a> {
    DiffReport {
        base: Side {
            source: pair.base.display().to_string(),
            docs: &docs.0,
            api: base,
        },
        revision: Side {
            source: pair.revision.display().to_string(),
            docs: &docs.1,
            api: revision,
        },
        diff,
    }
}

fn main() {
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        eprintln!(
            "pipeline bench: the real-spec corpus is not at {}; nothing to measure (skipped)",
            corpus.display()
        );
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    for pair in pairs() {
        bench_pair(&mut c, &pair);
    }
    c.final_summary();
}
