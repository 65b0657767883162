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
    let mut files = Vec::new();
    for dir in ["diff", "equivalence"] {
        for case in std::fs::read_dir(fixture(dir)).unwrap() {
            let case = case.unwrap().path();
            files.push(case.join("base.yaml"));
            files.push(case.join("revision.yaml"));
        }
    }
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
                Ok(Ok(())) => loaded += 1,
                Ok(Err(e)) => {
                    assert!(!e.message.is_empty());
                    let _ = e.to_string();
                    refused += 1;
                }
                Err(_) => panic!("panic on round {round} of {}:\n{text}", file.display()),
            }
        }
    }
    eprintln!("{loaded} mangled specs loaded and diffed, {refused} refused with an error");
    assert!(loaded > 0 && refused > 0);
}
