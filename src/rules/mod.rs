//! Classification: the rule catalog (data), the choice of rule for each change, lifecycle
//! dates, rename links and the semver verdict.

pub mod catalog;
mod classify;
mod deprecation;
mod ids;
pub mod lifecycle;
mod renames;
mod security;
pub mod semver;

pub use catalog::{CATALOG, Catalog, Level, Rule, RuleDirection};
pub use classify::{ClassifyOptions, Finding, classify, fingerprint};
pub use ids::schema_context;
pub use renames::Related;

/// Findings counted by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub breaking: usize,
    pub potentially_breaking: usize,
    pub deprecation: usize,
    pub additive: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.level {
                Level::Breaking => s.breaking += 1,
                Level::PotentiallyBreaking => s.potentially_breaking += 1,
                Level::Deprecation => s.deprecation += 1,
                Level::Additive => s.additive += 1,
                Level::Info => s.info += 1,
            }
        }
        s
    }

    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Breaking => self.breaking,
            Level::PotentiallyBreaking => self.potentially_breaking,
            Level::Deprecation => self.deprecation,
            Level::Additive => self.additive,
            Level::Info => self.info,
        }
    }
}
