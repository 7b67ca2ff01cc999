//! The server's log: one line per event on stderr (stdout carries the protocol), filtered by
//! `--log-level` (or `LLMLINT_LOG`).

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Level {
    Off,
    Error,
    Warn,
    Info,
    Debug,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Info as u8);

pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

pub fn enabled(level: Level) -> bool {
    level != Level::Off && level as u8 <= LEVEL.load(Ordering::Relaxed)
}

fn write(level: Level, tag: &str, msg: &str) {
    if enabled(level) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "llmlint server {tag}: {msg}");
    }
}

pub fn error(msg: &str) {
    write(Level::Error, "error", msg);
}
pub fn warn(msg: &str) {
    write(Level::Warn, "warning", msg);
}
pub fn info(msg: &str) {
    write(Level::Info, "info", msg);
}
pub fn debug(msg: &str) {
    write(Level::Debug, "debug", msg);
}
