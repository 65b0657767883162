//! Reading files from a git revision with the `git` binary (`REV:path` inputs, `history
//! --git`). Nothing is checked out: blobs are read with `git cat-file`, so a spec and the
//! files its `$ref`s name come from the same commit.

#![allow(clippy::result_large_err)]

use super::{LoadError, LoadErrorKind};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One commit of a repository.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The repository's top-level directory.
    pub toplevel: PathBuf,
    /// The revision as the user wrote it (`origin/main`).
    pub asked: String,
    /// The full commit id it names.
    pub commit: String,
    /// Where the directory it was opened from sits in the repository (`specs/`, or empty
    /// at the top): what `./` in `REV:./path` means.
    pub prefix: String,
}

/// What a path names in a revision.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry {
    File,
    /// A symbolic link, with its target as stored.
    Symlink(String),
    Directory,
}

fn git(repo: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run `git`: {e}"))
}

fn stdout_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

fn stderr_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The top-level directory of the repository containing `dir`, and `dir`'s path inside it
/// (`specs/`, or empty at the top).
pub fn toplevel(dir: &Path, asked: &str) -> Result<(PathBuf, String), LoadError> {
    let fail = |message: String| LoadError::new(LoadErrorKind::Io, asked, message);
    let out = git(dir, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(fail)?;
    if !out.status.success() {
        let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        return Err(fail(format!(
            "{} is not inside a git repository, so `{asked}` cannot be read from git",
            shown.display(),
        ))
        .with_help(if asked.starts_with("--") {
            "run apidelta inside the repository".to_string()
        } else {
            format!(
                "run apidelta inside the repository or name it with --repo DIR (and if `{asked}` is a file name: no such file exists)"
            )
        }));
    }
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = text.lines();
    let top = lines.next().unwrap_or_default();
    let prefix = lines.next().unwrap_or_default();
    Ok((PathBuf::from(top), prefix.to_string()))
}

impl Revision {
    /// The commit `rev` names in the repository containing `dir`.
    pub fn open(dir: &Path, rev: &str, asked: &str) -> Result<Revision, LoadError> {
        let (toplevel, prefix) = toplevel(dir, asked)?;
        let out = git(
            &toplevel,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|m| LoadError::new(LoadErrorKind::Io, asked, m))?;
        if !out.status.success() {
            return Err(LoadError::new(
                LoadErrorKind::Io,
                asked,
                format!(
                    "unknown revision `{rev}` in the git repository {}",
                    toplevel.display()
                ),
            )
            .with_help("name a branch, tag or commit that exists there (`git log --oneline` lists commits)"));
        }
        Ok(Revision {
            toplevel,
            asked: rev.to_string(),
            commit: stdout_line(&out),
            prefix,
        })
    }

    /// The short commit id, for names shown to people.
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(10)]
    }

    /// What `path` (relative to the top level, `/`-separated) names, or `None` when nothing.
    pub fn entry(&self, path: &str) -> Option<Entry> {
        let out = git(
            &self.toplevel,
            &["ls-tree", "-z", "--full-tree", &self.commit, "--", path],
        )
        .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        // `<mode> <type> <object>\t<path>`; the path must match exactly (ls-tree also lists
        // a directory's children when given `dir/`).
        let line = text
            .split('\0')
            .find(|l| l.split_once('\t').is_some_and(|(_, p)| p == path))?;
        let mode = line.split(' ').next()?;
        Some(match mode {
            "040000" => Entry::Directory,
            "120000" => Entry::Symlink(String::from_utf8_lossy(&self.blob(path).ok()?).into()),
            _ => Entry::File,
        })
    }

    /// The bytes of the file at `path`.
    pub fn blob(&self, path: &str) -> Result<Vec<u8>, String> {
        let spec = format!("{}:{path}", self.commit);
        let out = git(&self.toplevel, &["cat-file", "blob", &spec])?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(stderr_line(&out))
        }
    }

    /// The size in bytes of the file at `path`, read before the file itself.
    pub fn size(&self, path: &str) -> Option<u64> {
        let spec = format!("{}:{path}", self.commit);
        let out = git(&self.toplevel, &["cat-file", "-s", &spec]).ok()?;
        stdout_line(&out).parse().ok()
    }

    /// The names in directory `dir` (relative to the top level; empty for the top).
    pub fn list(&self, dir: &str) -> Vec<String> {
        let tree = if dir.is_empty() {
            self.commit.clone()
        } else {
            format!("{}:{dir}", self.commit)
        };
        match git(&self.toplevel, &["ls-tree", "-z", "--name-only", &tree]) {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
                .split('\0')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// One commit that changed a file, as `git log --follow` reports it.
#[derive(Debug, Clone)]
pub struct FileCommit {
    pub commit: String,
    /// The file's path (relative to the top level) in that commit: renames are followed.
    pub path: String,
    /// Committer date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
}

/// The commits that changed `path` (relative to the current directory inside `dir`'s
/// repository), oldest first, renames followed. `since` keeps the commits after that
/// revision; `max` keeps the newest `max`.
pub fn file_log(
    dir: &Path,
    path: &str,
    since: Option<&str>,
    max: Option<usize>,
) -> Result<(PathBuf, Vec<FileCommit>), LoadError> {
    let asked = format!("--git {path}");
    let (top, prefix) = toplevel(dir, &asked)?;
    let fail = |m: String| LoadError::new(LoadErrorKind::Io, asked.as_str(), m);
    let full = super::lexical_path(&format!("{prefix}{path}")).ok_or_else(|| {
        fail(format!(
            "`{path}` is outside the git repository {}",
            top.display()
        ))
    })?;
    let range;
    let mut args = vec![
        "log",
        "--follow",
        "--name-only",
        "--format=%x00%H%x09%cs%x09%s",
        "-z",
    ];
    if let Some(since) = since {
        Revision::open(&top, since, &asked)?;
        range = format!("{since}..HEAD");
        args.push(&range);
    }
    args.extend(["--", &full]);
    let out = git(&top, &args).map_err(fail)?;
    if !out.status.success() {
        return Err(fail(format!("git log failed: {}", stderr_line(&out))));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // Records are `\0<hash>\t<date>\t<subject>\n<path>\0` (the path after `--name-only`).
    let mut commits = Vec::new();
    let mut fields = text.split('\0').filter(|s| !s.trim().is_empty());
    while let Some(header) = fields.next() {
        let mut parts = header.trim_start_matches('\n').splitn(3, '\t');
        let (Some(hash), Some(date), subject) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let subject = subject.unwrap_or_default();
        // With `-z` the subject line ends in a newline followed by the path.
        let (subject, inline_path) = match subject.split_once('\n') {
            Some((s, p)) => (s, Some(p.trim())),
            None => (subject, None),
        };
        let file = match inline_path.filter(|p| !p.is_empty()) {
            Some(p) => p.to_string(),
            None => fields.next().unwrap_or_default().trim().to_string(),
        };
        commits.push(FileCommit {
            commit: hash.to_string(),
            path: file,
            date: date.to_string(),
            subject: subject.to_string(),
        });
    }
    if commits.is_empty() && since.is_none() {
        return Err(fail(format!(
            "no commit in {} touches `{full}`",
            top.display()
        ))
        .with_help("give the spec's path relative to the current directory, as `git log` would take it"));
    }
    commits.reverse();
    if let Some(max) = max {
        let skip = commits.len().saturating_sub(max);
        commits.drain(..skip);
    }
    Ok((top, commits))
}
