//! Fonts: from a text-showing operator's bytes to characters and widths.
//!
//! Read: composite (Type0) fonts with `Identity-H`/`Identity-V` or an
//! embedded CMap, their `/W` widths; simple fonts (Type1, TrueType, Type3)
//! with `/Widths`, a base encoding (WinAnsi, MacRoman, Standard) and
//! `/Differences` glyph names; a `ToUnicode` map first wherever a font has
//! one. Predefined CJK CMaps other than Identity (`GBK-EUC-H`…) are not
//! compiled in: such a font without `ToUnicode` yields no text.

use hayro_cmap::{BfString, CMap};
use hayro_syntax::object::{Array, Dict, Name, Object, Stream};

use super::decode_stream;

/// A font, ready to decode the strings shown with it.
pub(super) struct Font {
    codes: Codes,
    to_unicode: Option<CMap>,
    /// Width of a code (CID for composite fonts) in text space units.
    widths: Widths,
    /// Characters of a simple font's codes, from its encoding.
    encoding: Option<Box<[Option<char>; 256]>>,
}

enum Codes {
    /// One byte a code.
    Simple,
    /// Two bytes a code, the code is the CID.
    Identity,
    /// Codes as an embedded CMap reads them.
    CMap(Box<CMap>),
}

struct Widths {
    /// Scale from glyph widths to text space (1/1000, or a Type 3 font's matrix).
    scale: f64,
    default: f64,
    /// (first code, widths), sorted by first code.
    ranges: Vec<(u32, Vec<f64>)>,
}

impl Widths {
    fn get(&self, code: u32) -> f64 {
        let i = self.ranges.partition_point(|(first, _)| *first <= code);
        let w = i
            .checked_sub(1)
            .and_then(|i| {
                let (first, ws) = &self.ranges[i];
                ws.get((code - first) as usize).copied()
            })
            .unwrap_or(self.default);
        w * self.scale
    }
}

/// One shown code: its characters (possibly none), its advance in text
/// space units (before the font size), whether it is a single-byte space.
pub(super) struct Shown {
    pub text: Option<BfStr>,
    pub width: f64,
    pub space: bool,
}

/// A code's characters: mostly one.
pub(super) enum BfStr {
    Char(char),
    String(String),
}

impl Font {
    /// Reads a font dictionary. Never fails: what cannot be read gives
    /// defaults (no text for unknown codes, widths of half an em).
    pub(super) fn new(dict: &Dict<'_>, budget: &mut super::Budget) -> Font {
        let subtype = dict.get::<Name<'_>>(b"Subtype".as_slice());
        let composite = subtype.as_deref() == Some(b"Type0".as_slice());
        let to_unicode = dict
            .get::<Stream<'_>>(b"ToUnicode".as_slice())
            .and_then(|s| decode_stream(&s, budget))
            .and_then(|data| CMap::parse(&data, |_| None));
        if composite {
            let descendant = dict
                .get::<Array<'_>>(b"DescendantFonts".as_slice())
                .and_then(|a| a.iter::<Dict<'_>>().next())
                .unwrap_or_default();
            let codes = match dict.get::<Object<'_>>(b"Encoding".as_slice()) {
                Some(Object::Stream(s)) => decode_stream(&s, budget)
                    .and_then(|data| CMap::parse(&data, |_| None))
                    .map_or(Codes::Identity, |c| Codes::CMap(Box::new(c))),
                _ => Codes::Identity,
            };
            let default = descendant.get::<f64>(b"DW".as_slice()).unwrap_or(1000.0);
            let ranges = descendant
                .get::<Array<'_>>(b"W".as_slice())
                .map(|w| cid_widths(&w))
                .unwrap_or_default();
            Font {
                codes,
                to_unicode,
                widths: Widths {
                    scale: 0.001,
                    default,
                    ranges,
                },
                encoding: None,
            }
        } else {
            let type3 = subtype.as_deref() == Some(b"Type3".as_slice());
            let scale = if type3 {
                dict.get::<[f64; 6]>(b"FontMatrix".as_slice())
                    .map_or(0.001, |m| m[0].abs())
            } else {
                0.001
            };
            let descriptor = dict
                .get::<Dict<'_>>(b"FontDescriptor".as_slice())
                .unwrap_or_default();
            let default = descriptor
                .get::<f64>(b"MissingWidth".as_slice())
                .filter(|w| *w > 0.0)
                .unwrap_or(if type3 { 0.0 } else { 500.0 });
            let first = dict.get::<u32>(b"FirstChar".as_slice()).unwrap_or(0);
            let widths = dict
                .get::<Array<'_>>(b"Widths".as_slice())
                .map(|a| a.iter::<f64>().take(256).collect::<Vec<_>>())
                .unwrap_or_default();
            Font {
                codes: Codes::Simple,
                to_unicode,
                widths: Widths {
                    scale,
                    default,
                    ranges: vec![(first.min(255), widths)],
                },
                encoding: Some(simple_encoding(dict)),
            }
        }
    }

    /// The codes of a shown string, in order.
    pub(super) fn decode(&self, bytes: &[u8], mut f: impl FnMut(Shown)) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = match &self.codes {
                Codes::Simple => (bytes[i] as u32, 1),
                Codes::Identity => match bytes.get(i + 1) {
                    Some(&b) => (u32::from(bytes[i]) << 8 | u32::from(b), 2),
                    None => (bytes[i] as u32, 1),
                },
                Codes::CMap(cmap) => {
                    let mut found = None;
                    let mut code = 0u32;
                    for len in 1..=4usize {
                        let Some(&b) = bytes.get(i + len - 1) else {
                            break;
                        };
                        code = code << 8 | u32::from(b);
                        if let Some(cid) = cmap.lookup_cid_code(code, len as u8) {
                            found = Some((code, cid, len));
                            break;
                        }
                    }
                    match found {
                        Some((code, cid, len)) => {
                            let text = self.unicode(code);
                            f(Shown {
                                text,
                                width: self.widths.get(cid),
                                space: false,
                            });
                            i += len;
                            continue;
                        }
                        None => (bytes[i] as u32, 1),
                    }
                }
            };
            let text = self.unicode(code).or_else(|| {
                let enc = self.encoding.as_ref()?;
                enc.get(code as usize).copied().flatten().map(BfStr::Char)
            });
            f(Shown {
                text,
                width: self.widths.get(code),
                space: len == 1 && code == 32,
            });
            i += len;
        }
    }

    fn unicode(&self, code: u32) -> Option<BfStr> {
        match self.to_unicode.as_ref()?.lookup_bf_string(code)? {
            BfString::Char(c) => Some(BfStr::Char(c)),
            BfString::String(s) => Some(BfStr::String(s)),
        }
    }
}

/// A composite font's `/W` array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(w: &Array<'_>) -> Vec<(u32, Vec<f64>)> {
    let items: Vec<Object<'_>> = w.iter::<Object<'_>>().take(100_000).collect();
    let mut ranges = Vec::new();
    let num = |o: &Object<'_>| match o {
        Object::Number(n) => Some(n.as_f64()),
        _ => None,
    };
    let mut i = 0;
    while i < items.len() {
        let Some(first) = num(&items[i]).filter(|f| *f >= 0.0) else {
            i += 1;
            continue;
        };
        match items.get(i + 1) {
            Some(Object::Array(a)) => {
                ranges.push((first as u32, a.iter::<f64>().take(65_536).collect()));
                i += 2;
            }
            Some(o) => {
                if let (Some(last), Some(width)) = (num(o), items.get(i + 2).and_then(num)) {
                    let n = (last - first + 1.0).clamp(0.0, 65_536.0) as usize;
                    ranges.push((first as u32, vec![width; n]));
                }
                i += 3;
            }
            None => break,
        }
    }
    ranges.sort_by_key(|(first, _)| *first);
    ranges
}

/// A simple font's characters by code: its base encoding (WinAnsi unless it
/// names MacRoman or Standard) with its `/Differences`.
fn simple_encoding(dict: &Dict<'_>) -> Box<[Option<char>; 256]> {
    let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let (base, differences) = match dict.get::<Object<'_>>(b"Encoding".as_slice()) {
        Some(Object::Name(n)) => (Some(n), None),
        Some(Object::Dict(d)) => (
            d.get::<Name<'_>>(b"BaseEncoding".as_slice()),
            d.get::<Array<'_>>(b"Differences".as_slice()),
        ),
        _ => (None, None),
    };
    let mac = base.as_deref() == Some(b"MacRomanEncoding".as_slice());
    for (code, slot) in table.iter_mut().enumerate() {
        *slot = match code {
            0x20..=0x7E => Some(code as u8 as char),
            0xA0..=0xFF if !mac => Some(code as u8 as char),
            0x80..=0x9F if !mac => WIN_ANSI_80[code - 0x80],
            _ => None,
        };
    }
    if let Some(differences) = differences {
        let mut code = 0usize;
        for item in differences.iter::<Object<'_>>().take(1024) {
            match item {
                Object::Number(n) => code = n.as_f64().clamp(0.0, 255.0) as usize,
                Object::Name(name) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_char(&name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// Windows-1252 at 0x80–0x9F.
const WIN_ANSI_80: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The character of a glyph name: `uniXXXX`, `uXXXX[XX]`, a one-letter
/// name, or a name of the ASCII range of the Adobe Glyph List.
fn glyph_char(name: &Name<'_>) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().unwrap_or(name);
    if let Some(hex) = name.strip_prefix("uni").filter(|h| h.len() == 4) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(hex) = name
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        if let Ok(c) = u32::from_str_radix(hex, 16) {
            return char::from_u32(c);
        }
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c);
    }
    const DIGITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if let Some(d) = DIGITS.iter().position(|d| *d == name) {
        return Some((b'0' + d as u8) as char);
    }
    Some(match name {
        "space" | "nbspace" => ' ',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semicolon" => ';',
        "hyphen" | "minus" => '-',
        "percent" => '%',
        "parenleft" => '(',
        "parenright" => ')',
        "slash" => '/',
        "plus" => '+',
        "equal" => '=',
        "bracketleft" => '[',
        "bracketright" => ']',
        "quotesingle" => '\'',
        "quotedbl" => '"',
        "ampersand" => '&',
        "asterisk" => '*',
        "numbersign" => '#',
        "dollar" => '$',
        "underscore" => '_',
        "endash" => '–',
        "emdash" => '—',
        "bullet" => '•',
        _ => return None,
    })
}

/// A CJK Radicals Supplement character (U+2E80–U+2EF3), which some fonts'
/// `ToUnicode` maps give for the ideograph they draw (`⺠` for `民`) and
/// which NFKC leaves alone, as its unified ideograph; Kangxi radicals
/// (U+2F00–) are left to NFKC.
pub(super) fn unify_radical(c: char) -> char {
    let u = c as u32;
    if !(0x2E80..=0x2EF3).contains(&u) {
        return c;
    }
    RADICALS
        .iter()
        .find(|(r, _)| *r == c)
        .map_or(c, |(_, ideograph)| *ideograph)
}

/// CJK Radicals Supplement characters and their equivalent unified
/// ideographs (Unicode's EquivalentUnifiedIdeograph.txt, the entries in
/// the Basic Multilingual Plane).
const RADICALS: &[(char, char)] = &[
    ('⺁', '厂'),
    ('⺄', '乙'),
    ('⺅', '亻'),
    ('⺆', '冂'),
    ('⺉', '刂'),
    ('⺊', '卜'),
    ('⺌', '小'),
    ('⺎', '兀'),
    ('⺏', '尣'),
    ('⺐', '尢'),
    ('⺒', '巳'),
    ('⺓', '幺'),
    ('⺔', '彑'),
    ('⺖', '忄'),
    ('⺗', '心'),
    ('⺘', '扌'),
    ('⺙', '攵'),
    ('⺛', '旡'),
    ('⺜', '日'),
    ('⺝', '月'),
    ('⺞', '歺'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺡', '氵'),
    ('⺢', '氺'),
    ('⺣', '灬'),
    ('⺤', '爫'),
    ('⺦', '丬'),
    ('⺧', '牛'),
    ('⺨', '犭'),
    ('⺩', '王'),
    ('⺪', '疋'),
    ('⺫', '目'),
    ('⺬', '示'),
    ('⺭', '礻'),
    ('⺯', '糹'),
    ('⺰', '纟'),
    ('⺱', '罓'),
    ('⺲', '罒'),
    ('⺶', '羊'),
    ('⺷', '羊'),
    ('⺹', '耂'),
    ('⺺', '肀'),
    ('⺻', '聿'),
    ('⺼', '肉'),
    ('⺽', '臼'),
    ('⺾', '艹'),
    ('⺿', '艹'),
    ('⻀', '艹'),
    ('⻁', '虎'),
    ('⻂', '衤'),
    ('⻃', '覀'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻈', '讠'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻌', '辶'),
    ('⻍', '辶'),
    ('⻎', '辶'),
    ('⻏', '阝'),
    ('⻐', '钅'),
    ('⻑', '長'),
    ('⻒', '镸'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻖', '阝'),
    ('⻗', '雨'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻟', '飠'),
    ('⻠', '饣'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻫', '斉'),
    ('⻬', '齐'),
    ('⻭', '歯'),
    ('⻮', '齿'),
    ('⻯', '竜'),
    ('⻰', '龙'),
    ('⻱', '龜'),
    ('⻲', '亀'),
    ('⻳', '龟'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(unify_radical('⺠'), '民');
        assert_eq!(unify_radical('⻅'), '见');
        assert_eq!(unify_radical('民'), '民');
    }
}
