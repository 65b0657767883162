//! Rename and move detection: a removed and an added sibling with an equivalent definition
//! are linked as a probable rename, with a confidence. Both findings stay; the link feeds
//! migration notes and field-mapping impact.

use crate::diff::{Change, ChangeKind, Diff, What};
use crate::model::{Api, SchemaId};
use std::collections::HashMap;

/// A link from one finding to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub fingerprint: String,
    pub relation: String,
    pub confidence: f64,
}

/// For each change index, the changes it is probably a rename of (or renamed to), best
/// first, with a confidence in (0, 1].
pub fn find_renames(diff: &Diff, base: &Api, rev: &Api) -> HashMap<usize, Vec<(usize, f64)>> {
    let mut out: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    let removed: Vec<usize> = (0..diff.changes.len())
        .filter(|&i| is_candidate(&diff.changes[i], ChangeKind::Removed))
        .collect();
    let added: Vec<usize> = (0..diff.changes.len())
        .filter(|&i| is_candidate(&diff.changes[i], ChangeKind::Added))
        .collect();
    for &r in &removed {
        let best = added
            .iter()
            .filter_map(|&a| {
                confidence(&diff.changes[r], &diff.changes[a], base, rev).map(|c| (a, c))
            })
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((a, conf)) = best {
            out.entry(r).or_default().push((a, conf));
            out.entry(a).or_default().push((r, conf));
        }
    }
    out
}

fn is_candidate(c: &Change, kind: ChangeKind) -> bool {
    c.kind == kind
        && matches!(
            c.what,
            What::Property | What::Parameter | What::ComponentSchema | What::Operation
        )
}

/// How likely `added` is `removed` under a new name; `None` when they are not siblings or
/// not alike.
fn confidence(removed: &Change, added: &Change, base: &Api, rev: &Api) -> Option<f64> {
    if removed.what != added.what {
        return None;
    }
    let (old, new) = (removed.name.as_deref()?, added.name.as_deref()?);
    let same_shape = match removed.what {
        What::Property => {
            // Siblings: the same parent schema pair.
            if removed.schemas? != added.schemas? {
                return None;
            }
            let (bp, rp) = removed.schemas?;
            let b = *base.schemas.get(bp).properties.get(old)?;
            let r = *rev.schemas.get(rp).properties.get(new)?;
            signature(base, b, 3) == signature(rev, r, 3)
        }
        What::Parameter => {
            if removed.group != added.group || old.split('.').next() != new.split('.').next() {
                return None;
            }
            true
        }
        What::ComponentSchema => {
            let b = *base.components.schemas.get(old)?;
            let r = *rev.components.schemas.get(new)?;
            signature(base, b, 3) == signature(rev, r, 3)
        }
        What::Operation => {
            // Same operationId on a new path: a move.
            let (crate::diff::Group::Operation(bk), crate::diff::Group::Operation(rk)) =
                (&removed.group, &added.group)
            else {
                return None;
            };
            let (bo, ro) = (base.operations.get(bk)?, rev.operations.get(rk)?);
            return (bo.operation_id.is_some()
                && bo.operation_id == ro.operation_id
                && bk.method == rk.method)
                .then_some(0.95);
        }
        _ => return None,
    };
    let similarity = name_similarity(old, new);
    let score = match (same_shape, similarity) {
        (true, s) => 0.7 + 0.29 * s,
        (false, s) if s >= 0.6 => 0.3 + 0.4 * s,
        _ => return None,
    };
    Some((score * 100.0).round() / 100.0)
}

/// 1.0 for equal names, down to 0.0; shared prefixes count most (`zip` / `zip_code`).
fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count()).max(1);
    let longer = a.chars().count().max(b.chars().count()).max(1);
    (prefix as f64 / shorter as f64) * 0.7 + (shorter as f64 / longer as f64) * 0.3
}

/// A structural summary of a schema, to compare definitions regardless of names and
/// locations. Bounded depth keeps cycles finite.
fn signature(api: &Api, id: SchemaId, depth: u8) -> String {
    let s = api.schemas.get(id);
    let mut out = format!(
        "{:?}|{:?}|{:?}",
        s.types.map(|t| t.names()),
        s.format,
        s.enum_values
    );
    if depth > 0 {
        for (name, &child) in &s.properties {
            out.push_str(&format!("|{name}:{}", signature(api, child, depth - 1)));
        }
        if let Some(items) = s.items {
            out.push_str(&format!("|[{}]", signature(api, items, depth - 1)));
        }
        for &member in s.all_of.iter().chain(&s.one_of).chain(&s.any_of) {
            out.push_str(&format!("|&{}", signature(api, member, depth - 1)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::name_similarity;

    #[test]
    fn similar_names_score_high() {
        assert!(name_similarity("zip", "zip_code") > 0.7);
        assert!(name_similarity("storePaymentMethod", "storePaymentMethodMode") > 0.9);
        assert!(name_similarity("zip", "country") < 0.3);
    }
}
