//! Load errors: what went wrong, in which file, at which line and column.

use std::fmt;

/// What kind of problem stopped loading; tests and callers match on this, people read the
/// message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// The text is not valid YAML or JSON (or has a duplicate key).
    Syntax,
    /// The document is not an OpenAPI or Swagger description.
    NotOpenApi,
    /// An OpenAPI or Swagger version apidelta does not read.
    UnsupportedVersion,
    /// A `$ref` points at nothing.
    UnresolvedRef,
    /// A `$ref` leaves the directory the spec may read from.
    RefOutsideRoot,
    /// A `$ref` to a URL, which is refused by default.
    RemoteRef,
    /// A safety limit was exceeded.
    Limit,
    /// The document is OpenAPI but a member has the wrong shape.
    Invalid,
}

/// A load error with its position. `Display` renders `file:line:col: message`, then the
/// source line with a caret where one is known, then a help line.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub file: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The offending source line, shown under the message.
    pub source_line: Option<String>,
    pub help: Option<String>,
}

impl LoadError {
    pub fn new(kind: LoadErrorKind, file: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError {
            kind,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            help: None,
        }
    }

    /// Sets the position and picks the source line out of `text`.
    pub fn at(mut self, text: Option<&str>, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = text
            .and_then(|t| t.lines().nth(line.saturating_sub(1)))
            .map(|l| l.chars().take(240).collect());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(col)) = (self.line, self.column) {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(src), Some(line), Some(col)) = (&self.source_line, self.line, self.column) {
            let gutter = line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret_pad: String = src
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{gutter} | {src}\n{pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}
