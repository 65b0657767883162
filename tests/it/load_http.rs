//! `load::http::fetch` against a tiny HTTP/1.1 server run inside the test: canned answers,
//! no network beyond 127.0.0.1.

use crate::common;
use apidelta::load::LoadErrorKind;
use apidelta::load::http::{HttpOptions, fetch};

use common::http_server::{Reply, Server, redirect, response, serve};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn options() -> HttpOptions {
    HttpOptions {
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(5),
        max_bytes: 1 << 20,
        max_redirects: 5,
    }
}

const SPEC: &str = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths: {}\n";

#[test]
fn a_200_answer_gives_the_body_text_and_the_request_says_who_asks() {
    let server = serve(|path| match path {
        "/spec.yaml" => response(
            "200 OK",
            &[("Content-Type", "application/yaml")],
            SPEC.as_bytes(),
        ),
        _ => response("404 Not Found", &[], b""),
    });
    let text = fetch(&server.url("/spec.yaml"), &options()).unwrap();
    assert_eq!(text, SPEC);
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let head = requests[0].to_ascii_lowercase();
    assert!(head.starts_with("get /spec.yaml http/1.1\r\n"), "{head}");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        head.contains(&format!("\r\nuser-agent: apidelta/{version}\r\n")),
        "{head}"
    );
    assert!(
        head.contains("\r\naccept: application/yaml, application/json;q=0.9, */*;q=0.8\r\n"),
        "{head}"
    );
}

#[test]
fn a_fragment_is_not_sent() {
    let server = serve(|_| response("200 OK", &[], b"a: 1\n"));
    let text = fetch(&server.url("/s.yaml#/components"), &options()).unwrap();
    assert_eq!(text, "a: 1\n");
    assert!(server.requests()[0].starts_with("GET /s.yaml HTTP/1.1\r\n"));
}

#[test]
fn a_404_names_the_status_and_the_url() {
    let server = serve(|_| response("404 Not Found", &[], b"no such spec"));
    let url = server.url("/missing.yaml");
    let err = fetch(&url, &options()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(err.file, url);
    assert_eq!(err.message, "the server answered HTTP 404 Not Found");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{url}: the server answered HTTP 404 Not Found")),
        "{shown}"
    );
    assert!(!shown.contains("no such spec"), "{shown}");
}

#[test]
fn a_500_after_a_redirect_names_the_url_that_failed() {
    let server = serve(|path| match path {
        "/old" => redirect("301 Moved Permanently", "/new"),
        _ => response("500 Internal Server Error", &[], b"oops"),
    });
    let err = fetch(&server.url("/old"), &options()).unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "the server answered HTTP 500 Internal Server Error for `{}` (after 1 redirect)",
            server.url("/new")
        )
    );
}

/// /r3 → /r2 → /dir/r1 → /dir/spec.yaml, with absolute, absolute-path and relative
/// `Location`s.
fn redirect_chain() -> Server {
    let server_base: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let base = Arc::clone(&server_base);
    let server = serve(move |path| match path {
        "/r3" => redirect("302 Found", &format!("{}/r2", base.lock().unwrap())),
        "/r2" => redirect("307 Temporary Redirect", "/dir/r1"),
        "/dir/r1" => redirect("308 Permanent Redirect", "spec.yaml?v=2"),
        "/dir/spec.yaml?v=2" => response("200 OK", &[], SPEC.as_bytes()),
        _ => response("404 Not Found", &[], b""),
    });
    *server_base.lock().unwrap() = server.base.clone();
    server
}

#[test]
fn a_redirect_chain_within_the_limit_is_followed() {
    let server = redirect_chain();
    let options = HttpOptions {
        max_redirects: 3,
        ..options()
    };
    assert_eq!(fetch(&server.url("/r3"), &options).unwrap(), SPEC);
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.split(' ').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(paths, ["/r3", "/r2", "/dir/r1", "/dir/spec.yaml?v=2"]);
}

#[test]
fn a_redirect_chain_over_the_limit_is_refused() {
    let server = redirect_chain();
    let options = HttpOptions {
        max_redirects: 2,
        ..options()
    };
    let url = server.url("/r3");
    let err = fetch(&url, &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(err.file, url);
    assert_eq!(
        err.message,
        format!(
            "too many redirects: gave up after 2 (max-redirects); `{}` redirects again, to `{}`",
            server.url("/dir/r1"),
            server.url("/dir/spec.yaml?v=2")
        )
    );
    assert!(
        err.to_string().contains("--max-redirects N"),
        "{}",
        err.to_string()
    );
    // The third redirect was not followed.
    assert_eq!(server.requests().len(), 3);

    let none = HttpOptions {
        max_redirects: 0,
        ..options
    };
    let err = fetch(&url, &none).unwrap_err();
    assert!(
        err.message
            .starts_with("too many redirects: gave up after 0 (max-redirects)"),
        "{}",
        err.message
    );
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let server = serve(|_| redirect("302 Found", "file:///etc/passwd"));
    let url = server.url("/spec.yaml");
    let err = fetch(&url, &options()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(
        err.message,
        format!(
            "redirect refused: `{url}` redirects to `file:///etc/passwd`, which is not an \
             http:// or https:// URL"
        )
    );
    assert!(!err.to_string().contains("root:"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_redirect_without_location_is_an_error() {
    let server = serve(|_| response("302 Found", &[], b""));
    let url = server.url("/a");
    let err = fetch(&url, &options()).unwrap_err();
    assert_eq!(
        err.message,
        format!("`{url}` answered HTTP 302 Found without a Location header")
    );
}

#[test]
fn a_silent_server_hits_the_read_timeout_quickly() {
    let server = serve(|_| Reply::Stall(Vec::new(), Duration::from_secs(10)));
    let options = HttpOptions {
        read_timeout: Duration::from_millis(300),
        ..options()
    };
    let start = Instant::now();
    let err = fetch(&server.url("/slow.yaml"), &options).unwrap_err();
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(250), "took {elapsed:?}");
    assert_eq!(err.kind, LoadErrorKind::Io);
    let addr = server.base.trim_start_matches("http://");
    assert_eq!(
        err.message,
        format!("no answer from `{addr}`: nothing received for 0.3 s (read-timeout)")
    );
    assert!(
        err.to_string().contains("--read-timeout SECS"),
        "{}",
        err.to_string()
    );
}

#[test]
fn a_server_that_stops_in_the_body_hits_the_read_timeout() {
    let server = serve(|_| {
        Reply::Stall(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nopenapi: 3".to_vec(),
            Duration::from_secs(10),
        )
    });
    let options = HttpOptions {
        read_timeout: Duration::from_millis(300),
        ..options()
    };
    let start = Instant::now();
    let err = fetch(&server.url("/slow.yaml"), &options).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(3));
    assert!(
        err.message
            .ends_with("stopped sending the response: nothing received for 0.3 s (read-timeout)"),
        "{}",
        err.message
    );
    assert!(err.to_string().contains("--read-timeout SECS"));
}

#[test]
fn a_body_over_the_limit_is_refused_by_its_content_length() {
    let server = serve(|_| response("200 OK", &[], &[b'a'; 2000]));
    let options = HttpOptions {
        max_bytes: 1000,
        ..options()
    };
    let err = fetch(&server.url("/big.yaml"), &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the server announces 2000 bytes, over the limit of 1000 bytes (max-file-size)"
    );
    assert!(err.to_string().contains("--max-file-size BYTES"));
}

#[test]
fn a_body_at_the_limit_is_accepted() {
    let server = serve(|path| {
        let body = "a".repeat(1000);
        if path == "/chunked" {
            Reply::Bytes(
                format!(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n{body}\r\n0\r\n\r\n"
                )
                .into_bytes(),
            )
        } else {
            response("200 OK", &[], body.as_bytes())
        }
    });
    let options = HttpOptions {
        max_bytes: 1000,
        ..options()
    };
    assert_eq!(fetch(&server.url("/"), &options).unwrap().len(), 1000);
    assert_eq!(
        fetch(&server.url("/chunked"), &options).unwrap().len(),
        1000
    );
}

#[test]
fn a_long_chunked_body_is_cut_at_the_limit() {
    let server = serve(|_| {
        Reply::ManyChunks(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec())
    });
    let options = HttpOptions {
        max_bytes: 10_000,
        ..options()
    };
    let start = Instant::now();
    let err = fetch(&server.url("/long.yaml"), &options).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(3));
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert_eq!(
        err.message,
        "the response is over the limit of 10000 bytes (max-file-size); stopped reading"
    );
    assert!(err.to_string().contains("--max-file-size BYTES"));
}

#[test]
fn a_body_without_length_is_cut_at_the_limit() {
    // Neither Content-Length nor chunked: the body ends when the connection closes.
    let server = serve(|_| {
        let mut bytes = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 5000));
        Reply::Bytes(bytes)
    });
    let options = HttpOptions {
        max_bytes: 4999,
        ..options()
    };
    let err = fetch(&server.url("/"), &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Limit);
    assert!(
        err.message.contains("limit of 4999 bytes"),
        "{}",
        err.message
    );
}

#[test]
fn a_refused_connection_names_host_and_port() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/spec.yaml");
    let err = fetch(&url, &options()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(err.file, url);
    assert_eq!(
        err.message,
        format!("cannot connect to `127.0.0.1:{port}`: connection refused")
    );
}

#[test]
fn an_unknown_host_is_a_lookup_error() {
    // `.invalid` never resolves (RFC 6761); without DNS at all, the lookup fails too.
    let options = HttpOptions {
        connect_timeout: Duration::from_secs(3),
        ..options()
    };
    let err = fetch("http://no-such-host.apidelta.invalid/spec.yaml", &options).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert!(
        err.message
            .starts_with("cannot resolve the host `no-such-host.apidelta.invalid`: "),
        "{}",
        err.message
    );
}

#[test]
fn a_body_that_is_not_utf8_is_refused() {
    let server = serve(|_| response("200 OK", &[], b"openapi: 3.0.0\ninfo: \xff\n"));
    let url = server.url("/latin1.yaml");
    let err = fetch(&url, &options()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert_eq!(err.file, url);
    assert_eq!(
        err.message,
        "the file is not UTF-8 text: byte 0xFF at offset 21 is not valid UTF-8"
    );
    assert_eq!((err.line, err.column), (Some(2), Some(7)));
}

#[test]
fn only_http_and_https_are_fetched() {
    let err = fetch("ftp://example.com/spec.yaml", &options()).unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Io);
    assert_eq!(err.file, "ftp://example.com/spec.yaml");
    assert_eq!(
        err.message,
        "unsupported URL scheme `ftp`: only http:// and https:// URLs can be fetched"
    );
    let err = fetch("not a url", &options()).unwrap_err();
    assert_eq!(err.message, "not a URL: it has no scheme such as https://");
    let err = fetch("http://", &options()).unwrap_err();
    assert!(
        err.message.starts_with("not a valid URL"),
        "{}",
        err.message
    );
}

#[test]
fn https_to_a_plain_http_server_is_a_tls_error() {
    let server = serve(|_| response("400 Bad Request", &[], b""));
    let url = server.url("/spec.yaml").replacen("http://", "https://", 1);
    let start = Instant::now();
    let err = fetch(&url, &options()).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(4));
    assert_eq!(err.kind, LoadErrorKind::Io);
    let addr = server.base.trim_start_matches("http://");
    assert!(
        err.message
            .starts_with(&format!("the request failed: TLS with `{addr}`: ")),
        "{}",
        err.message
    );
}
