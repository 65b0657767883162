//! The HTML report in a real browser: headless Chromium renders the findings with no console
//! errors, the level filter script runs, and a screenshot is taken. CI installs Chromium
//! (`.ci/run`); elsewhere the test skips with a message when it is missing.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// Runs headless Chromium on `page` with the flags this sandbox needs (no network, no
/// profile reuse); returns (stdout, stderr).
fn headless(browser: &Path, profile: &Path, extra: &[&str], page: &Path) -> (String, String) {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The DOM of `page` after its script ran, checked for console errors.
fn rendered_dom(browser: &Path, profile: &Path, page: &Path) -> String {
    let (dom, log) = headless(browser, profile, &["--dump-dom"], page);
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the script ran:\n{dom}\n{log}"
    );
    for bad in [
        "Uncaught",
        "ERROR:CONSOLE",
        "SyntaxError",
        "ReferenceError",
        "TypeError",
    ] {
        assert!(!log.contains(bad), "console error `{bad}`:\n{log}");
    }
    dom
}

/// The browser, or `None` (with a message) where it is missing; CI must have it.
fn browser_or_skip() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (see .ci/run)"
        );
        eprintln!("skipped: no chromium on PATH (apt-get install chromium)");
    }
    browser
}

/// Runs `apidelta ARGS --format html` into `page`.
fn write_page(page: &Path, args: &[&str]) {
    Command::cargo_bin("apidelta")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--format", "html", "--as-of", "2026-11-28", "--output"])
        .arg(page)
        .assert()
        .success();
}

#[test]
fn history_page_renders_in_chromium() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("history.html");
    write_page(&page, &["history", "tests/fixtures/deprecations/history"]);
    let dom = rendered_dom(&browser, &dir.path().join("profile"), &page);
    assert_eq!(dom.matches("<section class=\"step\"").count(), 2);
    assert!(dom.contains("id=\"step-2\""));
    assert!(dom.matches("class=\"finding ").count() > 2);
}

#[test]
fn html_report_renders_in_chromium() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    write_page(
        &page,
        &[
            "changelog",
            "specs/petstore-v1.yaml",
            "specs/petstore-v2.yaml",
        ],
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network fetches"
    );

    let dom = rendered_dom(&browser, &dir.path().join("profile"), &page);
    assert_eq!(
        dom.matches("class=\"finding ").count(),
        13,
        "every finding is rendered"
    );
    assert!(dom.contains("new-required-request-parameter"));
    assert!(dom.contains("What to do:"));

    let shot = dir.path().join("report.png");
    let screenshot = format!("--screenshot={}", shot.display());
    headless(
        &browser,
        &dir.path().join("profile2"),
        &[&screenshot, "--window-size=1200,1400"],
        &page,
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-report.png");
    let _ = std::fs::write(keep, png);
}
