//! Security requirement changes: which requirement (a set of schemes) was added or removed,
//! and which scopes changed inside a requirement that stayed.

use crate::diff::{Change, What};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

type Requirement = BTreeMap<String, BTreeSet<String>>;

fn requirements(v: &Option<Value>) -> Vec<Requirement> {
    v.as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

fn key(r: &Requirement) -> Vec<&String> {
    r.keys().collect()
}

/// The rule ids of a security change (operation or global), one per kind of difference.
pub fn security_ids(c: &Change) -> Option<Vec<String>> {
    let prefix = match c.what {
        What::OperationSecurity => "api-security",
        What::Security => "api-global-security",
        _ => return None,
    };
    let (b, r) = (requirements(&c.base_value), requirements(&c.revision_value));
    let mut ids = BTreeSet::new();
    for req in &b {
        match r.iter().find(|x| key(x) == key(req)) {
            None => {
                ids.insert(format!("{prefix}-removed"));
            }
            Some(other) => {
                for (scheme, scopes) in req {
                    let now = &other[scheme];
                    if scopes.difference(now).next().is_some() {
                        ids.insert(format!("{prefix}-scope-removed"));
                    }
                    if now.difference(scopes).next().is_some() {
                        ids.insert(format!("{prefix}-scope-added"));
                    }
                }
            }
        }
    }
    for req in &r {
        if b.iter().any(|x| key(x) == key(req)) {
            continue;
        }
        // A scheme added to an existing requirement (all schemes must be satisfied), or a
        // requirement where there was none, locks out clients: breaking. A new alternative
        // widens access.
        let narrows = b.is_empty() && c.what == What::OperationSecurity
            || b.iter()
                .any(|x| x.keys().all(|k| req.contains_key(k)) && x.len() < req.len());
        if narrows && c.what == What::OperationSecurity {
            ids.insert("api-security-scheme-required-added".to_string());
        } else {
            ids.insert(format!("{prefix}-added"));
        }
    }
    Some(ids.into_iter().collect())
}
