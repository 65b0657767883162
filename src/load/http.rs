//! Fetching a root document over HTTP(S). (Being written.)

#![allow(clippy::result_large_err)]

use super::{LoadError, LoadErrorKind};
use std::time::Duration;

/// Bounds on one fetch; each error that hits one names it.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: u32,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_bytes: 64 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// The text at `url`.
pub fn fetch(url: &str, _options: &HttpOptions) -> Result<String, LoadError> {
    Err(LoadError::new(
        LoadErrorKind::Io,
        url,
        "fetching URLs is not implemented yet",
    ))
}
