//! Positions of JSON pointers in source text (filled in by the loader work).

use super::Syntax;

pub fn locate(_text: &str, _syntax: Syntax, _pointer: &str) -> Option<(usize, usize)> {
    None
}
