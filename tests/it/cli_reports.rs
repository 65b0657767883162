//! Reports for pull requests and CI: the markdown comment and GitHub annotations.

use assert_cmd::Command;
use std::path::Path;

fn apidelta() -> Command {
    let mut cmd = Command::cargo_bin("apidelta").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("GITHUB_OUTPUT")
        .env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

const V1: &str = "specs/petstore-v1.yaml";
const V2: &str = "specs/petstore-v2.yaml";

fn stdout(args: &[&str]) -> String {
    let out = apidelta().args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn markdown_comment_leads_with_the_verdict_and_breaking_changes() {
    let md = stdout(&[
        "changelog",
        "--format",
        "markdown",
        "--as-of",
        "2026-11-28",
        V1,
        V2,
    ]);
    assert!(md.starts_with("<!-- apidelta -->\n"), "{md}");
    assert!(md.contains(":x: **3 breaking changes**"), "{md}");
    assert!(md.contains("| breaking | 3 |"), "{md}");
    assert!(
        md.contains("**Semver:** declared minor (1.4.0 → 1.5.0), requires major: under-bumped"),
        "{md}"
    );
    // Breaking findings come first, grouped by operation, with what to do.
    let breaking = md.find("### Breaking changes").unwrap();
    let folded = md.find("<details>").unwrap();
    assert!(breaking < folded);
    assert!(md.contains("#### `GET /pets`"), "{md}");
    assert!(
        md.contains("_What to do:_ Send the new required parameter `header.X-Tenant`"),
        "{md}"
    );
    assert!(
        md.contains("<summary>Potentially breaking (2)</summary>"),
        "{md}"
    );
    assert!(md.len() < 65_000);
}

#[test]
fn markdown_says_when_nothing_changed() {
    let md = stdout(&["breaking", "--format", "markdown", V1, V1]);
    assert!(md.contains("No API changes."), "{md}");
    assert!(!md.contains("<details>"), "{md}");
}

/// A partner release with thousands of findings still fits in one comment, and says what it
/// left out.
#[test]
fn markdown_is_truncated_below_the_comment_limit() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |suffix: &str| {
        let mut paths = String::new();
        for i in 0..1500 {
            paths.push_str(&format!(
                "  /things{i}{suffix}:\n    get:\n      operationId: getThing{i}\n      responses: {{'200': {{description: ok}}}}\n"
            ));
        }
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1.0.0'}}\npaths:\n{paths}")
    };
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(&a, spec("")).unwrap();
    std::fs::write(&b, spec("/v2")).unwrap();
    let out = apidelta()
        .args(["changelog", "--format", "markdown"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.chars().count() <= 65_000,
        "{} characters",
        md.chars().count()
    );
    assert!(md.contains("> **Truncated:**"), "no truncation notice");
    assert!(md.contains("did not fit in a comment"));
    assert!(md.trim_end().ends_with("</sub>"), "the footer survives");
}

#[test]
fn github_annotations_point_at_file_line_and_column() {
    let out = stdout(&["breaking", "--format", "github", V1, V2]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.iter().any(|l| {
            l.starts_with(
        "::error file=specs/petstore-v2.yaml,line=22,col=13,title=request-parameter-max-decreased::"
    )
        }),
        "{out}"
    );
    // A removal points at the base file, where the element still is.
    assert!(lines.iter().any(|l| l.starts_with(
        "::warning file=specs/petstore-v1.yaml,line=144,col=9,title=response-optional-property-removed::"
    )), "{out}");
    // Multi-line messages are escaped, one annotation per line.
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("::"))
            .all(|l| !l.contains('\r'))
    );
    assert!(
        out.contains("%0A"),
        "the migration note follows on the next annotation line"
    );
}

#[test]
fn github_outputs_and_step_summary_are_written_when_set() {
    let dir = tempfile::tempdir().unwrap();
    let (output, summary) = (dir.path().join("out"), dir.path().join("summary.md"));
    std::fs::write(&output, "earlier=1\n").unwrap();
    let status = apidelta()
        .args([
            "breaking",
            "--format",
            "github",
            "--fail-on",
            "breaking",
            V1,
            V2,
        ])
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let outputs = std::fs::read_to_string(&output).unwrap();
    assert!(
        outputs.starts_with("earlier=1\n"),
        "appended, not overwritten"
    );
    assert!(outputs.contains("breaking=3\n"), "{outputs}");
    assert!(
        outputs.contains("semver_verdict=under-bumped\n"),
        "{outputs}"
    );
    let md = std::fs::read_to_string(Path::new(&summary)).unwrap();
    assert!(md.contains("<!-- apidelta -->"), "{md}");
}

/// On a terminal, text wraps to its width (checked through a pseudo-terminal from `script`).
#[test]
fn text_wraps_to_the_terminal_width() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to provide a pseudo-terminal");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("apidelta");
    let command = format!(
        "stty rows 40 cols 60; {} changelog --color never {V1} {V2}",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(text.contains("Breaking (3)"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "{line:?}");
    }
}

/// On a terminal text is coloured, unless NO_COLOR is set or `--color never` is given.
#[test]
fn colour_on_a_terminal_honours_no_color() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to provide a pseudo-terminal");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("apidelta");
    let run = |prefix: &str, flags: &str| {
        let command = format!(
            "stty rows 40 cols 200; {prefix} {} breaking {flags} {V1} {V2}",
            bin.display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR")
            .env("TERM", "xterm-256color")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run("", "").contains("\u{1b}["), "coloured on a terminal");
    assert!(
        !run("NO_COLOR=1", "").contains("\u{1b}["),
        "NO_COLOR turns colour off"
    );
    assert!(
        !run("", "--color never").contains("\u{1b}["),
        "--color never turns colour off"
    );
}
