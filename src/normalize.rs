//! Normalization: NFKC, extraction noise removed, offsets kept.
//!
//! What the later layers see is the text after these steps, applied in one pass:
//! - a leading BOM is dropped; CRLF and lone CR become LF;
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
    };
    n.sync(body_start);
    let mut pos = body_start;
    let mut newlines = memchr::memchr_iter(b'\n', input.as_bytes());
    while pos < input.len() {
        let rest = &input[pos..];
        let (line_len, next) = match newlines.find(|&i| i >= pos) {
            Some(i) => (i - pos, i + 1),
            None => (rest.len(), input.len()),
        };
        let content_end = pos + rest[..line_len].trim_end_matches('\r').len();
        let out_start = n.out.len();
        let map_len = n.map.len();
        n.line(pos, content_end);
        if is_page_footer(&n.out[out_start..]) {
            n.out.truncate(out_start);
            n.map.truncate(map_len);
        } else if next > pos + line_len {
            n.sync(content_end);
            n.out.push('\n');
        }
        pos = next;
        n.sync(pos);
    }
    n.sync(input.len());
    Source::from_parts(input, n.out, n.map)
}

struct Normalizer<'a> {
    input: &'a str,
    out: String,
    map: Vec<Checkpoint>,
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

    /// Normalizes the line `start..end` (without its `\n`).
    fn line(&mut self, start: usize, end: usize) {
        let line = &self.input[start..end];
        let mut i = 0;
        while i < line.len() {
            // Characters that NFKC leaves as they are and that are not noise
            // (most of a report: ASCII, CJK ideographs) are copied in runs.
            let run = plain_run(line, i);
            if run > i {
                self.sync(start + i);
                self.out.push_str(&line[i..run]);
                i = run;
                continue;
            }
            let Some(c) = line[i..].chars().next() else {
                break;
            };
            let at = start + i;
            let char_end = i + c.len_utf8();
            if c == '\r' || is_zero_width(c) {
                i = char_end;
                continue;
            }
            if let Some(len) = (c == '[').then(|| noise_marker_len(&line[i..])).flatten() {
                // Skip the whole marker.
                i += len;
                continue;
            }
            // A character and the combining marks that follow it normalize together.
            let mut cluster_end = char_end;
            for m in line[char_end..].chars() {
                if m.is_ascii() || is_stable(m) || !is_combining_mark(m) {
                    break;
                }
                cluster_end += m.len_utf8();
            }
            let cluster = &line[i..cluster_end];
            self.sync(at);
            if c.is_ascii() && cluster_end == char_end {
                self.out.push(c);
            } else if let Some(a) = ascii_form(c).filter(|_| cluster_end == char_end) {
                self.out.push(a);
                self.sync(start + cluster_end);
            } else if is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
                self.out.push_str(cluster);
            } else {
                self.out.extend(cluster.nfkc());
                self.sync(start + cluster_end);
            }
            i = cluster_end;
        }
    }
}

/// The end of the run of characters from `from` that normalization copies
/// as they are: ASCII other than `\r` and `[`, and [`is_stable`] characters;
/// the last of them is left out when a combining mark follows it.
fn plain_run(line: &str, from: usize) -> usize {
    let bytes = line.as_bytes();
    // Where the last character starts, while it ends the run.
    let mut last = None;
    let mut j = from;
    while j < bytes.len() {
        let b = bytes[j];
        if b.is_ascii() {
            if b == b'\r' || b == b'[' {
                return j;
            }
            last = Some(j);
            j += 1;
            continue;
        }
        // Every stable character is three bytes long (U+2014..=U+9FFF); a
        // lead byte from E5 to E9, or E4 then B8 or more, is an ideograph.
        let stable = matches!(b, 0xe5..=0xe9)
            || (b == 0xe4 && bytes[j + 1] >= 0xb8)
            || b & 0xf0 == 0xe0 && {
                let c = (u32::from(b & 0x0f) << 12)
                    | (u32::from(bytes[j + 1] & 0x3f) << 6)
                    | u32::from(bytes[j + 2] & 0x3f);
                char::from_u32(c).is_some_and(is_stable)
            };
        if !stable {
            // A character right before is left out when this one is a
            // combining mark, which normalizes with it.
            let c = line[j..].chars().next().unwrap_or_default();
            let combining = !matches!(c, '\u{ff01}'..='\u{ff5e}') && is_combining_mark(c);
            return if combining { last.unwrap_or(j) } else { j };
        }
        last = Some(j);
        j += 3;
    }
    bytes.len()
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

/// Length of a `[bookmark: …]`/`[image: …]` marker at the start of `s`.
fn noise_marker_len(s: &str) -> Option<usize> {
    let marker = NOISE_MARKERS.iter().find(|m| s.starts_with(*m))?;
    let window = &s.as_bytes()[..s.len().min(MAX_MARKER_LEN)];
    let close = window[marker.len()..].iter().position(|&b| b == b']')?;
    Some(marker.len() + close + 1)
}

/// Whether a (normalized) line is a page footer such as `-4-`, `— 7 —` or `第4页`.
pub(crate) fn is_page_footer(line: &str) -> bool {
    let t = line.trim_start();
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '─' | '―');
    // Every footer starts with a dash or 第 (most lines are not footers).
    if !t.starts_with(dash) && !t.starts_with('第') {
        return false;
    }
    let t = t.trim_end();
    if let Some(inner) = t.strip_prefix(dash).and_then(|r| r.strip_suffix(dash)) {
        let inner = inner.trim_matches(|c: char| dash(c) || c.is_whitespace());
        return !inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit());
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let page = |s: &str| -> Option<usize> {
        let s = s.strip_prefix('第')?;
        let end = s.find('页')?;
        (end > 0 && end <= 4 && s[..end].bytes().all(|b| b.is_ascii_digit())).then_some(end + 3 + 3)
    };
    match page(&compact) {
        Some(len) => {
            let rest = &compact[len..];
            rest.is_empty()
                || rest.strip_prefix('共').is_some_and(|r| {
                    r.strip_suffix('页').is_some_and(|d| {
                        !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit())
                    })
                })
        }
        None => false,
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
                if c == '\r' || c == '[' {
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
                "0", "a", "ﬁ", "①", "㎡", "Ａ", "\u{a0}", "\u{1f600}", "é",
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

    #[test]
    fn footer_shapes() {
        for f in ["-4-", " - 12 - ", "— 7 —", "第4页", "第 4 页 共 9 页"] {
            assert!(is_page_footer(f), "{f}");
        }
        for f in ["-4", "—", "-", "4", "第四页", "-12345-", "第4页x"] {
            assert!(!is_page_footer(f), "{f}");
        }
    }
}
