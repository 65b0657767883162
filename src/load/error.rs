//! Load errors: what went wrong, in which file, at which line and column.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet, normalize_untrusted_str};
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

impl LoadErrorKind {
    /// A `$ref` apidelta cannot or will not follow: missing, outside the allowed directory,
    /// or remote. `--allow-unresolved-refs` turns these into warnings; the file is never read.
    pub fn is_unfollowable_ref(self) -> bool {
        matches!(
            self,
            LoadErrorKind::UnresolvedRef | LoadErrorKind::RefOutsideRoot | LoadErrorKind::RemoteRef
        )
    }
}

/// A load error with its position. `Display` renders `file:line:col: message`, then (with
/// `annotate-snippets`, plain text) the source line with a caret under the column where one
/// is known, then a help line:
///
/// ```text
/// spec.yaml:4:3: invalid YAML: duplicate key `c` in the same mapping
///   |
/// 4 |   c: 2
///   |   ^
///   |
///   = help: remove one of the two, or rename it
/// ```
#[derive(Debug, Clone)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub file: String,
    /// 1-based line and column (in characters), when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// The offending source line, shown under the message. A long line (minified JSON) is
    /// cut to a window around the column; see `source_line_column`.
    pub source_line: Option<String>,
    /// The 1-based column, in the full line, of `source_line`'s first character (1 unless
    /// the line was cut).
    pub source_line_column: usize,
    pub help: Option<String>,
}

/// Characters of a long source line kept before and after the column.
const BEFORE: usize = 60;
const AFTER: usize = 100;

impl LoadError {
    pub fn new(kind: LoadErrorKind, file: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError {
            kind,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            source_line_column: 1,
            help: None,
        }
    }

    /// Sets the position and picks the source line out of `text`.
    pub fn at(mut self, text: Option<&str>, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = None;
        self.source_line_column = 1;
        let Some(full) = text.and_then(|t| t.split('\n').nth(line.saturating_sub(1))) else {
            return self;
        };
        let mut full = full.strip_suffix('\r').unwrap_or(full);
        if line == 1 {
            full = full.strip_prefix('\u{feff}').unwrap_or(full);
        }
        if full.len() <= BEFORE + AFTER {
            self.source_line = Some(full.to_string());
            return self;
        }
        let first = column.saturating_sub(1).saturating_sub(BEFORE);
        self.source_line = Some(full.chars().skip(first).take(BEFORE + AFTER).collect());
        self.source_line_column = first + 1;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = match (self.line, self.column) {
            (Some(line), Some(col)) => format!("{}:{line}:{col}: {}", self.file, self.message),
            _ => format!("{}: {}", self.file, self.message),
        };
        // File names and messages quote the spec: no control characters reach a terminal.
        f.write_str(&normalize_untrusted_str(&head))?;
        let mut group = Group::with_level(Level::ERROR);
        let mut shown = false;
        if let (Some(src), Some(line), Some(col)) = (&self.source_line, self.line, self.column) {
            let cut = self.source_line_column > 1;
            let source = if cut {
                format!("...{src}")
            } else {
                src.clone()
            };
            let caret = col.saturating_sub(self.source_line_column) + if cut { 3 } else { 0 };
            let start = source
                .char_indices()
                .nth(caret)
                .map_or(source.len(), |(i, _)| i);
            let end = source[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            group = group.element(
                Snippet::source(source)
                    .line_start(line)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
            shown = true;
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
            shown = true;
        }
        if shown {
            write!(f, "\n{}", Renderer::plain().render(&[group]))?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_without_position_or_help() {
        let err = LoadError::new(LoadErrorKind::Io, "a.yaml", "cannot read the file: gone");
        assert_eq!(err.to_string(), "a.yaml: cannot read the file: gone");
        let err = err.with_help("check the path");
        assert_eq!(
            err.to_string(),
            "a.yaml: cannot read the file: gone\n = help: check the path"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let err = LoadError::new(LoadErrorKind::Syntax, "min.json", "bad").at(Some(&line), 1, 5001);
        assert_eq!(err.source_line_column, 5001 - BEFORE);
        assert_eq!(
            err.source_line.as_deref().map(|l| l.chars().count()),
            Some(BEFORE + AFTER)
        );
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "min.json:1:5001: bad");
        // The caret sits under the X, wherever the renderer puts the cut line.
        let source = lines.iter().find(|l| l.contains('X')).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        assert_eq!(source.find('X'), caret.find('^'), "{shown}");
    }

    #[test]
    fn the_source_line_comes_without_bom_or_carriage_return() {
        let err =
            LoadError::new(LoadErrorKind::Syntax, "a", "m").at(Some("\u{feff}a: 1\r\nb"), 1, 1);
        assert_eq!(err.source_line.as_deref(), Some("a: 1"));
        let err = LoadError::new(LoadErrorKind::Syntax, "a", "m").at(Some("x"), 9, 1);
        assert_eq!((err.line, err.source_line), (Some(9), None));
    }
}
