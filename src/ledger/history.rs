//! [`LedgerHistory`]: the ledger followed over successive versions.

use super::*;
use std::collections::{HashMap, HashSet};

/// What the history remembers of an element deprecated in an earlier version and gone now.
#[derive(Debug, Clone)]
struct Removed {
    /// The entry as the last version that had it wrote it (its sunset included).
    entry: Entry,
    since_version: String,
    removed_in: String,
    /// The date of the version it was removed in, when known.
    removed_on: Option<Date>,
}

/// The ledger across successive versions of one API.
///
/// Call [`LedgerHistory::push`] (or [`LedgerHistory::push_dated`]) once per version, oldest
/// first, then [`LedgerHistory::finish`]. The result lists the newest version's entries, each
/// with `since_version` (the first version of its current deprecation: an element that was
/// un-deprecated and deprecated again counts from the later version), and one entry per
/// element that was deprecated in some version and is gone in a later one, with
/// `removed_in` and `removal`.
///
/// `removal` compares the sunset the last version that had the element declared with the
/// date of the version that removed it. Descriptions carry no release date, so that date is,
/// in order: the one given to [`LedgerHistory::push_dated`] (a commit or release date); the
/// version label itself when it is a date (`2024-06-20`, as date-versioned APIs label their
/// releases); and only then the reference date given to [`LedgerHistory::finish`] (`--as-of`),
/// which is right when the newest version is being judged today and may be wrong for old
/// removals.
///
/// An element that comes back (deprecated again, or present and not deprecated) is no
/// longer listed as removed. An element that was deprecated and then un-deprecated is
/// forgotten: it is not deprecated in the newest version, and its later removal is not a
/// removal of a deprecated element.
#[derive(Debug, Clone, Default)]
pub struct LedgerHistory {
    versions: Vec<String>,
    /// The newest version's entries, with their `since_version`.
    current: Vec<(Entry, String)>,
    removed: Vec<Removed>,
}

impl LedgerHistory {
    pub fn new() -> LedgerHistory {
        LedgerHistory::default()
    }

    /// Adds the next version, without a known release date.
    pub fn push(&mut self, label: &str, api: &Api) {
        self.push_dated(label, None, api);
    }

    /// Adds the next version, with its release (or commit) date when known.
    pub fn push_dated(&mut self, label: &str, date: Option<Date>, api: &Api) {
        let entries = collect(api);
        let now: HashSet<&Identity> = entries.iter().map(|e| &e.identity).collect();
        // Earlier removals that came back.
        self.removed
            .retain(|r| !now.contains(&r.entry.identity) && !exists(api, &r.entry.identity));
        let mut since: HashMap<Identity, String> = HashMap::new();
        for (entry, since_version) in std::mem::take(&mut self.current) {
            if now.contains(&entry.identity) {
                since.insert(entry.identity, since_version);
            } else if !exists(api, &entry.identity) {
                self.removed.push(Removed {
                    entry,
                    since_version,
                    removed_in: label.to_string(),
                    removed_on: date.or_else(|| Date::parse(label)),
                });
            }
            // Present and no longer deprecated: forgotten.
        }
        self.current = entries
            .into_iter()
            .map(|e| {
                let s = since
                    .remove(&e.identity)
                    .unwrap_or_else(|| label.to_string());
                (e, s)
            })
            .collect();
        self.versions.push(label.to_string());
    }

    /// The labels pushed so far, oldest first.
    pub fn versions(&self) -> &[String] {
        &self.versions
    }

    /// The ledger of the newest version plus the removed elements, as of `as_of`.
    pub fn finish(self, as_of: Date) -> Ledger {
        let mut items: Vec<Item> = self
            .current
            .into_iter()
            .map(|(e, s)| (e, Some(s), None))
            .collect();
        for r in self.removed {
            let removal = Removal::judge(r.entry.sunset, r.removed_on.unwrap_or(as_of));
            items.push((
                r.entry,
                Some(r.since_version),
                Some((r.removed_in, removal)),
            ));
        }
        Ledger::build(as_of, items, self.versions)
    }
}
