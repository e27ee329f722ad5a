//! Label matching: a cell's text against a template label.
//!
//! A label is read as an optional ordinal (`一、`, `（三）`, `1.`, `2、`) and a
//! key: its letters, digits and ideographs, with whitespace, punctuation,
//! brackets and quotes dropped. Two labels match when their keys are equal,
//! or similar enough by a score (Dice coefficient over the longest common
//! subsequence, with abbreviations such as `其他` for `其他处理` scored as
//! prefixes), where an agreeing ordinal lowers the bar and a conflicting one
//! rules the match out. A label may be wrapped over several cells
//! (`5.要求行政机关确认或重新` + `出具已获取信息`, `总` + `计`): the matcher
//! extends over following label cells while the match improves.

use std::collections::HashMap;

use super::Cells;
use crate::cells::{Cell, CellKind};
use crate::normalize::{is_ascii_space, may_start_space};

/// Score of an exact key match.
pub(crate) const EXACT: f32 = 1.0;
/// Lowest score accepted when the ordinals do not speak.
const THRESHOLD: f32 = 0.75;
/// Lowest score accepted when the ordinals agree.
const THRESHOLD_WITH_ORDINAL: f32 = 0.5;
/// Score given to a key that is a prefix of the expected key (an abbreviation).
const PREFIX_SCORE: f32 = 0.8;
/// Characters a key needs to name its row whatever its ordinal says.
const DISTINCT_KEY: usize = 4;
/// Characters of a prefix that scores [`PREFIX_SCORE`] whatever the length
/// of the label it starts (shorter ones only as long as the label allows).
const MIN_PREFIX: usize = 3;
/// A cell longer than this many times the expected label (plus slack) is not read as it.
const MAX_LENGTH_RATIO: usize = 3;
/// Bytes of slack for short labels (`总计` printed with notes or spaces).
const LENGTH_SLACK: usize = 24;
/// How many cells a wrapped label may span (the longest, 37 characters,
/// wrapped four to a line in a narrow column, spans ten), pieces of
/// another column's label passed over between them aside.
const MAX_LABEL_CELLS: usize = 12;
/// How many cells are looked at for a wrapped label's pieces, those of
/// another column passed over included.
pub(crate) const MAX_LABEL_SPAN: usize = 2 * MAX_LABEL_CELLS;

/// A label's ordinal: its level and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ordinal {
    /// How it is written, which tells its level in the template's outline.
    pub kind: OrdinalKind,
    /// Its value (`（三）` → 3).
    pub n: u8,
}

/// The three levels of the template's numbering: `一、` heads a part,
/// `（一）` a group, `1.` an item. Two ordinals of different levels never
/// agree (`一、本年新…` is not item `1.本机关不掌握…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrdinalKind {
    /// A Chinese numeral and a mark: `一、`.
    Numeral,
    /// In brackets: `（一）`, `(1)`.
    Bracketed,
    /// Digits and a mark: `1.`, `1、`.
    Arabic,
}

/// A label split into its ordinal and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The ordinal, if the label starts with one.
    pub ordinal: Option<Ordinal>,
    /// Letters, digits and ideographs of the rest.
    pub key: Key,
}

impl Label {
    /// Reads a label from (normalized) text.
    pub fn parse(text: &str) -> Label {
        // Most labels start with a character that is kept.
        let marked = text.as_bytes().first().is_some_and(|&b| {
            matches!(b, b'#' | b'*' | b'>') || is_ascii_space(b) || may_start_space(b)
        });
        let text = if marked {
            text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '#' | '*' | '>'))
        } else {
            text
        };
        let (rest, ordinal) = match ordinal(text) {
            Some((rest, n)) => {
                let kind = match text.as_bytes()[0] {
                    b'(' | 0xef => OrdinalKind::Bracketed,
                    b'0'..=b'9' => OrdinalKind::Arabic,
                    _ => OrdinalKind::Numeral,
                };
                (rest, Some(Ordinal { kind, n }))
            }
            None => (text, None),
        };
        Label {
            ordinal,
            key: Key::of(rest),
        }
    }
}

/// A key as the matcher compares it: its characters, and a signature of
/// them (one bit per character hash) that tells at once when two keys have
/// no character in common.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Key {
    // The signature first: keys compare by it before their characters.
    sig: u64,
    chars: Vec<char>,
}

impl Key {
    /// The key of `text` (see [`key`]).
    pub(crate) fn of(text: &str) -> Key {
        let mut k = Key {
            // One allocation: a key has at most as many characters as its
            // text has bytes (counting its characters would cost more).
            chars: Vec::with_capacity(text.len()),
            sig: 0,
        };
        k.push_text(text);
        k
    }

    /// Appends the key characters of `text`.
    fn push_text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // Ideographs (most of a label) are three bytes: decoded here.
            let (c, len) = match b {
                0xe0..0xf0 => {
                    let c = (u32::from(b & 0x0f) << 12)
                        | (u32::from(bytes[i + 1] & 0x3f) << 6)
                        | u32::from(bytes[i + 2] & 0x3f);
                    (char::from_u32(c).unwrap_or_default(), 3)
                }
                0..0x80 => (char::from(b), 1),
                _ => {
                    let c = text[i..].chars().next().unwrap_or_default();
                    (c, c.len_utf8())
                }
            };
            if is_key_char(c) {
                self.chars.push(c);
                self.sig |= sig_bit(c);
            }
            i += len;
        }
    }

    /// How many characters it has.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether it has none.
    pub(crate) fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Whether it holds an ASCII digit.
    pub(crate) fn has_ascii_digit(&self) -> bool {
        self.chars.iter().any(char::is_ascii_digit)
    }

    /// Whether it starts with `other`.
    pub(crate) fn starts_with(&self, other: &Key) -> bool {
        self.chars.starts_with(&other.chars)
    }

    /// Whether `other` occurs in it.
    pub(crate) fn contains(&self, other: &Key) -> bool {
        other.is_empty()
            || (other.sig & !self.sig == 0
                && self
                    .chars
                    .windows(other.len())
                    .any(|w| w == &other.chars[..]))
    }
}

/// The signature bit of a key character.
fn sig_bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9e37_79b1) >> 26)
}

/// The text after a label's ordinal (`1.属于国家秘密` → `属于国家秘密`).
pub(crate) fn strip_ordinal(text: &str) -> &str {
    ordinal(text).map_or(text, |(rest, _)| rest)
}

/// The significant characters of a text: letters, digits, ideographs.
pub(crate) fn key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    push_key(&mut key, text);
    key
}

/// Appends the significant characters of `text` to `key`.
pub(crate) fn push_key(key: &mut String, text: &str) {
    push_kept(key, text, is_key_char);
}

/// Appends the characters of `text` that `keep` accepts to `out`, a run of
/// kept characters at a time.
pub(crate) fn push_kept(out: &mut String, text: &str, keep: impl Fn(char) -> bool) {
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if !keep(c) {
            out.push_str(&text[run..i]);
            run = i + c.len_utf8();
        }
    }
    out.push_str(&text[run..]);
}

/// Letters, digits and ideographs (with a fast path for ASCII and the CJK block).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `c` is a character of a Chinese numeral (一 … 十).
pub(crate) fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// The value of a Chinese numeral from 一 to 九十九.
fn chinese_numeral(s: &str) -> Option<u8> {
    let digit = |c: char| {
        Some(match c {
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut chars = s.chars();
    match (chars.next()?, chars.next(), chars.next(), chars.next()) {
        ('十', None, _, _) => Some(10),
        ('十', Some(u), None, _) => Some(10 + digit(u)?),
        (d, None, _, _) => digit(d),
        (t, Some('十'), None, _) => Some(digit(t)? * 10),
        (t, Some('十'), Some(u), None) => Some(digit(t)? * 10 + digit(u)?),
        _ => None,
    }
}

/// An ordinal at the start of a label: `一、`, `（一）`, `(1)`, `1.`, `1、`,
/// and the text after it (and after one space).
///
/// The grammar: a bracket, a Chinese numeral (up to three characters) or
/// up to two digits, a closing bracket; or a numeral then `、` `.` `．`; or
/// digits then `.` `、` `．`. A digit right after it means it was none
/// (`1.5`, `2023年`). Hand-written (the nom grammar it follows is in the
/// tests, which check the two agree): it runs for every label read.
fn ordinal(input: &str) -> Option<(&str, u8)> {
    // Most labels start with none: an ordinal starts with a bracket, a
    // digit, or a numeral (一 … 十 are U+4E00 … U+5341, lead bytes E4 and E5).
    if !matches!(
        input.as_bytes().first(),
        Some(b'(' | b'0'..=b'9' | 0xe4 | 0xe5 | 0xef)
    ) {
        return None;
    }
    /// The longest run, up to `max` characters, of those `is` accepts, and the rest.
    fn run(s: &str, max: usize, is: impl Fn(char) -> bool) -> (&str, &str) {
        let end = s
            .chars()
            .take(max)
            .take_while(|&c| is(c))
            .map(char::len_utf8)
            .sum();
        s.split_at(end)
    }
    fn numeral(s: &str) -> Option<(&str, u8)> {
        let (taken, rest) = run(s, 3, is_numeral);
        Some((rest, chinese_numeral(taken)?))
    }
    fn digits(s: &str) -> Option<(&str, u8)> {
        let (taken, rest) = run(s, 2, |c| c.is_ascii_digit());
        Some((rest, taken.parse().ok()?))
    }
    fn after<'s>(s: &'s str, marks: &[char]) -> Option<&'s str> {
        s.strip_prefix(|c: char| marks.contains(&c))
    }
    let (rest, n) = if let Some(inner) = after(input, &['(', '（']) {
        let (rest, n) = numeral(inner).or_else(|| digits(inner))?;
        (after(rest, &[')', '）'])?, n)
    } else if input.starts_with(|c: char| c.is_ascii_digit()) {
        let (rest, n) = digits(input)?;
        (after(rest, &['.', '、', '．'])?, n)
    } else {
        let (rest, n) = numeral(input)?;
        (after(rest, &['、', '.', '．'])?, n)
    };
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((rest.strip_prefix(' ').unwrap_or(rest), n))
}

/// Scores below this are reported as 0 (no threshold is that low).
const MIN_SCORED: f32 = THRESHOLD_WITH_ORDINAL;

/// How far a wrapped label's lines may stand from its first line's column.
const COLUMN_TOLERANCE: u32 = 2;

/// Whether `next`, on a later line than `first`, starts in another column:
/// in a space-aligned layout it belongs to another column's label.
pub(crate) fn in_other_column(first: &Cell<'_>, next: &Cell<'_>) -> bool {
    next.line > first.line && first.column.abs_diff(next.column) > COLUMN_TOLERANCE
}

/// Whether `next`, on a later line than `first`, starts in a column left of
/// it: a group label's (`理` of `（六）其他处理`, printed down the column
/// before the rows' labels), never a piece of `first`'s label, even where
/// it reads on (`人无正当` ⏎ `理由逾期`). (A piece right of it may be its
/// label's, indented.)
pub(crate) fn in_column_left(first: &Cell<'_>, next: &Cell<'_>) -> bool {
    next.line > first.line && next.column + COLUMN_TOLERANCE < first.column
}

/// Whether the similarity of a template label's key and a key read (in
/// `0.0..=1.0`, see [`Template::score`]) reaches `threshold`. Keys whose
/// lengths or characters rule it out are not scored.
pub(crate) fn similar(expected: &Template, actual: &Key, threshold: f32) -> bool {
    let (m, n) = (expected.key.len(), actual.len());
    if m > 0 && n > 0 {
        // The Dice score is at most this; only an abbreviation scores more.
        let bound = 2.0 * m.min(n) as f32 / (m + n) as f32;
        let abbreviation =
            || n >= 2 && PREFIX_SCORE >= threshold && expected.key.chars.starts_with(&actual.chars);
        if expected.key.sig & actual.sig == 0 || (bound < threshold && !abbreviation()) {
            return false;
        }
    }
    let mut acc = expected.acc();
    expected.push(&mut acc, actual);
    expected.score(&acc) >= threshold
}

/// A key built up cell by cell (a label wrapped over cells), followed against
/// one template label as it grows, without being copied: the state of the
/// bit-parallel LCS, its length, its signature, and whether it is still a
/// prefix of the template's key.
#[derive(Debug, Clone)]
pub(crate) struct Acc {
    v: u64,
    len: usize,
    prefix: bool,
    sig: u64,
    /// The characters themselves, kept only for a template key of more than
    /// 64 characters (scored by the LCS table).
    long: Vec<char>,
}

impl Acc {
    /// Whether the key so far is a prefix of the template's.
    pub(crate) fn is_prefix(&self) -> bool {
        self.prefix
    }
}

/// A template label read for matching: its ordinal, its key, and where
/// each character of the key stands in it (for the bit-parallel LCS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    /// The ordinal, if the label starts with one.
    pub ordinal: Option<Ordinal>,
    /// Letters, digits and ideographs of the rest.
    pub key: Key,
    /// Each distinct character of a key of at most 64 characters, sorted,
    /// with the bit set of its positions; empty for a longer key.
    positions: Box<[(char, u64)]>,
}

impl Template {
    fn new(text: &str) -> Template {
        let Label { ordinal, key } = Label::parse(text);
        let mut positions: Vec<(char, u64)> = Vec::new();
        if key.len() <= 64 {
            for (i, &c) in key.chars.iter().enumerate() {
                match positions.iter_mut().find(|(d, _)| *d == c) {
                    Some((_, bits)) => *bits |= 1 << i,
                    None => positions.push((c, 1 << i)),
                }
            }
            positions.sort_unstable_by_key(|&(c, _)| c);
        }
        Template {
            ordinal,
            key,
            positions: positions.into_boxed_slice(),
        }
    }

    /// Whether its LCS with a key is computed bit-parallel (a key of at most 64 characters).
    fn bit_parallel(&self) -> bool {
        self.key.len() <= 64
    }

    /// An empty key to build up against this label.
    pub(crate) fn acc(&self) -> Acc {
        Acc {
            v: u64::MAX,
            len: 0,
            prefix: true,
            sig: 0,
            long: Vec::new(),
        }
    }

    /// Appends `key` to `acc`, advancing the LCS by the algorithm of
    /// Allison and Dix (in Hyyrö's form): a zero bit of `v` for each
    /// character of the template's key in the longest common subsequence.
    pub(crate) fn push(&self, acc: &mut Acc, key: &Key) {
        let chars = &self.key.chars;
        acc.prefix = acc.prefix && chars.get(acc.len..acc.len + key.len()) == Some(&key.chars[..]);
        acc.len += key.len();
        acc.sig |= key.sig;
        if !self.bit_parallel() {
            acc.long.extend_from_slice(&key.chars);
            return;
        }
        for &c in &key.chars {
            if sig_bit(c) & self.key.sig == 0 {
                continue;
            }
            let Ok(k) = self.positions.binary_search_by_key(&c, |&(d, _)| d) else {
                continue;
            };
            let u = acc.v & self.positions[k].1;
            acc.v = acc.v.wrapping_add(u) | (acc.v - u);
        }
    }

    /// How similar the key built up in `acc` is to this label's, in `0.0..=1.0`:
    /// 1 if equal, the Dice coefficient over their LCS otherwise, raised to
    /// [`PREFIX_SCORE`] for a prefix of two or more characters (an
    /// abbreviation), and 0 where their lengths or characters rule out
    /// every threshold.
    pub(crate) fn score(&self, acc: &Acc) -> f32 {
        let (m, n) = (self.key.len(), acc.len);
        if acc.prefix && n == m {
            return EXACT;
        }
        if m == 0 || n == 0 {
            return 0.0;
        }
        // A prefix of three characters or more (a label's first line, its
        // numbers beside it) scores as an abbreviation however long the rest.
        if n >= MIN_PREFIX && acc.prefix {
            return (2.0 * n as f32 / (m + n) as f32).max(PREFIX_SCORE);
        }
        // The score can be no higher than the keys' lengths allow; below every
        // threshold it is not worth the LCS.
        let bound = 2.0 * m.min(n) as f32 / (m + n) as f32;
        if bound < MIN_SCORED {
            return 0.0;
        }
        // No character in common: no common subsequence, and not a prefix.
        if self.key.sig & acc.sig == 0 {
            return 0.0;
        }
        let common = if self.bit_parallel() {
            let valid = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
            (!acc.v & valid).count_ones() as usize
        } else {
            lcs(&self.key.chars, &acc.long)
        };
        let dice = 2.0 * common as f32 / (m + n) as f32;
        if n >= 2 && acc.prefix {
            dice.max(PREFIX_SCORE)
        } else {
            dice
        }
    }
}

/// Length of the longest common subsequence.
fn lcs(a: &[char], b: &[char]) -> usize {
    /// Keys up to this many characters are scored without allocating.
    const STACK: usize = 64;
    let mut stack = [0u32; STACK + 1];
    let mut heap = Vec::new();
    let row: &mut [u32] = if b.len() <= STACK {
        &mut stack[..=b.len()]
    } else {
        heap.resize(b.len() + 1, 0);
        &mut heap
    };
    for &x in a {
        let mut diag = 0;
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()] as usize
}

/// A template label, as the grammar expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expected {
    /// The label as the template prints it.
    pub text: &'static str,
    /// Where the row's numbers go in the model (`requests.denied.state_secret`),
    /// empty for labels that carry none (groups, headers).
    pub path: &'static str,
}

impl Expected {
    /// A label that carries no numbers.
    pub(crate) const fn label(text: &'static str) -> Self {
        Expected { text, path: "" }
    }

    /// A row label and the model path of its numbers.
    pub(crate) const fn row(text: &'static str, path: &'static str) -> Self {
        Expected { text, path }
    }
}

/// A successful label match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Match {
    /// How many cells the label spans.
    pub cells: usize,
    /// How well it matched.
    pub score: f32,
}

/// Scores the label starting at `cells[0]` against `expected`.
///
/// Returns `None` if the first cell is not a label, the ordinals conflict, or
/// the best score is below the threshold.
pub(crate) fn match_label(input: Cells<'_>, expected: Expected) -> Option<Match> {
    let first = input.first().filter(|c| c.kind == CellKind::Label)?;
    // A cell far longer than the label (a paragraph) cannot score: skip it
    // before reading it, which also bounds the work per cell.
    if !could_be(first, expected) {
        return None;
    }
    match_read(input, expected, input.label(0)?)
}

/// Whether the first cell of `input` alone reads as exactly `expected`: its
/// key equal, no conflicting ordinal. A quick test, with no similarity scored.
pub(crate) fn is_exactly(input: Cells<'_>, expected: Expected) -> bool {
    let Some(cell) = input.first() else {
        return false;
    };
    if cell.kind != CellKind::Label || !could_be(cell, expected) {
        return false;
    }
    let Some(got) = input.label(0) else {
        return false;
    };
    let want = template_label(expected.text);
    got.key == want.key && want.ordinal.zip(got.ordinal).is_none_or(|(w, g)| w == g)
}

/// Whether `cell` is short enough to be read as `expected`.
fn could_be(cell: &Cell<'_>, expected: Expected) -> bool {
    cell.text.len() <= MAX_LENGTH_RATIO * expected.text.len() + LENGTH_SLACK
}

/// The first of `candidates` whose label starts at the head of `input`, and its match.
pub(crate) fn match_any(input: Cells<'_>, candidates: &[Expected]) -> Option<(usize, Match)> {
    let first = input.first().filter(|c| c.kind == CellKind::Label)?;
    candidates.iter().enumerate().find_map(|(k, expected)| {
        if !could_be(first, *expected) {
            return None;
        }
        match_read(input, *expected, input.label(0)?).map(|m| (k, m))
    })
}

/// Template labels by the address and length of their `'static` text.
type TemplateMap = HashMap<(usize, usize), &'static Template>;

/// Every template label read so far, shared by all threads. They are a
/// fixed set of `'static` strings (the template's row, column and section
/// labels), so each is read once and kept for the life of the process.
static TEMPLATES: std::sync::LazyLock<std::sync::Mutex<TemplateMap>> =
    std::sync::LazyLock::new(Default::default);

/// Slots of the cache of template labels.
const CACHE_SLOTS: usize = 512;
/// Slots a label may take in the cache (the first free from its hash's on).
const CACHE_PROBES: usize = 4;

/// A label's address and length, and the label read.
type CacheEntry = (usize, usize, &'static Template);

/// A cache of [`TEMPLATES`] indexed by a hash of the label's address: a
/// lookup without a lock or a hash map. A slot is filled once, by the first
/// label that hashes to it; another label that hashes there is looked up in
/// [`TEMPLATES`].
static TEMPLATE_CACHE: [std::sync::OnceLock<CacheEntry>; CACHE_SLOTS] =
    [const { std::sync::OnceLock::new() }; CACHE_SLOTS];

/// A template label, read (once per process) into its ordinal and key.
pub(crate) fn template_label(text: &'static str) -> &'static Template {
    let key = (text.as_ptr() as usize, text.len());
    let hash = (key.0 ^ key.1.rotate_left(32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let first = (hash >> 32) % CACHE_SLOTS;
    let read = || -> &'static Template {
        TEMPLATES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_insert_with(|| Box::leak(Box::new(Template::new(text))))
    };
    // A few slots from the hash's on: two labels in use that hash alike
    // (which ones do depends on where the linker puts them) both stay
    // clear of the lock.
    for probe in 0..CACHE_PROBES {
        let slot = &TEMPLATE_CACHE[(first + probe) % CACHE_SLOTS];
        match slot.get_or_init(|| (key.0, key.1, read())) {
            &(ptr, len, template) if (ptr, len) == key => return template,
            _ => continue,
        }
    }
    read()
}

/// How one label read as `got` compares with `want`.
enum First {
    /// Its key is the template's.
    Exact,
    /// Their ordinals conflict.
    Conflict,
    /// Scored: the LCS state, the score, and the threshold it must reach.
    Scored {
        acc: Acc,
        score: f32,
        threshold: f32,
    },
}

/// Compares a label with a template label (the first cell of a match).
fn first(want: &Template, got: &Label) -> First {
    // The label printed as the template prints it (the common case): exact,
    // whatever the ordinals say (a misnumbered row), and no longer match can
    // score more. A short key (`其他`) is no row's own: its ordinal tells
    // `2.其他…` (wrapped) from `3.其他`.
    let conflict = want.ordinal.zip(got.ordinal).is_some_and(|(w, g)| w != g);
    if got.key == want.key && !(conflict && want.key.len() < DISTINCT_KEY) {
        return First::Exact;
    }
    // Conflicting numbering: only an exact text is accepted (above).
    if conflict {
        return First::Conflict;
    }
    let ordinal_agrees = want.ordinal.is_some() && got.ordinal.is_some();
    let mut acc = want.acc();
    want.push(&mut acc, &got.key);
    let score = want.score(&acc);
    let threshold = if ordinal_agrees {
        THRESHOLD_WITH_ORDINAL
    } else {
        THRESHOLD
    };
    First::Scored {
        acc,
        score,
        threshold,
    }
}

/// Whether `text`, one label (cells run together, as glued text prints
/// them), reads as `expected`, as [`match_label`] would read it in a cell.
pub(crate) fn reads_as(text: &str, expected: Expected) -> bool {
    if text.len() > MAX_LENGTH_RATIO * expected.text.len() + LENGTH_SLACK {
        return false;
    }
    match first(template_label(expected.text), &Label::parse(text)) {
        First::Exact => true,
        First::Conflict => false,
        First::Scored {
            score, threshold, ..
        } => score >= threshold,
    }
}

/// [`match_label`] with the first cell already read as `got`.
fn match_read(input: Cells<'_>, expected: Expected, got: &Label) -> Option<Match> {
    let cells = input.as_slice();
    let first_cell = &cells[0];
    let want = template_label(expected.text);
    let (mut acc, score, threshold) = match first(want, got) {
        First::Exact => {
            return Some(Match {
                cells: 1,
                score: EXACT,
            });
        }
        First::Conflict => return None,
        First::Scored {
            acc,
            score,
            threshold,
        } => (acc, score, threshold),
    };
    if got.ordinal.is_none() && !got.key.chars.iter().any(|c| want.key.chars.contains(c)) {
        // A first cell with no character of the label's, and no ordinal,
        // starts no reading of it (`开`, a group label's piece left of the
        // row's `其他`, and `其他` read `3.其他` together).
        return None;
    }
    // A first part too short to know the label by may be joined with its
    // rest below its numbers: a prefix of the template's key (`（一）予`),
    // or any part where the ordinals agree (`（七）合` ⏎ `计`) or the
    // template has none (`规范性文` ⏎ `件`). (An unnumbered piece of a
    // numbered label, `新收政府`, is no start of one.)
    let joinable = acc.is_prefix() || got.ordinal.is_some() || want.ordinal.is_none();
    let first_acc = (score < threshold && joinable).then(|| acc.clone());
    let mut best = Match { cells: 1, score };
    // The match that ends with a piece on a later line that its row's
    // numbers follow on that line (a label wrapped before its numbers).
    let mut to_numbers: Option<Match> = None;
    let mut taken = 1;
    for (i, next) in cells.iter().enumerate().skip(1).take(MAX_LABEL_SPAN) {
        if taken >= MAX_LABEL_CELLS || best.score >= EXACT || next.kind != CellKind::Label {
            break;
        }
        let Some(next_label) = input.label(i) else {
            break;
        };
        if next_label.ordinal.is_some() {
            break;
        }
        if in_column_left(first_cell, next) {
            continue;
        }
        let before = acc.clone();
        want.push(&mut acc, &next_label.key);
        let score = want.score(&acc);
        let other_column = in_other_column(first_cell, next);
        if !other_column
            && next.line > first_cell.line
            && score >= threshold
            && cells
                .get(i + 1)
                .is_some_and(|c| c.is_value() && c.line == next.line)
        {
            to_numbers = Some(Match {
                cells: i + 1,
                score,
            });
        }
        // (A longer prefix is a better match, though prefixes score alike.)
        if score > best.score || (score == best.score && acc.is_prefix()) {
            best = Match {
                cells: i + 1,
                score,
            };
        } else if other_column {
            // A piece of another column's label (a vertical group label)
            // between the lines of this one: passed over, not taken in.
            acc = before;
            continue;
        } else if !acc.is_prefix() && score < threshold && acc.len >= want.key.len() {
            // (Pieces that leave the prefix but still read as the label, a
            // variant's, go on: its numbers may follow a later one; so do
            // pieces shorter than the label, `(七) 合 计` broken by spaces.)
            break;
        }
        taken += 1;
    }
    // A label wrapped before its row's numbers whose pieces score less
    // together than its first part alone (`2.其他法` ⏎ `律行政止` and the
    // numbers, a variant that leaves the template's prefix): the match that
    // reaches the numbers, where the better one leaves a label before them.
    if let Some(t) = to_numbers.filter(|t| {
        t.cells > best.cells
            && cells
                .get(best.cells)
                .is_some_and(|c| c.kind == CellKind::Label)
    }) {
        best = t;
    }
    if best.score < threshold && best.cells == 1 {
        // A first part too short to know the label by: its rest below the numbers.
        if let Some(score) = first_acc.and_then(|acc| wrapped_around(input, want, acc, threshold)) {
            best.score = best.score.max(score);
        }
    }
    (best.score >= threshold).then_some(best)
}

/// The most numbers looked past on a label's line for its rest (a row has
/// at most fifteen cells).
const MAX_CELLS_PAST: usize = 32;

/// The score of a label whose first part, `acc` (too short to know it by:
/// `（一）予`, `（七）合`), is followed on its line by the row's numbers,
/// and whose rest stands below them in its column (`以公开`, `计`, in a
/// space-aligned layout): the parts joined on, as long as each brings the
/// key closer to the template's or keeps it a prefix (pieces of a group
/// label left of it passed over), and none starts the label again (the
/// row's own label printed below, `规章` ⏎ `行政规范性文件`, is no rest of
/// another). Where the first part starts the template's key, a rest that
/// departs from it must read as the label at [`THRESHOLD`] at least,
/// whatever `threshold` the ordinals allow (`（一）予` ⏎ `以外的` is not
/// （一）予以公开). `None` where no such rest follows.
fn wrapped_around(input: Cells<'_>, want: &Template, mut acc: Acc, threshold: f32) -> Option<f32> {
    let departs_at = if acc.is_prefix() {
        threshold.max(THRESHOLD)
    } else {
        threshold
    };
    let cells = input.as_slice();
    let first = cells.first()?;
    let numbers = cells[1..]
        .iter()
        .take(MAX_CELLS_PAST)
        .take_while(|c| c.line == first.line && c.is_value())
        .count();
    if numbers == 0 {
        return None;
    }
    let mut best: Option<f32> = None;
    let mut score = want.score(&acc);
    let mut taken = 1;
    for (k, next) in cells
        .iter()
        .enumerate()
        .skip(1 + numbers)
        .take(MAX_LABEL_SPAN)
    {
        if taken >= MAX_LABEL_CELLS || next.kind != CellKind::Label || next.line <= first.line {
            break;
        }
        if in_column_left(first, next) {
            continue;
        }
        if in_other_column(first, next) {
            break;
        }
        let piece = input.label(k)?;
        let again = !piece.key.is_empty() && want.key.chars.starts_with(&piece.key.chars);
        if piece.ordinal.is_some() || again {
            break;
        }
        want.push(&mut acc, &piece.key);
        let better = want.score(&acc);
        if better <= score && !acc.is_prefix() {
            break;
        }
        score = better;
        taken += 1;
        if acc.is_prefix() || score >= departs_at {
            best = Some(best.map_or(score, |b| b.max(score)));
        }
    }
    best
}

#[cfg(test)]
fn ordinal_of(text: &str) -> Option<u8> {
    Label::parse(text).ordinal.map(|o| o.n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nom::bytes::complete::take_while_m_n;
    use nom::character::complete::{char, one_of};
    use nom::combinator::{map_opt, opt};
    use nom::sequence::{delimited, terminated};
    use nom::{IResult, Parser};

    proptest::proptest! {
        /// Keys decoded by bytes hold the characters `chars()` gives.
        #[test]
        fn keys_hold_the_key_characters(text in "\\PC{0,40}") {
            let key = Key::of(&text);
            let want: Vec<char> = text.chars().filter(|&c| is_key_char(c)).collect();
            proptest::prop_assert_eq!(&key.chars, &want);
            let sig = want.iter().fold(0, |s, &c| s | sig_bit(c));
            proptest::prop_assert_eq!(key.sig, sig);
        }
    }

    /// The ordinal grammar in nom, as the reference for [`ordinal`].
    fn ordinal_nom(input: &str) -> IResult<&str, u8> {
        let numeral = |i| {
            map_opt(
                take_while_m_n(1, 3, |c: char| "一二三四五六七八九十".contains(c)),
                chinese_numeral,
            )
            .parse(i)
        };
        let digits = |i| {
            map_opt(
                take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
                |d: &str| d.parse::<u8>().ok(),
            )
            .parse(i)
        };
        let open = |i| one_of("(（").parse(i);
        let close = |i| one_of(")）").parse(i);
        let bracketed = delimited(open, nom::branch::alt((numeral, digits)), close);
        let chinese = terminated(numeral, one_of("、.．"));
        // `1.属于` but not `1.5`, and not `2023年`.
        let arabic = terminated(digits, one_of(".、．"));
        let (rest, n) = nom::branch::alt((bracketed, chinese, arabic)).parse(input)?;
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Verify,
            )));
        }
        let (rest, _) = opt(char(' ')).parse(rest)?;
        Ok((rest, n))
    }

    #[test]
    fn the_ordinal_reader_agrees_with_its_grammar() {
        let pieces = [
            "",
            "(",
            "（",
            ")",
            "）",
            "一",
            "十",
            "二十",
            "三十五",
            "九十九",
            "十十",
            "1",
            "12",
            "123",
            "、",
            ".",
            "．",
            " ",
            "5",
            "年",
            "属于",
        ];
        let mut seen = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let t = format!("{a}{b}{c}{d}");
                        assert_eq!(ordinal(&t), ordinal_nom(&t).ok(), "{t:?}");
                        seen += usize::from(ordinal(&t).is_some());
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_of("一、本年新收"), Some(1));
        assert_eq!(ordinal_of("(三)不予公开"), Some(3));
        assert_eq!(ordinal_of("（七）总计"), Some(7));
        assert_eq!(ordinal_of("5.要求行政机关"), Some(5));
        assert_eq!(ordinal_of("1、属于国家秘密"), Some(1));
        assert_eq!(ordinal_of("十二、其他"), Some(12));
        assert_eq!(ordinal_of("2023年"), None);
        assert_eq!(ordinal_of("1.5"), None);
        assert_eq!(ordinal_of("第二十条第(一)项"), None);
        assert_eq!(ordinal_of("(本列数据)"), None);
    }

    #[test]
    fn keys_drop_punctuation_and_space() {
        assert_eq!(
            Label::parse("3.危及“三安全一稳定”").key,
            Key::of("危及三安全一稳定")
        );
        assert_eq!(
            Label::parse("### 二、主动公开 政府信息情况").key,
            Key::of("主动公开政府信息情况")
        );
        assert_eq!(Label::parse("本年增/减").key, Key::of("本年增减"));
    }

    fn m(text: &str, expected: &'static str) -> Option<Match> {
        match_label(
            super::super::Stream::new(text).input(),
            Expected::label(expected),
        )
    }

    #[test]
    fn variants_match() {
        assert_eq!(m("（七）总计", "(七)总计").unwrap().score, EXACT);
        assert!(m("(七)合计", "(七)总计").is_some());
        assert!(m("(六)其他", "(六)其他处理").is_some());
        assert!(m("2.其他法律行政止公开", "2.其他法律行政法规禁止公开").is_some());
        assert!(m("社会公益", "社会公益组织").is_some());
        assert!(m("规范性文件", "行政规范性文件").is_some());
    }

    #[test]
    fn a_first_cell_with_nothing_of_the_label_starts_no_reading_of_it() {
        // `开`, the end of the group label （三）不予公开 in its left column,
        // then a row label mangled into `其他`: no `3.其他`.
        assert!(m(" 开    其他      1    2\n", "3.其他").is_none());
        assert!(m(" 其他      1    2\n", "3.其他").is_some());
        // An ordinal speaks for its cell: `（七）合` ⏎ `计`.
        assert!(m("   （七）合    1  2\n   计\n", "(七)总计").is_some());
        // A variant broken by spaces, its first piece unlike the label's.
        let got = m("(七)  合  计    1  2", "(七)总计").unwrap();
        assert_eq!(got.cells, 3);
    }

    #[test]
    fn a_short_first_part_is_known_by_its_rest_below_the_numbers() {
        // pdftotext -layout: the label's first line too short to know it by,
        // the row's numbers beside it, the rest below in its column.
        let text = "   （一）予    70035     9  65955    无     8     4     7\n   以公开\n";
        let got = m(text, "（一）予以公开").unwrap();
        assert_eq!(
            got,
            Match {
                cells: 1,
                score: EXACT
            }
        );
        // Not a rest that breaks the template's label, nor one in another
        // column, nor with no numbers between.
        assert!(m("   （一）予    1  2\n   以外的\n", "（一）予以公开").is_none());
        assert!(
            m(
                "   （一）予    1  2\n              以公开\n",
                "（一）予以公开"
            )
            .is_none()
        );
        assert!(m("   （一）予\n   以公开\n", "（一）予以公开").is_some_and(|g| g.cells == 2));
        assert!(m("   （二）予    1  2\n   以公开\n", "（一）予以公开").is_none());
    }

    /// The label of `text`'s cell `skip` on, as [`match_label`] reads it.
    fn m_at(text: &str, skip: usize, expected: &'static str) -> Option<Match> {
        match_label(
            super::super::Stream::new(text).input().advance(skip),
            Expected::label(expected),
        )
    }

    /// `pdftotext -layout` wraps a label in a narrow column, the row's
    /// numbers beside any of its lines.
    #[test]
    fn labels_wrapped_in_a_narrow_column() {
        // A variant whose pieces leave the template's prefix (and score
        // less than the first alone) is read up to its numbers.
        let law = "2.其他法律行政法规禁止公开";
        let got = m("   2.其他法\n   律行政止公\n   开    1  2  3\n", law).unwrap();
        assert_eq!(got.cells, 3);
        let got = m("   2.其他法\n   律行政止    1  2  3\n   公开\n", law).unwrap();
        assert_eq!(got.cells, 2);
        // A first part that starts no template key, its rest below its
        // numbers, where the ordinals agree or the template has none.
        assert!(m("   （七）合    1  2\n   计\n", "(七)总计").is_some());
        assert!(m("   规范性文    1  2\n   件\n", "行政规范性文件").is_some());
        // The row's own label below another's numbers is no rest of it.
        let text = "   规章    1  2\n   行政规范性文件    3  4\n";
        assert!(m(text, "行政规范性文件").is_none());
        // An unnumbered piece of a numbered label starts none.
        let text = "   新收政府    1  2\n   信息公开\n   申请数量\n";
        assert!(m(text, "二、上年结转政府信息公开申请数量").is_none());
        // Pieces of a group label down the column left of the label are
        // passed over, never taken in, even where they read on (`理` of
        // `其他处理` beside `人无正当` ⏎ `理由逾期`).
        let text = "（六）  1.申请\n其他处  人无正当\n理      理由逾期\n        不补正、行政机关    1  2\n";
        let item = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
        assert_eq!(m_at(text, 1, item).map(|g| g.cells), Some(6));
        // Ten lines of four characters: the longest label, read whole.
        let fee = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请";
        let chars: Vec<char> = fee.chars().collect();
        let lines: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        let text = lines.join("\n") + "    1  2\n";
        assert_eq!(
            m(&text, fee),
            Some(Match {
                cells: lines.len(),
                score: EXACT
            })
        );
    }

    #[test]
    fn wrapped_labels_span_cells() {
        let got = m(
            "5.要求行政机关确认或重新\n出具已获取信息\n0",
            "5.要求行政机关确认或重新出具已获取信息",
        )
        .unwrap();
        assert_eq!(
            got,
            Match {
                cells: 2,
                score: EXACT
            }
        );
        assert_eq!(m("总\n\n计", "总计").unwrap().cells, 2);
        assert_eq!(m("商业\n企业\n科研机构", "商业企业").unwrap().cells, 2);
    }

    #[test]
    fn different_rows_do_not_match() {
        assert!(m("3.其他", "2.其他法律行政法规禁止公开").is_none());
        assert!(
            m(
                "(一)予以公开",
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
            )
            .is_none()
        );
        assert!(m("行政处罚", "行政强制").is_none());
        assert!(m("行政许可", "行政强制").is_none());
        assert!(m("0", "规章").is_none());
    }

    #[test]
    fn bit_parallel_lcs_agrees_with_the_table() {
        // A small alphabet, so that the keys share many characters.
        let alphabet: Vec<char> = "一二三公开申请ab1".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..2000 {
            let word = |len: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
            };
            let (m, n) = (next(66), next(40));
            let (e, a) = (word(m, &mut next), word(n, &mut next));
            let t = Template::new(Box::leak(e.into_boxed_str()));
            let a = Key::of(&a);
            let table = lcs(&t.key.chars, &a.chars);
            let mut acc = t.acc();
            // Built up in two pieces, as a wrapped label is.
            let cut = next(a.len() + 1);
            t.push(
                &mut acc,
                &Key::of(&a.chars[..cut].iter().collect::<String>()),
            );
            t.push(
                &mut acc,
                &Key::of(&a.chars[cut..].iter().collect::<String>()),
            );
            assert_eq!(acc.is_prefix(), t.key.chars.starts_with(&a.chars));
            if t.key.len() <= 64 {
                let valid = if t.key.len() == 64 {
                    u64::MAX
                } else {
                    (1u64 << t.key.len()) - 1
                };
                assert_eq!(
                    (!acc.v & valid).count_ones() as usize,
                    table,
                    "{:?} {:?}",
                    t.key,
                    a
                );
            }
        }
    }
}
