//! Snapshots of every output format on three real partner pairs (copied into
//! tests/fixtures/real, see its LICENSES.md), so any change to what users see is reviewed.

use assert_cmd::Command;

const PAIRS: &[(&str, &str)] = &[
    ("adyen-binlookup", "json"),
    ("netlify", "yaml"),
    ("twilio-numbers-v1", "json"),
];

fn output(args: &[&str]) -> String {
    let out = Command::cargo_bin("apidelta")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_OUTPUT")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        // The version would churn every snapshot on each release.
        .replace(env!("CARGO_PKG_VERSION"), "<version>")
}

#[test]
fn every_format_on_real_pairs() {
    for (api, ext) in PAIRS {
        let base = format!("tests/fixtures/real/{api}/base.{ext}");
        let revision = format!("tests/fixtures/real/{api}/revision.{ext}");
        for format in ["text", "json"] {
            let snapshot = output(&["diff", "--format", format, &base, &revision]);
            insta::assert_snapshot!(format!("{api}__diff_{format}"), snapshot);
        }
        for format in [
            "text", "json", "yaml", "markdown", "github", "junit", "sarif",
        ] {
            let snapshot = output(&[
                "changelog",
                "--as-of",
                "2026-11-28",
                "--format",
                format,
                &base,
                &revision,
            ]);
            insta::assert_snapshot!(format!("{api}__changelog_{format}"), snapshot);
        }
    }
}
