//! Open documents: their text, version, and the conversion between byte offsets (what the
//! analysis speaks) and LSP positions (line and UTF-16 code unit, what the protocol speaks).

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::text::LineIndex;

/// Line starts of a text, for byte offset ↔ UTF-16 position conversion.
#[derive(Debug, Clone)]
pub struct Lines {
    index: LineIndex,
}

impl Lines {
    pub fn new(text: &str) -> Self {
        Lines {
            index: LineIndex::new(text),
        }
    }

    /// The LSP position of a byte offset (clamped to the text, and moved back to the start
    /// of a character when it falls inside one).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line);
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end),
        }
    }

    /// The byte offset of an LSP position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the end of the line (as the spec asks); a
    /// character inside a surrogate pair gives the start of that character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line0 = pos.line as usize;
        if line0 >= self.index.line_count() {
            return text.len();
        }
        let start = self.index.line_start(line0);
        let end = if line0 + 1 < self.index.line_count() {
            self.index.line_start(line0 + 1)
        } else {
            text.len()
        };
        let line = &text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }
}

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub version: i32,
    pub lines: Lines,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let lines = Lines::new(&text);
        Document {
            text,
            version,
            lines,
        }
    }

    /// Apply `didChange` events in order: a ranged event replaces that range, an event
    /// without a range replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let start = self.lines.offset(&self.text, range.start);
                    let end = self.lines.offset(&self.text, range.end).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        self.lines.range(&self.text, start, end)
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(&self.text, pos)
    }

    /// The range of the whole text.
    pub fn full_range(&self) -> Range {
        Range {
            start: Position::new(0, 0),
            end: self.lines.position(&self.text, self.text.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_code_units() {
        // 'é' is 2 bytes / 1 unit, '中' 3 bytes / 1 unit, '😀' 4 bytes / 2 units.
        let text = "x = 'é中😀' + f(a)\nsecond\n";
        let lines = Lines::new(text);
        // x = 'é中😀' + f(a): 'f' is the 14th unit (index 13), though the 12th character.
        let f = text.find("f(").unwrap();
        assert_eq!(lines.position(text, f), Position::new(0, 13));
        assert_eq!(lines.offset(text, Position::new(0, 13)), f);
        let s = text.find("second").unwrap();
        assert_eq!(lines.position(text, s + 3), Position::new(1, 3));
        assert_eq!(lines.offset(text, Position::new(1, 3)), s + 3);
        // Past the end of a line: the end of that line; past the last line: the end.
        assert_eq!(lines.offset(text, Position::new(1, 99)), s + 6);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // The emoji is units 7 and 8; unit 8 (inside the pair) means the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(lines.position(text, emoji), Position::new(0, 7));
        assert_eq!(lines.offset(text, Position::new(0, 8)), emoji);
        assert_eq!(lines.offset(text, Position::new(0, 9)), emoji + 4);
        // A byte offset inside a character moves back to its start.
        assert_eq!(lines.position(text, emoji + 1), Position::new(0, 7));
    }

    #[test]
    fn ranged_and_full_changes_apply_in_order() {
        let mut d = Document::new("a = '中文'\nb = 2\n".into(), 1);
        d.apply(
            vec![
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(0, 5), Position::new(0, 7))),
                    range_length: None,
                    text: "😀".into(),
                },
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(1, 4), Position::new(1, 5))),
                    range_length: None,
                    text: "3".into(),
                },
            ],
            2,
        );
        assert_eq!(d.text, "a = '😀'\nb = 3\n");
        assert_eq!(d.version, 2);
        assert_eq!(d.full_range().end, Position::new(2, 0));
        d.apply(
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            3,
        );
        assert_eq!(d.text, "new");
    }
}
