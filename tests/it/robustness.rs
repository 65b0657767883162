//! Mangled input never panics: every fixture, cut and corrupted in many deterministic ways,
//! either loads and diffs or fails with a load error.

use crate::common;

use apidelta::diff::diff;
use apidelta::load::{Input, LoadOptions, load};
use apidelta::normalize::normalize;
use common::fixture;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NOISE: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"",
    "'",
    "\n",
    "  ",
    "\t",
    "&a",
    "*a",
    "<<: *a",
    "$ref: '#/x'",
    "- ",
    "~",
    "null",
    "\u{feff}",
    "\\",
    "#",
    "!!binary",
    "%YAML 1.1\n",
    "---\n",
    "...",
];

/// Both sides of every diff and equivalence fixture pair.
fn pair_fixtures() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["diff", "equivalence"] {
        for case in std::fs::read_dir(fixture(dir)).unwrap() {
            let case = case.unwrap().path();
            files.push(case.join("base.yaml"));
            files.push(case.join("revision.yaml"));
        }
    }
    files
}

/// Counts a run that did not panic: it went through, or stopped at a real error.
fn tally(outcome: Result<(), apidelta::load::LoadError>, loaded: &mut usize, refused: &mut usize) {
    match outcome {
        Ok(()) => *loaded += 1,
        Err(e) => {
            assert!(!e.message.is_empty());
            let _ = e.to_string();
            *refused += 1;
        }
    }
}

fn mangle(text: &str, rng: &mut Rng) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(4) {
            0 => s.truncate(at),
            1 => {
                let noise = NOISE[rng.below(NOISE.len())];
                s.splice(at..at, noise.chars());
            }
            2 if at < s.len() => {
                let end = (at + 1 + rng.below(40)).min(s.len());
                s.drain(at..end);
            }
            _ => {
                // Duplicate a slice elsewhere: repeated keys, unbalanced nesting.
                let end = (at + rng.below(80)).min(s.len());
                let piece: Vec<char> = s[at..end].to_vec();
                let to = rng.below(s.len() + 1);
                s.splice(to..to, piece);
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn mangled_fixtures_never_panic() {
    let files = pair_fixtures();
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut loaded, mut refused) = (0, 0);
    for file in &files {
        let original = std::fs::read_to_string(file).unwrap();
        let reference =
            normalize(&load(&Input::File(file.clone()), &LoadOptions::default()).unwrap()).unwrap();
        for round in 0..60 {
            let text = mangle(&original, &mut rng);
            let path = tmp.path().join("mangled.yaml");
            std::fs::write(&path, &text).unwrap();
            let result = std::panic::catch_unwind(|| {
                let docs = load(&Input::File(path.clone()), &LoadOptions::default())?;
                let api = normalize(&docs)?;
                let _ = diff(&reference, &api);
                let _ = diff(&api, &reference);
                Ok::<_, apidelta::load::LoadError>(())
            });
            match result {
                Ok(outcome) => tally(outcome, &mut loaded, &mut refused),
                Err(_) => panic!("panic on round {round} of {}:\n{text}", file.display()),
            }
        }
    }
    eprintln!("{loaded} mangled specs loaded and diffed, {refused} refused with an error");
    assert!(loaded > 0 && refused > 0);
}

/// Values that a spec's members should not hold, or hold only in odd places.
fn odd_value(rng: &mut Rng) -> serde_json::Value {
    use serde_json::json;
    let choices = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(""),
        json!("{id}"),
        json!([]),
        json!({}),
        json!([1, "a"]),
        json!({"$ref": "#"}),
        json!({"$ref": "#/nowhere"}),
        json!({"$ref": 5}),
        json!({"type": ["null"]}),
        json!({"type": "array"}),
        json!({"allOf": [{}]}),
        json!({"2XX": {}}),
        json!({"in": "query"}),
    ];
    choices[rng.below(choices.len())].clone()
}

/// Every JSON pointer in `value`, the root excluded.
fn pointers(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", escape(k));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// Replaces, copies over, deletes or turns into a `$ref` to another node a few random nodes.
fn restructure(spec: &serde_json::Value, rng: &mut Rng) -> serde_json::Value {
    let mut spec = spec.clone();
    for _ in 0..1 + rng.below(4) {
        let mut all = Vec::new();
        pointers(&spec, String::new(), &mut all);
        if all.is_empty() {
            break;
        }
        let target = all[rng.below(all.len())].clone();
        let other = all[rng.below(all.len())].clone();
        let replacement = match rng.below(4) {
            // A `$ref` to anywhere in the spec: cycles through paths, callbacks, schemas.
            0 => serde_json::json!({ "$ref": format!("#{other}") }),
            1 => odd_value(rng),
            2 => spec.pointer(&other).cloned().unwrap_or_default(),
            _ => {
                let (parent, last) = target.rsplit_once('/').unwrap();
                match spec.pointer_mut(parent) {
                    Some(serde_json::Value::Object(map)) => {
                        let key = last.replace("~1", "/").replace("~0", "~");
                        map.shift_remove(&key);
                    }
                    Some(serde_json::Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            items.remove(i.min(items.len().saturating_sub(1)));
                        }
                    }
                    _ => {}
                }
                continue;
            }
        };
        if let Some(slot) = spec.pointer_mut(&target) {
            *slot = replacement;
        }
    }
    spec
}

/// The same, a level up: fixtures parsed and then restructured (the text stays valid), so
/// that normalizing, diffing and classifying meet wrong types, `$ref`s to anywhere (cycles
/// included) and missing members. A stack overflow cannot be caught: it aborts the run.
#[test]
fn restructured_fixtures_never_panic() {
    use apidelta::rules::lifecycle::Date;
    use apidelta::rules::{ClassifyOptions, classify};
    let mut files = pair_fixtures();
    files.push(fixture("load/callback-cycle/spec.yaml"));
    let options = ClassifyOptions::as_of(Date::parse("2026-11-28").unwrap());
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut loaded, mut refused) = (0, 0);
    for file in &files {
        let original: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let reference =
            normalize(&load(&Input::File(file.clone()), &LoadOptions::default()).unwrap()).unwrap();
        for round in 0..60 {
            let text = serde_json::to_string_pretty(&restructure(&original, &mut rng)).unwrap();
            let path = tmp.path().join("restructured.json");
            std::fs::write(&path, &text).unwrap();
            let result = std::panic::catch_unwind(|| {
                let docs = load(&Input::File(path.clone()), &LoadOptions::default())?;
                let api = normalize(&docs)?;
                for (b, r) in [(&reference, &api), (&api, &reference)] {
                    let _ = classify(&diff(b, r), b, r, &options);
                }
                Ok::<_, apidelta::load::LoadError>(())
            });
            match result {
                Ok(outcome) => tally(outcome, &mut loaded, &mut refused),
                Err(_) => panic!("panic on round {round} of {}:\n{text}", file.display()),
            }
        }
    }
    eprintln!("{loaded} restructured specs loaded and classified, {refused} refused");
    assert!(loaded > 0 && refused > 0);
}
