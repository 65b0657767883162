//! Fetching a root document over HTTP(S), with `ureq` (rustls, no OpenSSL).
//!
//! Only `http://` and `https://` URLs are fetched, with a `GET`. Redirects are followed
//! here rather than by `ureq`, so that each hop is checked (a redirect to `file://` or any
//! other scheme is refused) and the errors can say where the chain went. Every bound in
//! [`HttpOptions`] gives an error that names it and the flag that raises it. Proxies come
//! from the usual environment variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`), as `ureq` reads them.

#![allow(clippy::result_large_err)]

use super::{LoadError, LoadErrorKind};
use std::io;
use std::time::Duration;
use ureq::http::{StatusCode, Uri, header};

/// Bounds on one fetch; each error that hits one names it.
///
/// A zero timeout means no timeout. `max_bytes` bounds the body after decompression,
/// whether or not the server announces a length; `max_redirects` is the number of
/// redirects followed (0: none).
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Resolving the host name, then opening the connection (and the TLS handshake).
    pub connect_timeout: Duration,
    /// Each read from the connection: the longest the server may stay silent.
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

const ACCEPT: &str = "application/yaml, application/json;q=0.9, */*;q=0.8";
const USER_AGENT: &str = concat!("apidelta/", env!("CARGO_PKG_VERSION"));

/// The text at `url`.
pub fn fetch(url: &str, options: &HttpOptions) -> Result<String, LoadError> {
    check_url(url).map_err(|(message, help)| {
        LoadError::new(LoadErrorKind::Io, url, message).with_help(help)
    })?;
    let agent = agent(options);
    let mut current = strip_fragment(url).to_string();
    let mut redirects = 0;
    loop {
        let mut response = agent
            .get(current.as_str())
            .call()
            .map_err(|e| request_error(url, &current, e, options))?;
        let status = response.status();
        if is_redirect(status) {
            let next = redirect_target(url, &current, status, response.headers())?;
            if redirects >= options.max_redirects {
                return Err(LoadError::new(
                    LoadErrorKind::Io,
                    url,
                    format!(
                        "too many redirects: gave up after {redirects} (max-redirects); `{current}` \
                         redirects again, to `{next}`"
                    ),
                )
                .with_help("raise the limit with --max-redirects N, or pass the final URL"));
            }
            redirects += 1;
            current = next;
            continue;
        }
        if !status.is_success() {
            let mut message = format!("the server answered {}", status_line(status));
            if current != strip_fragment(url) {
                let plural = if redirects == 1 { "" } else { "s" };
                message.push_str(&format!(
                    " for `{current}` (after {redirects} redirect{plural})"
                ));
            }
            let err = LoadError::new(LoadErrorKind::Io, url, message);
            return Err(match status.as_u16() {
                401 | 403 => err.with_help(
                    "the URL may need credentials; download the file and pass its path instead",
                ),
                404 | 410 => err.with_help("check the URL"),
                _ => err,
            });
        }
        let limit = options.max_bytes;
        if let Some(announced) = response.body().content_length()
            && announced > limit as u64
        {
            return Err(over_limit(
                url,
                format!(
                    "the server announces {announced} bytes, over the limit of {limit} bytes \
                     (max-file-size)"
                ),
            ));
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(limit as u64)
            .read_to_vec()
            .map_err(|e| body_error(url, &current, e, options))?;
        return String::from_utf8(bytes)
            .map_err(|e| super::not_utf8(url, e.as_bytes(), e.utf8_error().valid_up_to()));
    }
}

fn agent(options: &HttpOptions) -> ureq::Agent {
    let timeout = |d: Duration| (!d.is_zero()).then_some(d);
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .save_redirect_history(false)
        .user_agent(USER_AGENT)
        .accept(ACCEPT)
        .timeout_resolve(timeout(options.connect_timeout))
        .timeout_connect(timeout(options.connect_timeout))
        .timeout_per_read(timeout(options.read_timeout))
        .build();
    ureq::Agent::new_with_config(config)
}

/// `Ok` for an absolute `http://` or `https://` URL with a host; otherwise the message and
/// the help.
fn check_url(url: &str) -> Result<(), (String, &'static str)> {
    const HELP: &str = "give an http:// or https:// URL, or the path of a file";
    match scheme(url) {
        None => return Err(("not a URL: it has no scheme such as https://".into(), HELP)),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        Some(s) => {
            return Err((
                format!(
                    "unsupported URL scheme `{s}`: only http:// and https:// URLs can be fetched"
                ),
                "download the file and pass its path instead",
            ));
        }
    }
    match strip_fragment(url).parse::<Uri>() {
        Err(e) => Err((format!("not a valid URL: {e}"), HELP)),
        Ok(uri) if uri.host().is_none_or(str::is_empty) => {
            Err(("not a valid URL: it has no host".into(), HELP))
        }
        Ok(_) => Ok(()),
    }
}

/// The scheme of an absolute URL (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`,
/// then `:`), as written.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// The URL without its `#fragment`, which is never sent.
fn strip_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(before, _)| before)
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// "HTTP 404 Not Found"; without the reason for a code that has none.
fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// Where a redirect from `current` goes: its `Location`, resolved and checked.
fn redirect_target(
    url: &str,
    current: &str,
    status: StatusCode,
    headers: &ureq::http::HeaderMap,
) -> Result<String, LoadError> {
    let err = |message: String| LoadError::new(LoadErrorKind::Io, url, message);
    let location = match headers.get(header::LOCATION).map(|v| v.to_str()) {
        Some(Ok(location)) => location.trim(),
        Some(Err(_)) => {
            return Err(err(format!(
                "`{current}` answered {} with a Location header that is not ASCII text",
                status_line(status)
            )));
        }
        None => {
            return Err(err(format!(
                "`{current}` answered {} without a Location header",
                status_line(status)
            )));
        }
    };
    let next = resolve(current, location);
    check_url(&next).map_err(|(message, _)| {
        let why = match scheme(&next) {
            Some(s) if !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https") => {
                "which is not an http:// or https:// URL".to_string()
            }
            _ => format!("which is {message}"),
        };
        err(format!(
            "redirect refused: `{current}` redirects to `{next}`, {why}"
        ))
        .with_help("only redirects to http:// and https:// URLs are followed")
    })?;
    Ok(strip_fragment(&next).to_string())
}

/// `reference` (a `Location` header) resolved against the absolute URL `base`, as in
/// RFC 3986 §5.2.
fn resolve(base: &str, reference: &str) -> String {
    if scheme(reference).is_some() {
        return reference.to_string();
    }
    let base = strip_fragment(base);
    let (base_scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net_path) = reference.strip_prefix("//") {
        return format!("{base_scheme}://{net_path}");
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_query) = rest.split_at(authority_end);
    let (base_path, _) = path_query.split_once('?').unwrap_or((path_query, ""));
    let origin = format!("{base_scheme}://{authority}");
    let (ref_path, ref_tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    if ref_path.is_empty() {
        let tail = if ref_tail.starts_with('?') {
            ref_tail.to_string()
        } else {
            // Only a fragment (or nothing): the base with its query.
            let query = path_query.find('?').map_or("", |i| &path_query[i..]);
            format!("{query}{ref_tail}")
        };
        let path = if base_path.is_empty() { "/" } else { base_path };
        return format!("{origin}{path}{tail}");
    }
    let merged = if ref_path.starts_with('/') {
        ref_path.to_string()
    } else {
        match base_path.rfind('/') {
            Some(i) => format!("{}{ref_path}", &base_path[..=i]),
            None => format!("/{ref_path}"),
        }
    };
    format!("{origin}{}{ref_tail}", remove_dot_segments(&merged))
}

/// RFC 3986 §5.2.4 for an absolute path: `/a/b/../c/./d` → `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                // `/a/b/..` is the directory `/a/`.
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// "0.3 s", "10 s".
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

fn is_https(url: &str) -> bool {
    scheme(url).is_some_and(|s| s.eq_ignore_ascii_case("https"))
}

/// `host:port` of an http(s) URL, for messages.
fn host_port(url: &str) -> String {
    match url.parse::<Uri>() {
        Ok(uri) => {
            let host = uri.host().unwrap_or_default();
            let port = uri
                .port_u16()
                .unwrap_or(if is_https(url) { 443 } else { 80 });
            format!("{host}:{port}")
        }
        Err(_) => url.to_string(),
    }
}

fn host(url: &str) -> String {
    url.parse::<Uri>()
        .ok()
        .and_then(|uri| uri.host().map(str::to_string))
        .unwrap_or_else(|| url.to_string())
}

fn over_limit(url: &str, message: String) -> LoadError {
    LoadError::new(LoadErrorKind::Limit, url, message)
        .with_help("raise it with --max-file-size BYTES")
}

/// Whether an I/O error happened while opening the connection.
fn is_connect_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::AddrNotAvailable
    )
}

/// A host name lookup failure, as the standard library words it (`getaddrinfo` on Unix,
/// `WSAHOST_NOT_FOUND` and `WSANO_DATA` on Windows).
fn is_lookup_error(e: &io::Error) -> bool {
    let windows_lookup = cfg!(windows) && matches!(e.raw_os_error(), Some(11001 | 11004));
    windows_lookup
        || e.to_string()
            .starts_with("failed to lookup address information")
}

/// An error from sending the request or receiving the response headers of `current`.
fn request_error(url: &str, current: &str, e: ureq::Error, options: &HttpOptions) -> LoadError {
    let io_err = |message: String| LoadError::new(LoadErrorKind::Io, url, message);
    let connect_help = "check the URL's host and port, and that the server is up";
    match e {
        ureq::Error::BadUri(reason) => io_err(format!("not a valid URL `{current}`: {reason}"))
            .with_help("give an http:// or https:// URL, or the path of a file"),
        ureq::Error::Http(reason) => io_err(format!("not a valid URL `{current}`: {reason}"))
            .with_help("give an http:// or https:// URL, or the path of a file"),
        ureq::Error::HostNotFound => io_err(format!(
            "cannot resolve the host `{}`: it has no address",
            host(current)
        ))
        .with_help("check the host name, and the network and DNS settings"),
        ureq::Error::Io(e) if is_lookup_error(&e) => {
            io_err(format!("cannot resolve the host `{}`: {e}", host(current)))
                .with_help("check the host name, and the network and DNS settings")
        }
        ureq::Error::Io(e) if e.kind() == io::ErrorKind::ConnectionRefused => io_err(format!(
            "cannot connect to `{}`: connection refused",
            host_port(current)
        ))
        .with_help(connect_help),
        ureq::Error::Io(e) if is_connect_error(&e) => {
            io_err(format!("cannot connect to `{}`: {e}", host_port(current)))
                .with_help(connect_help)
        }
        ureq::Error::ConnectionFailed => {
            io_err(format!("cannot connect to `{}`", host_port(current))).with_help(connect_help)
        }
        ureq::Error::Timeout(ureq::Timeout::Resolve) => io_err(format!(
            "cannot resolve the host `{}`: no answer within {} (connect-timeout)",
            host(current),
            seconds(options.connect_timeout)
        ))
        .with_help("raise it with --connect-timeout SECS"),
        ureq::Error::Timeout(ureq::Timeout::Connect) => io_err(format!(
            "cannot connect to `{}`: no connection within {} (connect-timeout)",
            host_port(current),
            seconds(options.connect_timeout)
        ))
        .with_help("raise it with --connect-timeout SECS"),
        ureq::Error::Timeout(ureq::Timeout::PerRead) => io_err(format!(
            "no answer from `{}`: nothing received for {} (read-timeout)",
            host_port(current),
            seconds(options.read_timeout)
        ))
        .with_help("raise it with --read-timeout SECS"),
        e => transfer_error(url, current, e, "the request"),
    }
}

/// An error while reading the response body of `current`.
fn body_error(url: &str, current: &str, e: ureq::Error, options: &HttpOptions) -> LoadError {
    match e {
        ureq::Error::BodyExceedsLimit(limit) => over_limit(
            url,
            format!(
                "the response is over the limit of {limit} bytes (max-file-size); stopped reading"
            ),
        ),
        ureq::Error::Timeout(ureq::Timeout::PerRead) => LoadError::new(
            LoadErrorKind::Io,
            url,
            format!(
                "`{}` stopped sending the response: nothing received for {} (read-timeout)",
                host_port(current),
                seconds(options.read_timeout)
            ),
        )
        .with_help("raise it with --read-timeout SECS"),
        e => transfer_error(url, current, e, "reading the response"),
    }
}

/// Errors of either phase that need no special words.
fn transfer_error(url: &str, current: &str, e: ureq::Error, doing: &str) -> LoadError {
    let where_ = host_port(current);
    let message = match e {
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::UnexpectedEof => {
                format!("{doing} failed: `{where_}` closed the connection early")
            }
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                format!("{doing} failed: `{where_}` reset the connection")
            }
            // rustls reports a failed handshake or a bad record as invalid data.
            io::ErrorKind::InvalidData if is_https(current) => {
                format!("{doing} failed: TLS with `{where_}`: {e}")
            }
            _ => format!("{doing} failed: {e}"),
        },
        ureq::Error::Protocol(e) => {
            format!("{doing} failed: `{where_}` did not answer valid HTTP/1.1 ({e})")
        }
        ureq::Error::Tls(e) => format!("{doing} failed: TLS with `{where_}`: {e}"),
        ureq::Error::Rustls(e) => format!("{doing} failed: TLS with `{where_}`: {e}"),
        ureq::Error::Pem(e) => format!("{doing} failed: TLS with `{where_}`: {e}"),
        ureq::Error::LargeResponseHeader(size, limit) => format!(
            "{doing} failed: `{where_}` sent response headers of over {limit} bytes ({size})"
        ),
        ureq::Error::Decompress(encoding, e) => {
            format!("{doing} failed: the {encoding} response body does not decompress: {e}")
        }
        ureq::Error::Timeout(t) => format!("{doing} failed: timeout ({t})"),
        e => format!("{doing} failed: {e}"),
    };
    LoadError::new(LoadErrorKind::Io, url, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_urls_are_accepted() {
        assert!(check_url("http://example.com/spec.yaml").is_ok());
        assert!(check_url("HTTPS://example.com:8443/a?b#/c").is_ok());
        let (message, _) = check_url("ftp://example.com/spec.yaml").unwrap_err();
        assert_eq!(
            message,
            "unsupported URL scheme `ftp`: only http:// and https:// URLs can be fetched"
        );
        let (message, _) = check_url("file:///etc/passwd").unwrap_err();
        assert!(message.contains("`file`"), "{message}");
        let (message, _) = check_url("example.com/spec.yaml").unwrap_err();
        assert!(message.starts_with("not a URL"), "{message}");
        let (message, _) = check_url("http://exa mple.com/").unwrap_err();
        assert!(message.starts_with("not a valid URL"), "{message}");
        let (message, _) = check_url("http:///path").unwrap_err();
        assert!(message.starts_with("not a valid URL"), "{message}");
    }

    #[test]
    fn scheme_follows_rfc_3986() {
        assert_eq!(scheme("https://x"), Some("https"));
        assert_eq!(scheme("svn+ssh://x"), Some("svn+ssh"));
        assert_eq!(scheme("/a:b"), None);
        assert_eq!(scheme("1http://x"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("no-colon"), None);
    }

    #[test]
    fn locations_resolve_against_the_current_url() {
        let base = "http://h:8/a/b/c.yaml?q=1#frag";
        for (reference, expected) in [
            ("https://other/x", "https://other/x"),
            ("file:///etc/passwd", "file:///etc/passwd"),
            ("//other/x", "http://other/x"),
            ("/x/y", "http://h:8/x/y"),
            ("d.yaml", "http://h:8/a/b/d.yaml"),
            ("./d.yaml", "http://h:8/a/b/d.yaml"),
            ("../d.yaml", "http://h:8/a/d.yaml"),
            ("../../../../d.yaml", "http://h:8/d.yaml"),
            ("..", "http://h:8/a/"),
            ("d?x=2", "http://h:8/a/b/d?x=2"),
            ("?x=2", "http://h:8/a/b/c.yaml?x=2"),
            ("#g", "http://h:8/a/b/c.yaml?q=1#g"),
            ("", "http://h:8/a/b/c.yaml?q=1"),
            ("/x/./y/../z", "http://h:8/x/z"),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
        assert_eq!(resolve("http://h", "x"), "http://h/x");
        assert_eq!(resolve("http://h?q", "x"), "http://h/x");
        assert_eq!(resolve("http://h", "?q"), "http://h/?q");
    }

    #[test]
    fn dot_segments_are_removed() {
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("/../a"), "/a");
        assert_eq!(remove_dot_segments("/a/."), "/a/");
        assert_eq!(remove_dot_segments("/"), "/");
    }

    #[test]
    fn errors_name_what_was_asked_and_the_flag() {
        let options = HttpOptions::default();
        let url = "https://example.com/spec.yaml";
        let err = |e| request_error(url, "https://api.example.com/v2.yaml", e, &options);
        let e = err(ureq::Error::Timeout(ureq::Timeout::Connect));
        assert_eq!(e.kind, LoadErrorKind::Io);
        assert_eq!(e.file, url);
        assert_eq!(
            e.message,
            "cannot connect to `api.example.com:443`: no connection within 10 s (connect-timeout)"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("raise it with --connect-timeout SECS")
        );
        let e = err(ureq::Error::Timeout(ureq::Timeout::Resolve));
        assert_eq!(
            e.message,
            "cannot resolve the host `api.example.com`: no answer within 10 s (connect-timeout)"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("raise it with --connect-timeout SECS")
        );
        let e = err(ureq::Error::Timeout(ureq::Timeout::PerRead));
        assert_eq!(
            e.message,
            "no answer from `api.example.com:443`: nothing received for 30 s (read-timeout)"
        );
        assert_eq!(e.help.as_deref(), Some("raise it with --read-timeout SECS"));
        let e = err(ureq::Error::HostNotFound);
        assert_eq!(
            e.message,
            "cannot resolve the host `api.example.com`: it has no address"
        );
        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(
            err(ureq::Error::Io(lookup)).message,
            "cannot resolve the host `api.example.com`: failed to lookup address information: \
             Name or service not known"
        );
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert_eq!(
            err(ureq::Error::Io(reset)).message,
            "the request failed: `api.example.com:443` reset the connection"
        );
        let e = body_error(url, url, ureq::Error::BodyExceedsLimit(7), &options);
        assert_eq!(e.kind, LoadErrorKind::Limit);
        assert_eq!(
            e.help.as_deref(),
            Some("raise it with --max-file-size BYTES")
        );
    }

    #[test]
    fn helpers_for_messages() {
        assert_eq!(seconds(Duration::from_millis(300)), "0.3 s");
        assert_eq!(seconds(Duration::from_secs(10)), "10 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(host_port("https://example.com/x"), "example.com:443");
        assert_eq!(host_port("http://example.com/x"), "example.com:80");
        assert_eq!(host_port("http://127.0.0.1:9/x"), "127.0.0.1:9");
        assert_eq!(host("http://example.com:9/x"), "example.com");
        assert_eq!(strip_fragment("http://h/a#b#c"), "http://h/a");
        assert_eq!(
            status_line(StatusCode::NOT_FOUND),
            "HTTP 404 Not Found".to_string()
        );
        assert_eq!(status_line(StatusCode::from_u16(599).unwrap()), "HTTP 599");
        assert_eq!(
            USER_AGENT,
            format!("apidelta/{}", env!("CARGO_PKG_VERSION"))
        );
    }
}
