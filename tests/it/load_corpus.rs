//! The loader over the real corpus (`../shared/corpus/real`): every root file loads, with
//! every file its `$ref`s reach. Skipped, with a message, when `../shared` is absent.

use apidelta::load::{Input, LoadOptions, load, refs_in};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/corpus/real is not beside the repository (CI always has it)");
        None
    }
}

/// (api, root file) for every version in the manifest.
fn roots(corpus: &Path) -> Vec<(String, PathBuf)> {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("manifest.json")).unwrap())
            .unwrap();
    let mut out = Vec::new();
    for series in manifest.as_array().unwrap() {
        let api = series["api"].as_str().unwrap().to_string();
        for root in series["root_file"].as_array().unwrap() {
            out.push((api.clone(), corpus.join(root.as_str().unwrap())));
        }
    }
    out
}

#[test]
fn every_corpus_root_loads() {
    let Some(corpus) = corpus() else { return };
    let roots = roots(&corpus);
    assert!(
        roots.len() >= 134,
        "the manifest lists 134 versions, saw {}",
        roots.len()
    );
    let mut failures = Vec::new();
    for (api, root) in &roots {
        match load(&Input::File(root.clone()), &LoadOptions::default()) {
            Ok(set) => {
                // Positions work on every document of the set.
                for (id, doc) in set.documents() {
                    if let Some((pointer, _)) = refs_in(doc.json()).first() {
                        assert!(
                            set.position(id, pointer).is_some(),
                            "{api}: no position for {pointer} in {}",
                            doc.name
                        );
                    }
                }
            }
            Err(e) => failures.push(format!("{api}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} roots did not load:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Which `$ref`s of the corpus do not resolve, per API: what later stages will meet.
/// Run with `cargo test --test load_corpus -- --ignored --nocapture`.
#[test]
#[ignore = "a report, not a check"]
fn corpus_unresolved_refs_report() {
    let Some(corpus) = corpus() else { return };
    // api -> (refs, unresolved, reference -> (count, versions, one referring location))
    type Distinct = BTreeMap<String, (usize, std::collections::BTreeSet<String>, String)>;
    let mut per_api: BTreeMap<String, (usize, usize, Distinct)> = BTreeMap::new();
    for (api, root) in roots(&corpus) {
        let version = root.file_name().unwrap().to_string_lossy().to_string();
        let set =
            load(&Input::File(root), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let entry = per_api.entry(api).or_default();
        for (id, doc) in set.documents() {
            for (pointer, reference) in refs_in(doc.json()) {
                entry.0 += 1;
                if let Err(e) = set.resolve(id, &pointer, reference) {
                    entry.1 += 1;
                    let seen = entry.2.entry(reference.to_string()).or_default();
                    seen.0 += 1;
                    seen.1.insert(version.clone());
                    if seen.2.is_empty() {
                        seen.2 = format!("{:?} at {}", e.kind, pointer);
                    }
                }
            }
        }
    }
    println!(
        "{:<28} {:>9} {:>11} {:>9}",
        "api", "refs", "unresolved", "distinct"
    );
    for (api, (refs, unresolved, distinct)) in &per_api {
        println!("{api:<28} {refs:>9} {unresolved:>11} {:>9}", distinct.len());
    }
    for (api, (_, _, distinct)) in &per_api {
        for (reference, (count, versions, first)) in distinct {
            println!(
                "  {api}: {reference} (x{count} in {} versions; {first})",
                versions.len()
            );
        }
    }
}
