//! Lines rebuilt from baselines: glyphs on one baseline make a line, read
//! left to right; a gap wider than half the font size is written as spaces
//! (one per half em, as `pdftotext -layout` keeps columns apart), a
//! narrower gap between two ASCII characters as one space. A glyph painted
//! twice at the same place (fill then stroke, synthetic bold) is read once.

use super::content::Glyph;

/// A line of text: its baseline, its left edge, its glyphs left to right.
#[derive(Debug)]
pub(super) struct Line<'g> {
    pub y: f64,
    pub x0: f64,
    pub size: f64,
    pub glyphs: Vec<&'g Glyph>,
}

/// The glyphs grouped into lines, top to bottom.
pub(super) fn group<'g>(mut glyphs: Vec<&'g Glyph>) -> Vec<Line<'g>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Line<'g>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (g.y - line.y).abs() <= 0.4 * line.size.max(g.size) => {
                line.size = line.size.max(g.size);
                line.glyphs.push(g);
            }
            _ => lines.push(Line {
                y: g.y,
                x0: g.x0,
                size: g.size,
                glyphs: vec![g],
            }),
        }
    }
    for line in &mut lines {
        line.glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        dedupe(&mut line.glyphs);
        line.x0 = line.glyphs.first().map_or(line.x0, |g| g.x0);
    }
    lines
}

/// Drops a glyph that repeats one just before it at (nearly) the same place.
fn dedupe(glyphs: &mut Vec<&Glyph>) {
    let mut kept: Vec<&Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs.drain(..) {
        let twice = kept.iter().rev().take(4).any(|k| {
            k.text == g.text
                && (k.x0 - g.x0).abs() < 0.3 * g.size.max(1.0)
                && (k.y - g.y).abs() < 0.3 * g.size.max(1.0)
        });
        if !twice {
            kept.push(g);
        }
    }
    *glyphs = kept;
}

impl Line<'_> {
    /// The line's text, gaps kept as spaces (see the module's doc).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut prev: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(p) = prev {
                let gap = g.x0 - p.x1;
                let em = g.size.max(p.size).max(1.0);
                let ascii = p.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && g.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if gap > 0.5 * em {
                    let n = (gap / (0.5 * em)).round().clamp(1.0, 200.0) as usize;
                    out.extend(std::iter::repeat_n(' ', n));
                } else if ascii && gap > 0.15 * em {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            prev = Some(g);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x0,
            x1: x0 + 10.0,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn baselines_make_lines_and_gaps_spaces() {
        let gs = [
            glyph("规", 0.0, 100.0),
            glyph("章", 10.0, 100.5),
            glyph("章", 10.2, 100.5),
            glyph("3", 40.0, 100.0),
            glyph("二", 0.0, 120.0),
        ];
        let lines = group(gs.iter().collect());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "规章    3");
        assert_eq!(lines[1].text(), "二");
    }
}
