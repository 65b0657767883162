//! The command line: clap definitions, one file per command. Commands return an exit code;
//! errors are printed here, never as a panic.

mod defang;
mod deprecations;
mod diff;
mod findings;
mod history;
mod impact;
mod rules;
mod schema;

use crate::load::{Input, LoadError, LoadOptions};
use crate::model::Api;
use crate::report::json_stream::Document;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

/// Stack of the threads that load, normalize and compare: reserved, not committed, so the
/// memory is only used if recursion goes that deep (nested but within limits specs, long
/// `$ref` chains).
pub const STACK_SIZE: usize = 512 * 1024 * 1024;

/// Exit codes of DESIGN §3.
pub mod exit {
    pub const OK: u8 = 0;
    pub const THRESHOLD: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INPUT: u8 = 3;
    pub const CONFIG: u8 = 4;
}

#[derive(Parser)]
#[command(
    name = "apidelta",
    version,
    about = "Compare successive OpenAPI descriptions and say what changed",
    long_about = "Compare successive OpenAPI (Swagger 2.0, OpenAPI 3.0, 3.1, 3.2) descriptions of an \
                  API and say what changed.\n\nExit codes: 0 ok, 1 a --fail-on threshold was reached, \
                  2 usage error, 3 an input could not be loaded, 4 configuration error."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Every structural change between two descriptions, documentation included.
    Diff(diff::DiffArgs),
    /// Breaking and potentially-breaking findings only.
    Breaking(findings::FindingsArgs),
    /// Every classified finding, with migration notes.
    Changelog(findings::FindingsArgs),
    /// The version bump the changes require against the one `info.version` declares.
    Semver(findings::FindingsArgs),
    /// Which fields, and which of your mapped fields, a change touches.
    Impact(impact::ImpactArgs),
    /// The changelog across successive versions: files, a directory, a glob, or the
    /// commits of a git repository that changed a file.
    History(history::HistoryArgs),
    /// The deprecation ledger of one description: what is deprecated, since when, its
    /// sunset, days left, and what is overdue.
    Deprecations(deprecations::DeprecationsArgs),
    /// List the rules, or explain one.
    Rules(rules::RulesArgs),
    /// The JSON Schema of the JSON outputs.
    Schema(schema::SchemaArgs),
}

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How inputs are read, and the safety limits that apply to them.
#[derive(Args, Clone)]
pub struct LoadArgs {
    /// Directory that file `$ref`s may read from (default: the spec's own directory).
    #[arg(long, value_name = "DIR")]
    ref_root: Option<PathBuf>,
    /// Largest file accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::Limits::default().max_file_bytes)]
    max_file_size: usize,
    /// Deepest nesting accepted in a document.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_depth)]
    max_depth: usize,
    /// Most YAML aliases accepted in a document (alias bombs).
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_aliases)]
    max_aliases: usize,
    /// Most events YAML aliases may replay in a document (alias bombs).
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_alias_events)]
    max_alias_events: usize,
    /// Longest chain of `$ref` to `$ref` accepted.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_ref_chain)]
    max_ref_chain: usize,
    /// Treat a `$ref` that cannot be followed (missing, outside --ref-root, or remote) as a
    /// warning instead of an error, for vendor specs that ship dangling references. Such
    /// files are still never read.
    #[arg(long)]
    allow_unresolved_refs: bool,
    /// Most files a spec may reference.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_documents)]
    max_documents: usize,
    /// Most operations read inside callbacks, summed over a spec (callback bombs).
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_callback_operations)]
    max_callback_operations: usize,
    /// Fetch `$ref`s that are URLs, and the relative `$ref`s of a spec read from a URL
    /// (off by default: a partner spec must not make apidelta fetch URLs).
    #[arg(long)]
    allow_remote_refs: bool,
    /// The git repository `REV:path` inputs are read from (default: the current directory's).
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Seconds to wait for a connection to a URL input.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    connect_timeout: f64,
    /// Seconds to wait for data from a URL input.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    read_timeout: f64,
    /// Most HTTP redirects followed for a URL input.
    #[arg(long, value_name = "N", default_value_t = crate::load::http::HttpOptions::default().max_redirects)]
    max_redirects: u32,
}

impl LoadArgs {
    fn options(&self) -> LoadOptions {
        let limits = crate::load::Limits {
            max_file_bytes: self.max_file_size,
            max_depth: self.max_depth,
            max_aliases: self.max_aliases,
            max_alias_events: self.max_alias_events,
            max_ref_chain: self.max_ref_chain,
            max_documents: self.max_documents,
            max_callback_operations: self.max_callback_operations,
        };
        let seconds = |s: f64| std::time::Duration::from_secs_f64(s.clamp(0.001, 86_400.0));
        LoadOptions {
            limits,
            ref_root: self.ref_root.clone(),
            allow_unresolved_refs: self.allow_unresolved_refs,
            allow_remote_refs: self.allow_remote_refs,
            http: crate::load::http::HttpOptions {
                connect_timeout: seconds(self.connect_timeout),
                read_timeout: seconds(self.read_timeout),
                max_bytes: self.max_file_size,
                max_redirects: self.max_redirects,
            },
        }
    }
}

/// A loaded and normalized input.
pub struct Loaded {
    pub source: String,
    pub docs: crate::load::DocumentSet,
    pub api: Api,
}

/// Loads and normalizes one input argument.
pub fn load_input(arg: &str, args: &LoadArgs) -> Result<Loaded, LoadError> {
    load_input_gated(arg, args, None)
}

fn load_input_gated(
    arg: &str,
    args: &LoadArgs,
    yaml_gate: Option<&Mutex<()>>,
) -> Result<Loaded, LoadError> {
    let input = Input::parse(arg, args.repo.as_deref())?;
    // A URL is shown without its credentials.
    load_gated(&input.name(), &input, args, yaml_gate)
}

/// Loads and normalizes an input, shown as `source` in reports.
pub fn load_parsed(source: &str, input: &Input, args: &LoadArgs) -> Result<Loaded, LoadError> {
    load_gated(source, input, args, None)
}

/// [`load_parsed`]; with a gate, a YAML spec is normalized only while no other YAML spec
/// holding the same gate is (see [`load_pair`]).
fn load_gated(
    source: &str,
    input: &Input,
    args: &LoadArgs,
    yaml_gate: Option<&Mutex<()>>,
) -> Result<Loaded, LoadError> {
    let mut docs = crate::load::load(input, &args.options())?;
    let options = crate::normalize::NormalizeOptions {
        allow_unresolved_refs: args.allow_unresolved_refs,
    };
    let is_yaml = docs.document(docs.root()).syntax == crate::load::Syntax::Yaml;
    // A poisoned gate only means the other side panicked; the lock still orders the two.
    let turn = yaml_gate
        .filter(|_| is_yaml)
        .map(|gate| gate.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    let normalized = crate::normalize::normalize_with(&docs, options)?;
    for warning in &normalized.warnings {
        print_warning(&warning.to_string());
    }
    let api = normalized.api;
    docs.release_trees();
    drop(turn);
    Ok(Loaded {
        source: source.to_string(),
        docs,
        api,
    })
}

/// `--as-of DATE`: `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<crate::rules::lifecycle::Date, String> {
    crate::rules::lifecycle::Date::parse(s)
        .ok_or_else(|| format!("`{s}` is not a date; expected YYYY-MM-DD"))
}

/// Loads the two sides of a comparison; at most one of them may be stdin.
pub fn load_pair(
    base: &str,
    revision: &str,
    args: &LoadArgs,
) -> Result<(Loaded, Loaded), CliError> {
    if base == "-" && revision == "-" {
        return Err(CliError::Usage(
            "only one of BASE and REVISION can be read from standard input".into(),
        ));
    }
    // The two sides load on two threads: a comparison costs one load instead of two. The
    // base's error, if both fail, is the one reported, as it would be one after the other.
    //
    // Two YAML sides normalize one after the other, though. Parsing YAML is most of its
    // load (88 of 104 ms per openai spec), and the parses still overlap; normalizing both at
    // once saved ~10 ms but held both trees and both models at once: openai's peak RSS was
    // 28-33 MB instead of 27-30 MB. For JSON, normalizing is most of the load (Kubernetes:
    // 19 of 25 ms), so JSON sides keep overlapping.
    let yaml_gate = Mutex::new(());
    std::thread::scope(|scope| {
        let base = std::thread::Builder::new()
            .name("apidelta-base".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || load_input_gated(base, args, Some(&yaml_gate)))
            .map_err(|e| CliError::Output(format!("cannot start a thread: {e}")))?;
        let revision = load_input_gated(revision, args, Some(&yaml_gate));
        let base = base
            .join()
            .map_err(|_| CliError::Output("the loading thread failed".into()))?;
        Ok((base?, revision?))
    })
}

impl Loaded {
    /// This input as a report shows it.
    pub fn side(&self) -> crate::report::Side<'_> {
        crate::report::Side {
            source: self.source.clone(),
            docs: &self.docs,
            api: &self.api,
        }
    }
}

/// A report ready to be written.
pub enum Rendered<'a> {
    /// For people: colour stripped unless wanted, control characters made visible.
    Text(String),
    /// A machine format (YAML, SARIF) that escapes what it must itself: written byte for byte.
    Data(String),
    /// Written as it is built.
    Json(Document<'a>),
}

/// Where a report goes, and whether text is coloured.
#[derive(Args)]
pub struct OutputArgs {
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t)]
    color: ColorChoice,
}

impl OutputArgs {
    /// Writes the report (see [`emit`]).
    pub fn emit(&self, report: &str) -> Result<(), CliError> {
        emit(report, self.output.as_ref(), self.color).map_err(CliError::Output)
    }

    /// Writes a machine-readable report byte for byte: no colour to strip, and escaping its
    /// control characters again would make it invalid (`\x7f` is no JSON escape).
    pub fn emit_data(&self, data: &str) -> Result<(), CliError> {
        write_bytes(self.output.as_ref(), |out| out.write_all(data.as_bytes()))
            .map_err(CliError::Output)
    }

    /// Writes a rendered report: text with [`emit`], JSON with [`emit_json`].
    pub fn emit_rendered(&self, report: Rendered) -> Result<(), CliError> {
        match report {
            Rendered::Text(text) => self.emit(&text),
            Rendered::Data(data) => self.emit_data(&data),
            Rendered::Json(document) => {
                emit_json(&document, self.output.as_ref()).map_err(CliError::Output)
            }
        }
    }

    /// A text report wrapped to the terminal's width, when it goes to one.
    pub fn wrap(&self, text: String) -> String {
        match terminal_width(self.output.as_ref()) {
            Some(width) => crate::report::text::wrap(&text, width),
            None => text,
        }
    }
}

/// The width text reports wrap to: the terminal's, when standard output is one.
fn terminal_width(output: Option<&PathBuf>) -> Option<usize> {
    if output.is_some() {
        return None;
    }
    terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
}

/// Writes `text` to `--output FILE` or stdout; colour is stripped unless wanted, and a spec's
/// control characters are made visible (see [`defang`]).
pub fn emit(text: &str, output: Option<&PathBuf>, color: ColorChoice) -> Result<(), String> {
    use std::io::Write;
    let text = defang::defang(text);
    match output {
        Some(path) => {
            let plain = anstream::adapter::strip_str(&text).to_string();
            std::fs::write(path, plain).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut out = anstream::AutoStream::new(std::io::stdout().lock(), stream_choice(color));
            stdout_result(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
        }
    }
}

/// A report's JSON value as YAML text (`--format yaml` is the JSON document in YAML).
fn yaml_text(json: serde_json::Result<serde_json::Value>) -> Result<String, CliError> {
    let json = json.map_err(|e| CliError::Output(e.to_string()))?;
    serde_saphyr::to_string(&json).map_err(|e| CliError::Output(e.to_string()))
}

/// Writes a JSON report to `--output FILE` or stdout while the report is built: it is never
/// held whole, as a `Value` or as text. Unlike text it goes out byte for byte: JSON has no
/// colour to strip (serde_json escapes control characters), and stripping would drop the DEL
/// characters a description may hold (and cost a pass over every byte).
pub fn emit_json(report: &Document, output: Option<&PathBuf>) -> Result<(), String> {
    write_bytes(output, |out| {
        report.write_pretty(&mut *out).map_err(std::io::Error::from)
    })
}

/// Runs `write` on `--output FILE` or stdout, buffered, with nothing stripped or escaped.
fn write_bytes(
    output: Option<&PathBuf>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), String> {
    use std::io::{BufWriter, Write};
    let write = |out: &mut dyn Write| write(&mut *out).and_then(|()| out.flush());
    match output {
        Some(path) => std::fs::File::create(path)
            .and_then(|file| write(&mut BufWriter::new(file)))
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => stdout_result(write(&mut BufWriter::new(std::io::stdout().lock()))),
    }
}

fn stream_choice(color: ColorChoice) -> anstream::ColorChoice {
    match color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    }
}

/// The outcome of writing to standard output.
fn stdout_result(written: std::io::Result<()>) -> Result<(), String> {
    match written {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

fn print_warning(message: &str) {
    let style = anstyle::AnsiColor::Yellow.on_default().bold();
    let mut err = anstream::stderr();
    let _ = std::io::Write::write_fmt(
        &mut err,
        format_args!("{style}warning{style:#}: {}\n", defang::defang(message)),
    );
}

fn print_error(message: &str) {
    let style = anstyle::AnsiColor::Red.on_default().bold();
    let mut err = anstream::stderr();
    let message = defang::defang(message);
    let _ = std::io::Write::write_fmt(&mut err, format_args!("{style}error{style:#}: {message}\n"));
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let result = match cli.command {
        Command::Diff(args) => diff::run(&args),
        Command::Breaking(args) => findings::run(&args, findings::Mode::Breaking),
        Command::Changelog(args) => findings::run(&args, findings::Mode::Changelog),
        Command::Semver(args) => findings::run(&args, findings::Mode::Semver),
        Command::Impact(args) => impact::run(&args),
        Command::History(args) => history::run(&args),
        Command::Deprecations(args) => deprecations::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Schema(args) => schema::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError::Input(e)) => {
            print_error(&e.to_string());
            ExitCode::from(exit::INPUT)
        }
        Err(CliError::Output(message)) => {
            print_error(&message);
            ExitCode::from(exit::INPUT)
        }
        Err(CliError::Config(message)) => {
            print_error(&message);
            ExitCode::from(exit::CONFIG)
        }
        Err(CliError::Usage(message)) => {
            print_error(&message);
            ExitCode::from(exit::USAGE)
        }
    }
}

pub enum CliError {
    Input(LoadError),
    Output(String),
    Usage(String),
    /// A configuration file (such as a mapping file) is invalid: exit 4.
    Config(String),
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> Self {
        CliError::Input(e)
    }
}
