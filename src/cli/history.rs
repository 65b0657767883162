//! `history`: the changelog across successive versions. Each version is loaded once and
//! used for both of its steps, the next one loading while the last two are compared; at most
//! three are in memory at a time (all of them with `--sort version`, which needs every
//! `info.version` before the first step).

use super::findings::{ClassifyArgs, FailOn, classify_pair};
use super::{CliError, LoadArgs, Loaded, Rendered, exit, load_parsed};
use crate::history::{Version, version_cmp};
use crate::report::findings::FindingsReport;
use crate::report::history::{History, StepInfo, VersionInfo};
use crate::rules::Summary;
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum SortBy {
    /// By file name, numbers compared as numbers (git walks: by commit order).
    #[default]
    Name,
    /// By `info.version`, read as a semantic version where it is one.
    Version,
}

/// Which versions, in which order: shared by `history` and `deprecations --history`.
#[derive(Args)]
pub struct HistoryInputs {
    /// The versions, oldest first: files, directories (their .yaml, .yml and .json
    /// files), globs, URLs or `REV:path`.
    #[arg(
        value_name = "SPEC",
        required_unless_present = "git",
        conflicts_with = "git"
    )]
    pub specs: Vec<String>,
    /// Walk the commits that changed this file, oldest first, following renames (a path
    /// relative to the current directory, or to --repo).
    #[arg(long, value_name = "PATH")]
    pub git: Option<String>,
    /// With --git: only the commits after this revision.
    #[arg(long, value_name = "REV", requires = "git")]
    pub since: Option<String>,
    /// Keep only the newest N versions.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(2..))]
    pub max: Option<u64>,
    /// Order of the versions.
    #[arg(long, value_enum, default_value_t)]
    pub sort: SortBy,
    /// Skip a version that cannot be loaded (with a warning) instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
}

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Yaml,
    Markdown,
    Html,
}

#[derive(Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    inputs: HistoryInputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    out: super::OutputArgs,
    /// Exit with code 1 when any step has a finding at this level or above.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    #[command(flatten)]
    classify: ClassifyArgs,
    #[command(flatten)]
    load: LoadArgs,
}

impl HistoryInputs {
    /// The versions to walk, before `--sort version` (which needs them loaded).
    pub fn versions(&self, load: &LoadArgs) -> Result<Vec<Version>, CliError> {
        let mut versions = match &self.git {
            Some(path) => {
                let dir = load.repo.clone().unwrap_or_else(|| PathBuf::from("."));
                // `--max` is applied below, after sorting.
                crate::history::from_git(&dir, path, self.since.as_deref(), None)?
            }
            None => crate::history::from_paths(&self.specs, load.repo.as_deref())?,
        };
        if let (SortBy::Name, Some(max)) = (self.sort, self.max) {
            let skip = versions.len().saturating_sub(max as usize);
            versions.drain(..skip);
        }
        Ok(versions)
    }

    /// Loads every version once, in order, and calls `visit` with each loaded version and
    /// the one before it. Returns how many versions were visited, and the newest.
    pub fn walk(
        &self,
        load: &LoadArgs,
        mut visit: impl FnMut(&Version, &Loaded, Option<(&Version, &Loaded)>) -> Result<(), CliError>,
    ) -> Result<(usize, Option<(Version, Loaded)>), CliError> {
        let versions = self.versions(load)?;
        let mut progress = Progress::new(versions.len());
        let load_one = |v: &Version, progress: &mut Progress| -> Result<Option<Loaded>, CliError> {
            progress.show(&v.source);
            match load_parsed(&v.source, &v.input, load) {
                Ok(loaded) => Ok(Some(loaded)),
                Err(e) if self.skip_invalid => {
                    progress.clear();
                    super::print_warning(&format!("skipped: {e}"));
                    Ok(None)
                }
                Err(e) => {
                    progress.clear();
                    Err(e.into())
                }
            }
        };
        let mut count = 0;
        if self.sort == SortBy::Version {
            let mut loaded = Vec::new();
            for v in versions {
                if let Some(l) = load_one(&v, &mut progress)? {
                    loaded.push((v, l));
                }
            }
            // Stable: versions with equal `info.version` keep their name order.
            loaded.sort_by(|(_, a), (_, b)| {
                version_cmp(
                    a.api.info.version.as_deref().unwrap_or(""),
                    b.api.info.version.as_deref().unwrap_or(""),
                )
            });
            if let Some(max) = self.max {
                let skip = loaded.len().saturating_sub(max as usize);
                loaded.drain(..skip);
            }
            for i in 0..loaded.len() {
                let previous = i.checked_sub(1).map(|p| (&loaded[p].0, &loaded[p].1));
                visit(&loaded[i].0, &loaded[i].1, previous)?;
                count += 1;
            }
            progress.clear();
            Ok((count, loaded.pop()))
        } else {
            // The next version loads on a second thread while this one compares the last
            // two: the walk costs about max(load, compare) per step instead of their sum.
            // The channel holds one version, so at most three are in memory.
            let (sender, receiver) = std::sync::mpsc::sync_channel(1);
            std::thread::scope(|scope| {
                let loader = std::thread::Builder::new()
                    .name("apidelta-history".into())
                    .stack_size(super::STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        for v in versions {
                            let loaded = load_one(&v, &mut progress).map(|l| l.map(|l| (v, l)));
                            let stop = loaded.is_err();
                            // A closed channel: the walk stopped on an error of its own.
                            if sender.send(loaded).is_err() || stop {
                                break;
                            }
                        }
                        progress.clear();
                    })
                    .map_err(|e| CliError::Output(format!("cannot start a thread: {e}")))?;
                let mut previous: Option<(Version, Loaded)> = None;
                for next in receiver.iter() {
                    let Some((v, current)) = next? else {
                        continue;
                    };
                    visit(&v, &current, previous.as_ref().map(|(pv, pl)| (pv, pl)))?;
                    count += 1;
                    previous = Some((v, current));
                }
                drop(receiver);
                loader
                    .join()
                    .map_err(|_| CliError::Output("the loading thread failed".into()))?;
                Ok((count, previous))
            })
        }
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
struct Progress {
    total: usize,
    done: usize,
    enabled: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: 0,
            enabled: total > 2 && std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, what: &str) {
        self.done += 1;
        if !self.enabled {
            return;
        }
        const WIDTH: usize = 24;
        let filled = WIDTH * self.done / self.total.max(1);
        let name: String = what.chars().take(50).collect();
        let name = super::defang::defang(&name);
        eprint!(
            "\r\x1b[K[{}{}] {}/{} {name}",
            "=".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.done,
            self.total
        );
    }

    fn clear(&mut self) {
        if self.enabled {
            eprint!("\r\x1b[K");
        }
    }
}

fn version_info(v: &Version, loaded: &Loaded) -> VersionInfo {
    VersionInfo {
        side: crate::report::json::side_json(&loaded.side()),
        source: v.source.clone(),
        version: loaded.api.info.version.clone(),
        commit: v.commit.clone(),
    }
}

pub fn run(args: &HistoryArgs) -> Result<u8, CliError> {
    let options = args.classify.options();
    let mut versions: Vec<VersionInfo> = Vec::new();
    let mut steps: Vec<StepInfo> = Vec::new();
    let mut rendered_steps = Vec::new();
    let mut reached = false;
    let (visited, newest) = args.inputs.walk(&args.load, |v, current, previous| {
        versions.push(version_info(v, current));
        let Some((_, before)) = previous else {
            return Ok(());
        };
        let diff = crate::diff::diff(&before.api, &current.api);
        let (findings, semver) = classify_pair(&diff, &before.api, &current.api, &options);
        let report = FindingsReport {
            base: before.side(),
            revision: current.side(),
            findings: &findings,
            summary: Summary::of(&findings),
            semver: &semver,
        };
        reached |= args
            .fail_on
            .is_some_and(|t| findings.iter().any(|f| f.level <= t.level()));
        let n = versions.len();
        steps.push(StepInfo::of(n - 2, n - 1, &report));
        rendered_steps.push(match args.format {
            Format::Json | Format::Yaml => crate::report::history::step_json(&report)
                .map_err(|e| CliError::Output(e.to_string()))?,
            Format::Text => crate::report::findings::findings_text(&report),
            Format::Markdown => crate::report::history::step_markdown(&report),
            Format::Html => crate::report::history::step_html(&report),
        });
        Ok(())
    })?;
    if visited < 2 {
        return Err(CliError::Usage(format!(
            "history needs at least two versions to compare; found {visited}"
        )));
    }
    let history = History {
        versions,
        steps,
        rendered: rendered_steps,
    };
    let rendered = match args.format {
        Format::Json => Rendered::Data(crate::report::history::history_json(history)),
        Format::Yaml => {
            let json = crate::report::history::history_json(history);
            Rendered::Data(super::yaml_text(serde_json::from_str(&json))?)
        }
        Format::Text => {
            let out = crate::report::history::history_text(history);
            Rendered::Text(args.out.wrap(out))
        }
        Format::Markdown => Rendered::Text(crate::report::history::history_markdown(history)),
        Format::Html => Rendered::Text(crate::report::history::history_html(history)),
    };
    args.out.emit_rendered(rendered)?;
    // The process ends right after this; see `diff::run`.
    std::mem::forget(newest);
    Ok(if reached { exit::THRESHOLD } else { exit::OK })
}
