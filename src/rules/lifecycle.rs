//! Dates for deprecation and sunset, compared against a reference date (`--as-of`) so a run
//! is reproducible, never against the clock inside the rules.

use crate::model::Extensions;
use serde_json::Value;

/// A calendar date, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i64);

impl Date {
    /// `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let date = s.get(..10)?;
        let mut parts = date.split('-');
        let y: i64 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        if s.len() > 10 && !matches!(s.as_bytes()[10], b'T' | b't' | b' ') {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// A date given as a JSON value: ISO 8601, or an HTTP-date as the `Sunset` header
    /// (RFC 8594) carries it.
    pub fn parse_value(v: &Value) -> Option<Date> {
        let s = v.as_str()?;
        Date::parse(s).or_else(|| Date::parse_http(s))
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate).
    pub fn parse_http(s: &str) -> Option<Date> {
        let rest = s.trim().split_once(", ")?.1;
        let mut parts = rest.split_whitespace();
        let d: u32 = parts.next()?.parse().ok()?;
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = parts.next()?;
        let m = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let y: i64 = parts.next()?.parse().ok()?;
        Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
    }

    /// Today, from the system clock; used only as the default of `--as-of`.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date(secs.div_euclid(86_400))
    }

    pub fn days_until(self, other: Date) -> i64 {
        other.0 - self.0
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The sunset an element declares in its extensions (`x-sunset`, and `x-sunset-date` as some
/// vendors spell it), as written.
pub fn sunset_of(extensions: &Extensions) -> Option<Value> {
    extensions
        .get("x-sunset")
        .or_else(|| extensions.get("x-sunset-date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_compare() {
        let d = Date::parse("2026-11-28").unwrap();
        assert_eq!(d.to_string(), "2026-11-28");
        assert_eq!(Date::parse("1970-01-01"), Some(Date(0)));
        assert_eq!(
            Date::parse("2024-02-29T10:00:00Z").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("tomorrow"), None);
        assert!(Date::parse("2099-12-31").unwrap() > d);
        assert_eq!(Date::parse("2026-12-01").unwrap().0 - d.0, 3);
        let http = Date::parse_value(&Value::String("Sat, 31 Dec 2022 23:59:59 GMT".into()));
        assert_eq!(http.unwrap().to_string(), "2022-12-31");
    }
}

/// The sunset an operation announces: `x-sunset`, else a documented `Sunset` response header
/// (RFC 8594) whose schema gives the date (default, example or single enum value).
pub fn operation_sunset(api: &crate::model::Api, op: &crate::model::Operation) -> Option<Value> {
    sunset_of(&op.extensions).or_else(|| {
        op.responses
            .values()
            .find_map(|r| documented_value(api, r.headers.get("sunset")?))
            .cloned()
    })
}

/// The value a documented header's schema gives: its default, first example, or first enum
/// value. This is how a spec documents the date a `Sunset` or `Deprecation` header carries.
pub fn documented_value<'a>(
    api: &'a crate::model::Api,
    header: &crate::model::Header,
) -> Option<&'a Value> {
    let schema = api.schemas.get(header.schema?);
    schema
        .default
        .as_deref()
        .or(schema.examples.first())
        .or(schema.enum_values.as_ref().and_then(|v| v.first()))
}

/// Deprecated by `deprecated: true`, or by a documented `Deprecation` response header
/// (RFC 9745).
pub fn operation_deprecated(op: &crate::model::Operation) -> bool {
    op.deprecated
        || op
            .responses
            .values()
            .any(|r| r.headers.contains_key("deprecation"))
}

/// `x-stability-level`, least to most stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    pub fn parse(s: &str) -> Option<Stability> {
        Some(match s {
            "draft" => Stability::Draft,
            "alpha" => Stability::Alpha,
            "beta" => Stability::Beta,
            "stable" => Stability::Stable,
            _ => return None,
        })
    }

    /// The level an element declares: `Ok(None)` when it declares none, `Err` with the
    /// value when it is not one of the four.
    pub fn of(extensions: &Extensions) -> Result<Option<Stability>, Value> {
        match extensions.get("x-stability-level") {
            None => Ok(None),
            Some(v) => match v.as_str().and_then(Stability::parse) {
                Some(level) => Ok(Some(level)),
                None => Err(v),
            },
        }
    }
}

/// The deprecation policy (`--deprecation-days-beta`, `--deprecation-days-stable`): how many
/// days must separate a deprecation from its sunset. 0 means no policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeprecationPolicy {
    pub beta_days: u32,
    pub stable_days: u32,
}

impl DeprecationPolicy {
    /// The days required for an element of this stability (none for draft and alpha).
    pub fn days_for(&self, stability: Option<Stability>) -> u32 {
        match stability {
            Some(Stability::Draft | Stability::Alpha) => 0,
            Some(Stability::Beta) => self.beta_days,
            Some(Stability::Stable) | None => self.stable_days,
        }
    }
}

/// What a deprecation looks like against the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SunsetCheck {
    /// The sunset is not a date.
    Invalid,
    /// The policy wants a sunset and there is none.
    Missing,
    /// The sunset is closer than the policy allows.
    TooSoon,
    /// Deprecated with a valid sunset.
    WithSunset,
    /// Deprecated, no sunset, no policy.
    Plain,
}

/// Checks a deprecation's sunset against the policy, as of `as_of`.
pub fn check_sunset(sunset: Option<&Value>, days_required: u32, as_of: Date) -> SunsetCheck {
    match sunset {
        Some(v) => match Date::parse_value(v) {
            None => SunsetCheck::Invalid,
            Some(date)
                if days_required > 0 && as_of.days_until(date) < i64::from(days_required) =>
            {
                SunsetCheck::TooSoon
            }
            Some(_) => SunsetCheck::WithSunset,
        },
        None if days_required > 0 => SunsetCheck::Missing,
        None => SunsetCheck::Plain,
    }
}
