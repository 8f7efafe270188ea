//! A protocol trace of what the client sent: the command lines, never a password.
//!
//! Tests count the commands of a sync from it (e.g. "no FETCH when nothing changed");
//! `werkbank-cli mail sync --trace` prints it for the helpdesk. Only command lines are
//! kept: literal payloads (message bytes of an APPEND) and anything after `LOGIN` or
//! `AUTHENTICATE` are left out.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The longest command line kept; long UID sets are cut, which is enough to count.
const MAX_LINE: usize = 240;

/// Shared record of the command lines one or more connections sent.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Trace {
    pub fn new() -> Trace {
        Trace::default()
    }

    /// The command lines so far, without their tags (`UID FETCH 1:* (FLAGS)`).
    pub fn commands(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The commands whose name (after an optional `UID `) is `name`, e.g. `FETCH`.
    pub fn count(&self, name: &str) -> usize {
        self.commands()
            .iter()
            .filter(|line| command_name(line).eq_ignore_ascii_case(name))
            .count()
    }

    pub fn clear(&self) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    fn push(&self, line: String) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

/// `SELECT`, `FETCH` (for `UID FETCH`), `STORE`, …
pub fn command_name(line: &str) -> &str {
    let mut words = line.split_ascii_whitespace();
    match words.next() {
        Some(w) if w.eq_ignore_ascii_case("UID") => words.next().unwrap_or(""),
        Some(w) => w,
        None => "",
    }
}

/// Wraps a connection and records each command line written through it.
#[derive(Debug)]
pub struct TracedStream<S> {
    inner: S,
    trace: Option<Trace>,
    /// The bytes of the line being written; `None` while inside a literal payload.
    pending: Vec<u8>,
    /// Bytes of a literal still to skip (`{123}` announced them).
    literal_left: usize,
}

impl<S> TracedStream<S> {
    pub fn new(inner: S, trace: Option<Trace>) -> TracedStream<S> {
        TracedStream {
            inner,
            trace,
            pending: Vec::new(),
            literal_left: 0,
        }
    }

    fn record(&mut self, mut bytes: &[u8]) {
        let Some(trace) = &self.trace else {
            return;
        };
        while !bytes.is_empty() {
            if self.literal_left > 0 {
                let skip = self.literal_left.min(bytes.len());
                self.literal_left -= skip;
                bytes = &bytes[skip..];
                continue;
            }
            match bytes.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    self.pending.extend_from_slice(&bytes[..end]);
                    bytes = &bytes[end + 1..];
                    let line = String::from_utf8_lossy(&self.pending)
                        .trim_end()
                        .to_string();
                    self.pending.clear();
                    self.literal_left = literal_length(&line);
                    if let Some(line) = redact(&line) {
                        trace.push(line);
                    }
                }
                None => {
                    self.pending.extend_from_slice(bytes);
                    bytes = &[];
                }
            }
        }
    }
}

/// `… {123}` or `… {123+}` at the end of a line announces 123 bytes of literal.
fn literal_length(line: &str) -> usize {
    let Some(open) = line.rfind('{') else {
        return 0;
    };
    if !line.ends_with('}') {
        return 0;
    }
    line[open + 1..line.len() - 1]
        .trim_end_matches('+')
        .parse()
        .unwrap_or(0)
}

/// Drops the tag, cuts long lines and hides credentials. Continuation lines of a
/// command (after a literal) and SASL responses carry no tag and are not commands.
fn redact(line: &str) -> Option<String> {
    let (tag, rest) = line.split_once(' ')?;
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    if !rest.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let name = command_name(rest);
    if name.eq_ignore_ascii_case("LOGIN") || name.eq_ignore_ascii_case("AUTHENTICATE") {
        return Some(format!("{name} <redacted>"));
    }
    let mut end = rest.len().min(MAX_LINE);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Some(rest[..end].to_string())
}

impl<S: AsyncRead + Unpin> AsyncRead for TracedStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TracedStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(written)) = &poll {
            let written = *written;
            self.record(&buf[..written]);
        }
        poll
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traced(bytes: &[&[u8]]) -> Vec<String> {
        let trace = Trace::new();
        let mut stream = TracedStream::new((), Some(trace.clone()));
        for chunk in bytes {
            stream.record(chunk);
        }
        trace.commands()
    }

    #[test]
    fn records_commands_without_tags_and_hides_logins() {
        let lines = traced(&[
            b"A1 LOGIN alice secret\r\n",
            b"A2 SEL",
            b"ECT INBOX (QRESYNC (1 2))\r\nA3 UID FETCH 1:* (FLAGS)\r\n",
        ]);
        assert_eq!(
            lines,
            [
                "LOGIN <redacted>",
                "SELECT INBOX (QRESYNC (1 2))",
                "UID FETCH 1:* (FLAGS)"
            ]
        );
        assert!(!lines.concat().contains("secret"));
    }

    #[test]
    fn skips_literal_payloads() {
        let lines = traced(&[
            b"A1 APPEND INBOX {12}\r\n",
            b"A9 FETCH x\r\n",
            b"\r\nA2 NOOP\r\n",
        ]);
        assert_eq!(lines, ["APPEND INBOX {12}", "NOOP"]);
    }

    #[test]
    fn counts_by_command_name() {
        let trace = Trace::new();
        let mut stream = TracedStream::new((), Some(trace.clone()));
        stream.record(b"a SELECT INBOX\r\nb UID FETCH 1 (FLAGS)\r\nc FETCH 1 (UID)\r\n");
        assert_eq!(trace.count("FETCH"), 2);
        assert_eq!(trace.count("select"), 1);
        assert_eq!(trace.count("STORE"), 0);
    }
}
