//! JSON-RPC over stdio with `Content-Length` framing, tolerant of bad input: a frame that is
//! not JSON, or JSON that is not a JSON-RPC message, becomes an `Invalid` item (answered with
//! an error by the server) and the stream goes on. lsp-server's own stdio transport stops
//! reading at the first malformed message, which would leave the editor without a server.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::Message;
use serde_json::Value;

/// JSON-RPC error codes.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;
pub const METHOD_NOT_FOUND: i32 = -32601;
pub const INVALID_PARAMS: i32 = -32602;
pub const INTERNAL_ERROR: i32 = -32603;
pub const SERVER_NOT_INITIALIZED: i32 = -32002;

/// A frame larger than this is skipped unread (no editor sends a 256 MB message).
const MAX_FRAME: usize = 256 * 1024 * 1024;

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that could not be understood; `id` is the request id when one could be read.
    Invalid {
        id: Value,
        code: i32,
        message: String,
    },
}

/// Read frames from `input` until it ends, sending each to `tx`.
pub fn spawn_reader<R: BufRead + Send + 'static>(
    mut input: R,
    tx: Sender<Incoming>,
) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("llmlint-lsp-reader".into())
        .spawn(move || {
            loop {
                match read_frame(&mut input) {
                    Ok(Some(body)) => {
                        if tx.send(parse_frame(&body)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        crate::server::log::error(&format!("reading the client's input: {e}"));
                        return;
                    }
                }
            }
        })
}

/// Write each message of `rx` to `output` as one frame, until the channel closes.
pub fn spawn_writer<W: Write + Send + 'static>(
    mut output: W,
    rx: Receiver<String>,
) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("llmlint-lsp-writer".into())
        .spawn(move || {
            for text in rx {
                let res = write!(output, "Content-Length: {}\r\n\r\n", text.len())
                    .and_then(|()| output.write_all(text.as_bytes()))
                    .and_then(|()| output.flush());
                if let Err(e) = res {
                    crate::server::log::error(&format!("writing to the client: {e}"));
                    return;
                }
            }
        })
}

/// One frame's body. Header lines other than `Content-Length` are ignored, and so is any
/// line that is not a header (junk between frames); `Ok(None)` at the end of the input.
pub fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok();
                if length.is_none() {
                    crate::server::log::warn(&format!("ignoring a bad header: {text:?}"));
                }
            }
            Some(_) => {}
            None => {
                crate::server::log::warn(&format!("ignoring input that is not a header: {text:?}"))
            }
        }
    }
    let length = length.unwrap_or(0);
    if length > MAX_FRAME {
        crate::server::log::warn(&format!("skipping a frame of {length} bytes"));
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Vec::new()));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

/// A frame's body as a message, or why it is not one.
pub fn parse_frame(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Invalid {
                id: Value::Null,
                code: PARSE_ERROR,
                message: format!("parse error: {e}"),
            };
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    if !value.is_object() {
        return Incoming::Invalid {
            id: Value::Null,
            code: INVALID_REQUEST,
            message: "invalid request: a message must be a JSON object".into(),
        };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Invalid {
            id,
            code: INVALID_REQUEST,
            message: format!("invalid request: {e}"),
        },
    }
}

/// A message as the JSON text of one frame.
pub fn encode(message: &Message) -> String {
    let mut v = serde_json::to_value(message).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("jsonrpc".into(), Value::String("2.0".into()));
    }
    v.to_string()
}

/// An error response to a message that could not be read as one (`id` may be null).
pub fn error_response(id: Value, code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Incoming> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Some(body) = read_frame(&mut r).unwrap() {
            out.push(parse_frame(&body));
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn junk_between_frames_is_skipped_and_bad_bodies_are_reported() {
        let input = format!(
            "hello there\r\n\r\n{}{}{}{}",
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            frame("[1,2]"),
        );
        let got = frames(&input);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(
            matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown")
        );
        assert!(matches!(
            &got[1],
            Incoming::Invalid {
                code: PARSE_ERROR,
                id: Value::Null,
                ..
            }
        ));
        assert!(
            matches!(&got[2], Incoming::Invalid { code: INVALID_REQUEST, id, .. } if id == 7),
            "{:?}",
            got[2]
        );
        assert!(matches!(
            &got[3],
            Incoming::Invalid {
                code: INVALID_REQUEST,
                ..
            }
        ));
    }

    #[test]
    fn headers_are_case_insensitive_and_lf_only_lines_are_read() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "content-length: {}\nContent-Type: application/vscode-jsonrpc\n\n{body}",
            body.len()
        );
        let got = frames(&input);
        assert!(
            matches!(&got[..], [Incoming::Message(Message::Notification(n))] if n.method == "initialized")
        );
    }

    #[test]
    fn a_truncated_frame_is_an_error_not_a_hang() {
        let mut r = io::Cursor::new(b"Content-Length: 50\r\n\r\n{\"a\":".to_vec());
        assert!(read_frame(&mut r).is_err());
    }

    #[test]
    fn encoded_messages_carry_the_jsonrpc_version() {
        let m = Message::Notification(lsp_server::Notification::new(
            "window/logMessage".into(),
            serde_json::json!({"type": 3, "message": "hi"}),
        ));
        let v: Value = serde_json::from_str(&encode(&m)).unwrap();
        assert_eq!(v["jsonrpc"], "2.0");
        assert_eq!(v["method"], "window/logMessage");
    }
}
