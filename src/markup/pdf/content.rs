//! The content interpreter: a page's operators, read for what the layout
//! needs, the glyphs shown (character, place, size) and the straight lines
//! painted (table rules), in page space: points from the crop box's top
//! left, y down, the page's rotation applied.
//!
//! Read: graphics state (`q`/`Q`/`cm`, colours to skip white paint), text
//! state and matrices (`Tc Tw Tz TL Tf Ts`, `Td TD Tm T*`), text shown
//! (`Tj TJ ' "`, invisible text of mode 3 too: it is an OCR layer), paths
//! (`m l re h`, curves marking a path as no rule) and their painting, Form
//! XObjects (nested at most [`MAX_FORM_DEPTH`] deep). Images are counted
//! (a page of images and no text is a scan).

use std::collections::HashMap;

use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::{Dict, Name, Object, ObjectIdentifier, Stream};

use super::font::{BfStr, Font, unify_radical};
use super::{Budget, decode_stream};

/// Deepest nesting of Form XObjects followed.
pub const MAX_FORM_DEPTH: usize = 12;
/// Deepest graphics state stack kept (`q` past it is ignored).
const MAX_STATE_DEPTH: usize = 256;

/// A glyph shown: its text, its box along the baseline, its size.
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    /// The baseline (y grows downwards).
    pub y: f64,
    /// The font size in page space.
    pub size: f64,
}

impl Glyph {
    /// The middle of the glyph's box.
    pub fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, self.y - self.size * 0.35)
    }
}

/// A straight rule: horizontal (`y` fixed, from `a` to `b` in x) or
/// vertical (`x` fixed, from `a` to `b` in y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rule {
    pub horizontal: bool,
    /// Its place across: y of a horizontal rule, x of a vertical one.
    pub at: f64,
    pub a: f64,
    pub b: f64,
}

/// What a page shows.
#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    pub height: f64,
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`.
fn then(first: &Matrix, second: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *second;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    font: Option<ObjectIdentifier>,
    size: f64,
    white_fill: bool,
    white_stroke: bool,
}

/// Fonts read so far, by object; a font that is no indirect object is read
/// again each time it is selected.
#[derive(Default)]
pub(super) struct Fonts {
    by_id: HashMap<ObjectIdentifier, Font>,
    direct: Option<Font>,
}

struct Interpreter<'b> {
    budget: &'b mut Budget,
    fonts: &'b mut Fonts,
    out: PageContent,
    state: State,
    stack: Vec<State>,
    tm: Matrix,
    tlm: Matrix,
    /// Subpaths of the path being built: points in page space, closed.
    path: Vec<(Vec<(f64, f64)>, bool)>,
    curved: bool,
}

/// Reads a page's content in page space, `base` being the transform from
/// user space (crop box, rotation, y down).
pub(super) fn interpret(
    content: &[u8],
    (fonts_dict, xobjects): (&Dict<'_>, &Dict<'_>),
    base: Matrix,
    height: f64,
    budget: &mut Budget,
    fonts: &mut Fonts,
) -> Result<PageContent, String> {
    let mut it = Interpreter {
        budget,
        fonts,
        out: PageContent {
            height,
            ..PageContent::default()
        },
        state: State {
            ctm: base,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            size: 0.0,
            white_fill: false,
            white_stroke: false,
        },
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        path: Vec::new(),
        curved: false,
    };
    it.run(content, fonts_dict, xobjects, 0)?;
    Ok(it.out)
}

fn num(o: &Object<'_>) -> f64 {
    match o {
        Object::Number(n) => {
            let v = n.as_f64();
            if v.is_finite() { v } else { 0.0 }
        }
        _ => 0.0,
    }
}

/// Whether colour operands paint white (gray 1, RGB 1 1 1, CMYK 0 0 0 0).
fn white(ops: &[Object<'_>]) -> bool {
    let v: Vec<f64> = ops.iter().map(num).collect();
    match v.len() {
        1 | 3 => v.iter().all(|c| *c >= 0.95),
        4 => v.iter().all(|c| *c <= 0.05),
        _ => false,
    }
}

impl Interpreter<'_> {
    fn run(
        &mut self,
        content: &[u8],
        fonts: &Dict<'_>,
        xobjects: &Dict<'_>,
        depth: usize,
    ) -> Result<(), String> {
        let mut ops = UntypedIter::new(content);
        // Fonts selected in this content, by resource name (a lookup in the
        // resources resolves and reads the font's dictionary again).
        let mut selected: HashMap<Vec<u8>, ObjectIdentifier> = HashMap::new();
        let mut args: Vec<Object<'_>> = Vec::new();
        while let Some(ins) = ops.next() {
            self.budget.operator()?;
            args.clear();
            args.extend(ins.operands().cloned());
            let op: &[u8] = ins.operator;
            let n = |i: usize| args.get(i).map_or(0.0, num);
            match op {
                b"q" if self.stack.len() < MAX_STATE_DEPTH => {
                    self.stack.push(self.state.clone());
                }
                b"Q" => {
                    if let Some(s) = self.stack.pop() {
                        self.state = s;
                    }
                }
                b"cm" if args.len() == 6 => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.state.ctm = then(&m, &self.state.ctm);
                }
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => self.state.white_fill = white(&args),
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => self.state.white_stroke = white(&args),
                b"cs" => self.state.white_fill = false,
                b"CS" => self.state.white_stroke = false,
                // Paths.
                b"m" => self.path.push((vec![self.point(n(0), n(1))], false)),
                b"l" => {
                    let p = self.point(n(0), n(1));
                    match self.path.last_mut() {
                        Some((points, _)) if points.len() < 10_000 => points.push(p),
                        Some(_) => {}
                        None => self.path.push((vec![p], false)),
                    }
                }
                b"c" | b"v" | b"y" => self.curved = true,
                b"h" => {
                    if let Some((_, closed)) = self.path.last_mut() {
                        *closed = true;
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let points = vec![
                        self.point(x, y),
                        self.point(x + w, y),
                        self.point(x + w, y + h),
                        self.point(x, y + h),
                    ];
                    self.path.push((points, true));
                }
                b"S" | b"s" => self.paint(op == b"s", true, false),
                b"f" | b"F" | b"f*" => self.paint(false, false, true),
                b"B" | b"B*" | b"b" | b"b*" => self.paint(op.starts_with(b"b"), true, true),
                b"n" => self.paint(false, false, false),
                // Text.
                b"BT" => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                b"Tc" => self.state.char_spacing = n(0),
                b"Tw" => self.state.word_spacing = n(0),
                b"Tz" => self.state.scale = n(0) / 100.0,
                b"TL" => self.state.leading = n(0),
                b"Ts" => self.state.rise = n(0),
                b"Tf" => {
                    self.state.size = n(1);
                    self.state.font = match args.first() {
                        Some(Object::Name(name)) => match selected.get(&**name) {
                            Some(id) => Some(*id),
                            None => {
                                let id = self.select_font(fonts, name);
                                if let Some(id) = id.filter(|id| id.gen_number != -1) {
                                    selected.insert(name.to_vec(), id);
                                }
                                id
                            }
                        },
                        _ => None,
                    };
                }
                b"Td" => self.next_line(n(0), n(1)),
                b"TD" => {
                    self.state.leading = -n(1);
                    self.next_line(n(0), n(1));
                }
                b"Tm" if args.len() == 6 => {
                    self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.tlm = self.tm;
                }
                b"T*" => self.next_line(0.0, -self.state.leading),
                b"Tj" => {
                    if let Some(Object::String(s)) = args.first() {
                        self.show(s.as_bytes());
                    }
                }
                b"'" => {
                    self.next_line(0.0, -self.state.leading);
                    if let Some(Object::String(s)) = args.first() {
                        self.show(s.as_bytes());
                    }
                }
                b"\"" => {
                    self.state.word_spacing = n(0);
                    self.state.char_spacing = n(1);
                    self.next_line(0.0, -self.state.leading);
                    if let Some(Object::String(s)) = args.get(2) {
                        self.show(s.as_bytes());
                    }
                }
                b"TJ" => {
                    if let Some(Object::Array(a)) = args.first() {
                        for item in a.iter::<Object<'_>>() {
                            match item {
                                Object::String(s) => self.show(s.as_bytes()),
                                Object::Number(adj) => {
                                    let tx =
                                        -adj.as_f64() / 1000.0 * self.state.size * self.state.scale;
                                    if tx.is_finite() {
                                        self.tm = then(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    let Some(Object::Name(name)) = args.first() else {
                        continue;
                    };
                    let Some(stream) = xobjects.get::<Stream<'_>>(name) else {
                        continue;
                    };
                    self.xobject(&stream, (fonts, xobjects), depth)?;
                }
                b"BI" | b"EI" => self.out.images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn point(&self, x: f64, y: f64) -> (f64, f64) {
        apply(&self.state.ctm, x, y)
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = then(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn select_font(&mut self, fonts: &Dict<'_>, name: &Name<'_>) -> Option<ObjectIdentifier> {
        let dict = fonts.get::<Dict<'_>>(name)?;
        match dict.obj_id() {
            Some(id) => {
                if !self.fonts.by_id.contains_key(&id) {
                    let font = Font::new(&dict, self.budget);
                    self.fonts.by_id.insert(id, font);
                }
                Some(id)
            }
            None => {
                self.fonts.direct = Some(Font::new(&dict, self.budget));
                Some(ObjectIdentifier::new(0, -1))
            }
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(id) = self.state.font else {
            return;
        };
        let font = if id.gen_number == -1 {
            self.fonts.direct.as_ref()
        } else {
            self.fonts.by_id.get(&id)
        };
        let Some(font) = font else {
            return;
        };
        let st = &self.state;
        let mut glyphs = Vec::new();
        let mut tm = self.tm;
        font.decode(bytes, |shown| {
            let trm = then(
                &[st.size * st.scale, 0.0, 0.0, st.size, 0.0, st.rise],
                &then(&tm, &st.ctm),
            );
            let advance = shown.width * st.size
                + st.char_spacing
                + if shown.space { st.word_spacing } else { 0.0 };
            let advance = advance * st.scale;
            if let Some(text) = shown.text {
                let (x0, y0) = apply(&trm, 0.0, 0.0);
                let (x1, _) = apply(&trm, shown.width, 0.0);
                let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                let text = match text {
                    BfStr::Char(c) => unify_radical(c).to_string(),
                    BfStr::String(s) => s.chars().map(unify_radical).collect(),
                };
                if !text.trim().is_empty() && size.is_finite() && x0.is_finite() && y0.is_finite() {
                    glyphs.push(Glyph {
                        text,
                        x0: x0.min(x1),
                        x1: x0.max(x1),
                        y: y0,
                        size,
                    });
                }
            }
            if advance.is_finite() {
                tm = then(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
            }
        });
        self.tm = tm;
        if self.budget.items(glyphs.len()).is_ok() {
            self.out.glyphs.extend(glyphs);
        }
    }

    /// Paints the path: its axis-aligned straight segments become rules
    /// when stroked, its thin rectangles when filled; a clip (`n`) is none.
    fn paint(&mut self, close: bool, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        let curved = std::mem::replace(&mut self.curved, false);
        let stroke = stroke && !self.state.white_stroke;
        let fill = fill && !self.state.white_fill;
        if curved || !(stroke || fill) {
            return;
        }
        for (points, closed) in path {
            if stroke {
                let closing = (close || closed) && points.len() > 2;
                let n = points.len();
                let last = if closing { n } else { n.saturating_sub(1) };
                for i in 0..last {
                    self.segment(points[i], points[(i + 1) % n]);
                }
            }
            if fill && points.len() >= 4 && points.len() <= 5 {
                let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
                let (x0, x1) = (min(&xs), max(&xs));
                let (y0, y1) = (min(&ys), max(&ys));
                let axis_aligned = points
                    .iter()
                    .all(|(x, y)| near(*x, x0, x1) && near(*y, y0, y1));
                if !axis_aligned {
                    continue;
                }
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= THIN && w > h {
                    self.push_rule(true, (y0 + y1) / 2.0, x0, x1);
                } else if w <= THIN && h > w {
                    self.push_rule(false, (x0 + x1) / 2.0, y0, y1);
                }
            }
        }
    }

    fn segment(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) {
        if (y1 - y0).abs() < 0.5 && (x1 - x0).abs() >= 0.5 {
            self.push_rule(true, (y0 + y1) / 2.0, x0.min(x1), x0.max(x1));
        } else if (x1 - x0).abs() < 0.5 && (y1 - y0).abs() >= 0.5 {
            self.push_rule(false, (x0 + x1) / 2.0, y0.min(y1), y0.max(y1));
        }
    }

    fn push_rule(&mut self, horizontal: bool, at: f64, a: f64, b: f64) {
        if at.is_finite() && a.is_finite() && b.is_finite() && self.budget.items(1).is_ok() {
            self.out.rules.push(Rule {
                horizontal,
                at,
                a,
                b,
            });
        }
    }

    fn xobject(
        &mut self,
        stream: &Stream<'_>,
        (fonts, xobjects): (&Dict<'_>, &Dict<'_>),
        depth: usize,
    ) -> Result<(), String> {
        let dict = stream.dict();
        match dict.get::<Name<'_>>(b"Subtype".as_slice()).as_deref() {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                let Some(data) = decode_stream(stream, self.budget) else {
                    return Ok(());
                };
                let resources = dict.get::<Dict<'_>>(b"Resources".as_slice());
                let own = |key: &[u8]| resources.as_ref().and_then(|r| r.get::<Dict<'_>>(key));
                let fonts = own(b"Font").unwrap_or_else(|| fonts.clone());
                let xobjects = own(b"XObject").unwrap_or_else(|| xobjects.clone());
                let saved = (self.state.clone(), self.tm, self.tlm, self.stack.len());
                if let Some(m) = dict.get::<[f64; 6]>(b"Matrix".as_slice()) {
                    self.state.ctm = then(&m, &self.state.ctm);
                }
                self.path.clear();
                self.run(&data, &fonts, &xobjects, depth + 1)?;
                self.state = saved.0;
                self.tm = saved.1;
                self.tlm = saved.2;
                self.stack.truncate(saved.3);
            }
            _ => {}
        }
        Ok(())
    }
}

/// The widest a filled rectangle may be to be a rule (points).
const THIN: f64 = 2.5;

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

fn near(v: f64, a: f64, b: f64) -> bool {
    (v - a).abs() < 0.5 || (v - b).abs() < 0.5
}
