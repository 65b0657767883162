//! The semver verdict: the bump the findings require against the bump `info.version`
//! declares.

use super::{Finding, Level};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump a level requires (DESIGN §2.5).
    pub fn for_level(level: Level, strict: bool) -> Bump {
        match level {
            Level::Breaking => Bump::Major,
            Level::PotentiallyBreaking if strict => Bump::Major,
            Level::PotentiallyBreaking | Level::Deprecation | Level::Additive => Bump::Minor,
            Level::Info => Bump::Patch,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    UnderBumped,
    OverBumped,
    NotSemver,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::UnderBumped => "under-bumped",
            Verdict::OverBumped => "over-bumped",
            Verdict::NotSemver => "not-semver",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemverReport {
    pub required: Bump,
    /// `None` when a version is not semver (or went backwards: then `declared` is None and
    /// the verdict under-bumped).
    pub declared: Option<Bump>,
    pub verdict: Verdict,
    /// The version the revision should carry, when the base is semver.
    pub suggested: Option<String>,
}

/// Lenient: a leading `v`, and a missing patch (`1.2`). A date, `v2` or text is not semver.
pub fn parse_version(s: &str) -> Option<semver::Version> {
    let t = s.trim();
    let t = t
        .strip_prefix('v')
        .or_else(|| t.strip_prefix('V'))
        .unwrap_or(t);
    if let Ok(v) = semver::Version::parse(t) {
        return Some(v);
    }
    let parts: Vec<&str> = t.split('.').collect();
    if parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return semver::Version::parse(&format!("{t}.0")).ok();
    }
    None
}

fn declared_bump(base: &semver::Version, rev: &semver::Version) -> Option<Bump> {
    use std::cmp::Ordering::*;
    match (
        rev.major.cmp(&base.major),
        rev.minor.cmp(&base.minor),
        rev.patch.cmp(&base.patch),
    ) {
        (Greater, _, _) => Some(Bump::Major),
        (Less, _, _) => None,
        (Equal, Greater, _) => Some(Bump::Minor),
        (Equal, Less, _) => None,
        (Equal, Equal, Greater) => Some(Bump::Patch),
        (Equal, Equal, Less) => None,
        (Equal, Equal, Equal) => Some(Bump::None),
    }
}

/// Applies `bump` to `v`. Below 1.0.0 a breaking change moves the minor version (0.y.z).
fn next(v: &semver::Version, bump: Bump) -> semver::Version {
    let zero = v.major == 0;
    match bump {
        Bump::Major if zero => semver::Version::new(0, v.minor + 1, 0),
        Bump::Major => semver::Version::new(v.major + 1, 0, 0),
        Bump::Minor if zero => semver::Version::new(0, v.minor, v.patch + 1),
        Bump::Minor => semver::Version::new(v.major, v.minor + 1, 0),
        Bump::Patch => semver::Version::new(v.major, v.minor, v.patch + 1),
        Bump::None => v.clone(),
    }
}

pub fn evaluate(
    findings: &[Finding],
    base_version: Option<&str>,
    rev_version: Option<&str>,
    strict: bool,
) -> SemverReport {
    let required = findings
        .iter()
        .map(|f| Bump::for_level(f.level, strict))
        .max()
        .unwrap_or(Bump::None);
    let base = base_version.and_then(parse_version);
    let rev = rev_version.and_then(parse_version);
    let (Some(b), Some(r)) = (&base, &rev) else {
        return SemverReport {
            required,
            declared: None,
            verdict: Verdict::NotSemver,
            suggested: base.as_ref().map(|b| next(b, required).to_string()),
        };
    };
    let declared = declared_bump(b, r);
    // Below 1.0.0, each bump counts one step more (a minor bump may break).
    let effective = |bump: Bump| -> Bump {
        if b.major != 0 {
            return bump;
        }
        match bump {
            Bump::Minor => Bump::Major,
            Bump::Patch => Bump::Minor,
            other => other,
        }
    };
    let verdict = match declared {
        None => Verdict::UnderBumped,
        Some(d) if effective(d) < required => Verdict::UnderBumped,
        Some(d) if effective(d) > required && effective(d) > Bump::Patch => Verdict::OverBumped,
        Some(_) => Verdict::Ok,
    };
    SemverReport {
        required,
        declared,
        verdict,
        suggested: Some(next(b, required).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_versions() {
        assert_eq!(parse_version("v1.2.3").unwrap().to_string(), "1.2.3");
        assert_eq!(parse_version("1.2").unwrap().to_string(), "1.2.0");
        assert!(parse_version("2019-10-08").is_none());
        assert!(parse_version("v2").is_none());
    }

    #[test]
    fn verdicts() {
        let r = evaluate(&[], Some("1.2.0"), Some("1.2.1"), false);
        assert_eq!((r.required, r.verdict), (Bump::None, Verdict::Ok));
        let r = evaluate(&[], Some("1.2.0"), Some("2.0.0"), false);
        assert_eq!(r.verdict, Verdict::OverBumped);
        let r = evaluate(&[], Some("2019-10-08"), Some("2019-10-17"), false);
        assert_eq!(r.verdict, Verdict::NotSemver);
        assert_eq!(
            next(&semver::Version::new(0, 3, 1), Bump::Major).to_string(),
            "0.4.0"
        );
        assert_eq!(
            next(&semver::Version::new(1, 3, 1), Bump::Major).to_string(),
            "2.0.0"
        );
    }
}
