//! apidelta: compare successive OpenAPI descriptions of an API and say what changed.
//!
//! The pipeline runs one way: [`load`] (text to JSON trees, `$ref`s found and bounded) →
//! [`normalize`] (any spec version to one [`model::Api`]) → [`diff`] (structural
//! [`diff::Change`] facts) → [`report`] (formats). Each stage reads only the previous stage's
//! output.

pub mod cli;
pub mod diff;
pub mod history;
pub mod impact;
pub mod ledger;
pub mod load;
pub mod model;
pub mod normalize;
pub mod report;
pub mod rules;
