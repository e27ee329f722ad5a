//! Normalization: NFKC, extraction noise removed, offsets kept.
//!
//! What the later layers see is the text after these steps, applied in one pass:
//! - a leading BOM is dropped; every `\r` is dropped (so CRLF becomes LF);
//! - every character that is not already in NFKC is replaced by its NFKC form
//!   (full-width digits and brackets, the ideographic space, Kangxi radicals
//!   such as `⼆`); characters already normalized are copied;
//! - zero-width characters are dropped;
//! - extraction markers `[bookmark: …]` and `[image: …]` are dropped;
//! - page-footer lines (`-4-`, `— 7 —`, `第4页`, `第4页共9页`) are dropped.
//!
//! The returned [`Source`] maps every offset of the normalized text back to
//! the original input.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::source::{Checkpoint, Source};

/// Markers that extraction tools leave in the text.
const NOISE_MARKERS: [&str; 2] = ["[bookmark:", "[image:"];
/// How far a noise marker's closing `]` may be.
const MAX_MARKER_LEN: usize = 400;

/// Normalizes `input` (see the module docs).
pub fn normalize(input: &str) -> Source<'_> {
    let body_start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let mut n = Normalizer {
        input,
        out: String::with_capacity(input.len()),
        map: Vec::new(),
        line_out: 0,
        line_map: 0,
    };
    n.sync(body_start);
    let mut i = body_start;
    while i < input.len() {
        // Characters that NFKC leaves as they are and that are not noise
        // (most of a report: ASCII, CJK ideographs) are copied in runs.
        let run = plain_run(input, i);
        if run > i {
            n.sync(i);
            n.out.push_str(&input[i..run]);
            i = run;
        }
        // What ended the run (a newline, or a character to normalize).
        match input.as_bytes().get(i) {
            Some(b'\n') => {
                n.end_line(i);
                i += 1;
            }
            Some(_) => i = n.special(i),
            None => {}
        }
    }
    n.end_line(input.len());
    Source::from_parts(input, n.out, n.map)
}

struct Normalizer<'a> {
    input: &'a str,
    out: String,
    map: Vec<Checkpoint>,
    /// Where the current line starts in `out`, and how many checkpoints
    /// precede it (to drop it if it is a page footer).
    line_out: usize,
    line_map: usize,
}

impl Normalizer<'_> {
    /// Records that the next output byte comes from original offset `orig`.
    fn sync(&mut self, orig: usize) {
        let norm = self.out.len();
        let delta = |c: &Checkpoint| c.orig as isize - c.norm as isize;
        let want = orig as isize - norm as isize;
        match self.map.last_mut() {
            Some(last) if last.norm == norm => *last = Checkpoint { norm, orig },
            Some(last) if delta(last) == want => {}
            None if want == 0 => {}
            _ => self.map.push(Checkpoint { norm, orig }),
        }
    }

    /// Ends the current line at `newline` (the offset of its `\n`, or the
    /// end of the input): drops it if it is a page footer, else writes the
    /// `\n` if there is one.
    fn end_line(&mut self, newline: usize) {
        let line = &self.out[self.line_out..];
        // Every footer starts with a dash or 第 (`-`, or lead byte E2 for
        // — – ─ ―, E7 for 第), after spaces. Most lines are not looked at again.
        let first = line.bytes().find(|&b| !is_ascii_space(b));
        let may_be_footer = first.is_some_and(|b| matches!(b, b'-' | 0xe7) || may_start_space(b));
        if may_be_footer && is_page_footer(line) {
            self.out.truncate(self.line_out);
            self.map.truncate(self.line_map);
        } else if newline < self.input.len() {
            // The `\n` stands where the line's content ends (before a `\r`
            // of CRLF), so that a span ending with the line maps back to it.
            let bytes = self.input.as_bytes();
            let mut content_end = newline;
            while content_end > 0 && bytes[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            self.sync(content_end);
            self.out.push('\n');
        }
        self.sync((newline + 1).min(self.input.len()));
        self.line_out = self.out.len();
        self.line_map = self.map.len();
    }

    /// Normalizes the character at `i` that starts no plain run (with the
    /// combining marks after it), and returns where the next one starts.
    fn special(&mut self, i: usize) -> usize {
        let input = self.input;
        if let Some(a) = full_width_ascii(input.as_bytes(), i) {
            self.sync(i);
            self.out.push(a);
            self.sync(i + 3);
            return i + 3;
        }
        let Some(c) = input[i..].chars().next() else {
            return input.len();
        };
        let char_end = i + c.len_utf8();
        if c == '\r' || is_zero_width(c) {
            return char_end;
        }
        if let Some(len) = (c == '[').then(|| noise_marker_len(&input[i..])).flatten() {
            // Skip the whole marker.
            return i + len;
        }
        // A character and the combining marks that follow it normalize together.
        let mut cluster_end = char_end;
        for m in input[char_end..].chars() {
            if m.is_ascii() || is_stable(m) || !is_combining_mark(m) {
                break;
            }
            cluster_end += m.len_utf8();
        }
        let cluster = &input[i..cluster_end];
        self.sync(i);
        if c.is_ascii() && cluster_end == char_end {
            self.out.push(c);
        } else if let Some(a) = ascii_form(c).filter(|_| cluster_end == char_end) {
            self.out.push(a);
            self.sync(cluster_end);
        } else if is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
            self.out.push_str(cluster);
        } else {
            self.out.extend(cluster.nfkc());
            self.sync(cluster_end);
        }
        cluster_end
    }
}

/// The ASCII form of the full-width character at `i` (`，` `（` `１`,
/// U+FF01..=U+FF5E, bytes EF BC 81 to EF BD 9E) when no combining mark
/// follows it (the next character is ASCII, an ideograph, or another
/// full-width form): the common case, told from the bytes alone.
fn full_width_ascii(bytes: &[u8], i: usize) -> Option<char> {
    let (b1, b2) = match bytes.get(i..i + 3)? {
        &[0xef, b1 @ 0xbc, b2 @ 0x81..=0xbf] | &[0xef, b1 @ 0xbd, b2 @ 0x80..=0x9e] => (b1, b2),
        _ => return None,
    };
    let plain_next = match bytes.get(i + 3) {
        None => true,
        Some(&b) => {
            b.is_ascii()
                || matches!(b, 0xe4..=0xe9)
                || (b == 0xef && matches!(bytes.get(i + 4), Some(0xbc | 0xbd)))
        }
    };
    let code = 0xf000 | (u32::from(b1 & 0x3f) << 6) | u32::from(b2 & 0x3f);
    plain_next.then(|| char::from(u8::try_from(code - 0xfee0).expect("U+FF01..=U+FF5E")))
}

/// Whether an ASCII byte is whitespace as [`char::is_whitespace`] has it.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Whether `b` may start a whitespace character beyond ASCII: those are
/// U+0085, U+00A0 (lead byte C2), U+1680 (E1), U+2000..=U+205F (E2) and
/// U+3000 (E3).
pub(crate) fn may_start_space(b: u8) -> bool {
    matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
}

/// The end of the run of characters from `from` that normalization copies
/// as they are: ASCII other than `\r`, `\n` and `[`, and [`is_stable`]
/// characters; the last of them is left out when a combining mark follows it.
fn plain_run(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    // Where the last character starts, while it ends the run.
    let mut last = None;
    let mut j = from;
    while j < bytes.len() {
        let b = bytes[j];
        if b.is_ascii() {
            // Eight bytes at a time while they are ASCII and none ends a run.
            if let Some(chunk) = bytes.get(j..j + 8) {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                let ends = has_byte(x, b'\r') || has_byte(x, b'\n') || has_byte(x, b'[');
                if x & HIGH_BITS == 0 && !ends {
                    last = Some(j + 7);
                    j += 8;
                    continue;
                }
            }
            if matches!(b, b'\r' | b'\n' | b'[') {
                return j;
            }
            last = Some(j);
            j += 1;
            continue;
        }
        // Every stable character is three bytes long (U+2014..=U+9FFF); a
        // lead byte from E5 to E9, or E4 then B8 or more, is an ideograph.
        if matches!(b, 0xe5..=0xe9) {
            // A run of them (most of a report's text) at once.
            let mut k = j + 3;
            while bytes.get(k).is_some_and(|b| matches!(b, 0xe5..=0xe9)) {
                k += 3;
            }
            last = Some(k - 3);
            j = k;
            continue;
        }
        let stable = (b == 0xe4 && bytes[j + 1] >= 0xb8)
            || b & 0xf0 == 0xe0 && {
                let c = (u32::from(b & 0x0f) << 12)
                    | (u32::from(bytes[j + 1] & 0x3f) << 6)
                    | u32::from(bytes[j + 2] & 0x3f);
                char::from_u32(c).is_some_and(is_stable)
            };
        if !stable {
            // A character right before is left out when this one is a
            // combining mark, which normalizes with it.
            let c = text[j..].chars().next().unwrap_or_default();
            let combining = !matches!(c, '\u{ff01}'..='\u{ff5e}') && is_combining_mark(c);
            return if combining { last.unwrap_or(j) } else { j };
        }
        last = Some(j);
        j += 3;
    }
    bytes.len()
}

/// The high bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether one of the (ASCII) bytes of `x` is `b`.
fn has_byte(x: u64, b: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let v = x ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGH_BITS != 0
}

/// Characters that NFKC leaves as they are, that are no combining mark and
/// that are not dropped: CJK unified ideographs and the common CJK
/// punctuation (、。〃, the CJK brackets, curly quotes, the em dash).
fn is_stable(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || matches!(
                c,
                '\u{3001}'..='\u{3003}'
                | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301f}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201c}'
                | '\u{201d}'
                | '\u{2014}'
        )
}

/// The NFKC form of a character that is one ASCII character: the
/// full-width forms of ASCII (`，` `（` `１`), the ideographic and the
/// no-break space.
fn ascii_form(c: char) -> Option<char> {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        '\u{3000}' | '\u{a0}' => Some(' '),
        _ => None,
    }
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Length of a `[bookmark: …]`/`[image: …]` marker at the start of `s`
/// (closed on its line).
fn noise_marker_len(s: &str) -> Option<usize> {
    let marker = NOISE_MARKERS.iter().find(|m| s.starts_with(*m))?;
    let window = &s.as_bytes()[..s.len().min(MAX_MARKER_LEN)];
    let close = window[marker.len()..]
        .iter()
        .position(|&b| b == b']' || b == b'\n')?;
    (window[marker.len() + close] == b']').then_some(marker.len() + close + 1)
}

/// Whether a (normalized) line is a page footer such as `-4-`, `— 7 —` or `第4页`.
pub(crate) fn is_page_footer(line: &str) -> bool {
    let t = line.trim_start();
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '─' | '―');
    // Every footer starts with a dash or 第 (most lines are not footers).
    if t.starts_with('第') {
        return is_page_number(t);
    }
    if !t.starts_with(dash) {
        return false;
    }
    let t = t.trim_end();
    let Some(inner) = t.strip_prefix(dash).and_then(|r| r.strip_suffix(dash)) else {
        return false;
    };
    // (`——4——`, `—— 4 ——`; not a row of null marks around a number,
    // `—\t—\t0\t—` or `— — 0 — —`.)
    let inner = inner.trim_matches(dash).trim();
    !inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `t`, spaces aside, is `第N页` or `第N页共M页` (N, M of one to four digits).
fn is_page_number(t: &str) -> bool {
    /// One to four digits, then `end`.
    fn number_then(chars: &mut impl Iterator<Item = char>, end: char) -> bool {
        for (digits, c) in chars.enumerate() {
            if c == end {
                return (1..=4).contains(&digits);
            }
            if !c.is_ascii_digit() {
                return false;
            }
        }
        false
    }
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    if chars.next() != Some('第') || !number_then(&mut chars, '页') {
        return false;
    }
    match chars.next() {
        None => true,
        Some('共') => number_then(&mut chars, '页') && chars.next().is_none(),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn full_width_and_kangxi_are_normalized() {
        let s = normalize("⼆、１２（三）\u{3000}x");
        assert_eq!(s.text(), "二、12(三) x");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let input = "（一）１２\r\n[bookmark: _Hlk1]规章";
        let s = normalize(input);
        assert_eq!(s.text(), "(一)12\n规章");
        let norm = s.text().find("12").unwrap();
        let span = s.original_span(Span::new(norm, norm + 2));
        assert_eq!(&input[span.start..span.end], "１２");
        let norm = s.text().find("规章").unwrap();
        let span = s.original_span(Span::new(norm, norm + "规章".len()));
        assert_eq!(&input[span.start..span.end], "规章");
        let p = s.text().find('一').unwrap();
        let span = s.original_span(Span::new(p, p + 3));
        assert_eq!(&input[span.start..span.end], "一");
    }

    #[test]
    fn bom_and_footers_are_dropped() {
        let s = normalize("\u{feff}a\n  -4-  \nb\n— 7 —\n第 3 页\nc");
        assert_eq!(s.text(), "a\nb\nc");
        let p = s.text().find('c').unwrap();
        assert_eq!(
            s.original_offset(p),
            "\u{feff}a\n  -4-  \nb\n— 7 —\n第 3 页\n".len()
        );
    }

    #[test]
    fn fast_paths_agree_with_nfkc() {
        let stable = ('\u{80}'..='\u{ffff}').filter(|&c| is_stable(c));
        for c in stable {
            let s = c.to_string();
            assert_eq!(is_nfkc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert!(!is_combining_mark(c) && !is_zero_width(c), "{c:?}");
            assert_eq!(s.nfkc().collect::<String>(), s, "{c:?}");
        }
        let mut full_width = 0;
        for c in '\u{80}'..='\u{ffff}' {
            let s = format!("{c}规");
            if let Some(a) = full_width_ascii(s.as_bytes(), 0) {
                assert_eq!(ascii_form(c), Some(a), "{c:?}");
                full_width += 1;
            }
        }
        assert_eq!(full_width, 0xff5e - 0xff01 + 1);
        for c in ('\u{80}'..='\u{ffff}').filter(|&c| ascii_form(c).is_some()) {
            let s = c.to_string();
            assert_ne!(is_nfkc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert!(!is_combining_mark(c) && !is_zero_width(c), "{c:?}");
            assert_eq!(
                s.nfkc().collect::<String>(),
                ascii_form(c).unwrap().to_string()
            );
        }
        let s = normalize("（一）１２\u{3000}公开，“三安全”。é\u{301}一\u{301}、\u{301}");
        assert_eq!(
            s.text(),
            "(一)12 公开,“三安全”。é\u{301}一\u{301}、\u{301}"
                .nfkc()
                .collect::<String>()
        );
    }

    /// The run scanner a character at a time.
    fn plain_run_by_chars(line: &str, from: usize) -> usize {
        let mut last = None;
        for (off, c) in line[from..].char_indices() {
            let j = from + off;
            if c.is_ascii() {
                if c == '\r' || c == '\n' || c == '[' {
                    return j;
                }
                last = Some(j);
            } else if is_stable(c) {
                last = Some(j);
            } else if is_combining_mark(c) {
                return last.unwrap_or(j);
            } else {
                return j;
            }
        }
        line.len()
    }

    /// Normalization as the module docs define it, step by step on whole
    /// lines (the inputs below keep combining marks on their base).
    fn by_definition(input: &str) -> String {
        let body = input.strip_prefix('\u{feff}').unwrap_or(input);
        let lines: Vec<&str> = body.split('\n').collect();
        let mut out = String::new();
        for (k, line) in lines.iter().enumerate() {
            let mut kept = String::new();
            let mut rest = *line;
            while let Some(c) = rest.chars().next() {
                if let Some(len) = noise_marker_len(rest) {
                    rest = &rest[len..];
                    continue;
                }
                if c != '\r' && !is_zero_width(c) {
                    kept.push(c);
                }
                rest = &rest[c.len_utf8()..];
            }
            let normalized: String = kept.nfkc().collect();
            if is_page_footer(&normalized) {
                continue;
            }
            out.push_str(&normalized);
            if k + 1 < lines.len() {
                out.push('\n');
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        #[test]
        fn normalization_follows_its_definition(parts in proptest::collection::vec(
            proptest::sample::select(&[
                "规章", "一", "、", "。", "“", "”", "—", "（", "）", "１２", "，", "\u{3000}",
                "⼆", "e\u{301}", "一\u{301}", "\u{200b}", "\u{feff}", "[image: a.png]",
                "[bookmark: _H]", "[", "]", "\r", "\n", "\r\n", " ", "\t", "-4-", "第3页",
                "0", "a", "ﬁ", "①", "㎡", "Ａ", "\u{a0}", "\u{1f600}", "é", "\u{1680}",
                "\u{85}", "\u{2028}", "－", "— ", "第 ", "页", "abcdefgh", "0123456789",
            ][..]),
            0..30,
        )) {
            let input = parts.concat();
            let source = normalize(&input);
            proptest::prop_assert_eq!(source.text(), by_definition(&input));
            for (i, _) in source.text().char_indices() {
                let o = source.original_offset(i);
                proptest::prop_assert!(input.is_char_boundary(o) && o <= input.len());
            }
            for from in 0..input.len() {
                if input.is_char_boundary(from) {
                    proptest::prop_assert_eq!(plain_run(&input, from), plain_run_by_chars(&input, from));
                }
            }
        }
    }

    /// The page-number footer as first written, building the line without spaces.
    fn is_page_number_by_copy(t: &str) -> bool {
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let page = |s: &str| -> Option<usize> {
            let s = s.strip_prefix('第')?;
            let end = s.find('页')?;
            (end > 0 && end <= 4 && s[..end].bytes().all(|b| b.is_ascii_digit()))
                .then_some(end + 3 + 3)
        };
        page(&compact).is_some_and(|len| {
            let rest = &compact[len..];
            rest.is_empty()
                || rest.strip_prefix('共').is_some_and(|r| {
                    r.strip_suffix('页').is_some_and(|d| {
                        !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit())
                    })
                })
        })
    }

    proptest::proptest! {
        #[test]
        fn page_numbers_read_in_one_pass(parts in proptest::collection::vec(
            proptest::sample::select(&["第", "页", "共", "1", "23", "4567", " ", "x", "第二"][..]),
            0..8,
        )) {
            let t = parts.concat();
            proptest::prop_assert_eq!(is_page_number(&t), is_page_number_by_copy(&t), "{}", t);
        }
    }

    #[test]
    fn footer_shapes() {
        for f in ["-4-", " - 12 - ", "— 7 —", "第4页", "第 4 页 共 9 页"] {
            assert!(is_page_footer(f), "{f}");
        }
        for f in ["——4——", "—— 4 ——", "-  3  -"] {
            assert!(is_page_footer(f), "{f}");
        }
        // Rows of null marks around a number are no footers.
        for f in ["\t—\t—\t0\t—", "— — 0 — —", "-\t-\t12\t-"] {
            assert!(!is_page_footer(f), "{f:?}");
        }
        for f in ["-4", "—", "-", "4", "第四页", "-12345-", "第4页x"] {
            assert!(!is_page_footer(f), "{f}");
        }
    }
}
