//! `llmlint check`: diagnostics, output formats, suppression comments, selection.
