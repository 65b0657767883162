//! The rule catalog: one row per rule in `catalog.tsv`, read once. Rules are data; the
//! classifier only decides which id a change is, and the catalog says everything else
//! (level, direction, area, title, explanation, migration-note template).

use std::collections::HashMap;
use std::sync::LazyLock;

/// How bad a finding is for a client built against the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Breaking,
    PotentiallyBreaking,
    Deprecation,
    Additive,
    Info,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Breaking,
        Level::PotentiallyBreaking,
        Level::Deprecation,
        Level::Additive,
        Level::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::PotentiallyBreaking => "potentially-breaking",
            Level::Deprecation => "deprecation",
            Level::Additive => "additive",
            Level::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Which side of the exchange a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleDirection {
    Request,
    Response,
    None,
}

impl RuleDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleDirection::Request => "request",
            RuleDirection::Response => "response",
            RuleDirection::None => "none",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// kebab-case; oasdiff's id wherever the meaning is the same.
    pub id: String,
    pub level: Level,
    pub direction: RuleDirection,
    pub area: String,
    /// Whether the id is one of oasdiff's.
    pub oasdiff: bool,
    /// One line: what happened.
    pub title: String,
    /// Why this breaks clients, or why it does not.
    pub explanation: String,
    /// What a client should do; `{subject}`, `{old}`, `{new}` and `{rename}` are filled in.
    pub migration: String,
}

/// The catalog, as shipped.
pub struct Catalog {
    rules: Vec<Rule>,
    by_id: HashMap<String, usize>,
}

const CATALOG_TSV: &str = include_str!("catalog.tsv");

pub static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::parse(CATALOG_TSV).expect("src/rules/catalog.tsv is valid (tested)"));

impl Catalog {
    /// Parses the TSV: a header line, then `id level direction area oasdiff title explanation
    /// migration` per line. Lines starting with `#` are comments.
    pub fn parse(text: &str) -> Result<Catalog, String> {
        let mut rules = Vec::new();
        let mut by_id = HashMap::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [
                id,
                level,
                direction,
                area,
                oasdiff,
                title,
                explanation,
                migration,
            ] = cols[..]
            else {
                return Err(format!(
                    "catalog.tsv:{}: expected 8 columns, found {}",
                    n + 1,
                    cols.len()
                ));
            };
            let level = Level::parse(level)
                .ok_or_else(|| format!("catalog.tsv:{}: unknown level `{level}`", n + 1))?;
            let direction = match direction {
                "request" => RuleDirection::Request,
                "response" => RuleDirection::Response,
                "none" => RuleDirection::None,
                other => {
                    return Err(format!(
                        "catalog.tsv:{}: unknown direction `{other}`",
                        n + 1
                    ));
                }
            };
            if by_id.insert(id.to_string(), rules.len()).is_some() {
                return Err(format!("catalog.tsv:{}: duplicate rule id `{id}`", n + 1));
            }
            rules.push(Rule {
                id: id.to_string(),
                level,
                direction,
                area: area.to_string(),
                oasdiff: oasdiff == "yes",
                title: title.to_string(),
                explanation: explanation.to_string(),
                migration: migration.to_string(),
            });
        }
        Ok(Catalog { rules, by_id })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}
