//! Tables from their ruling lines.
//!
//! The rules a page paints are snapped (rules less than [`SNAP`] apart
//! across are one) and joined (pieces less than [`SNAP`] apart along are
//! one); a horizontal rule that does not meet two vertical ones is no table rule (an
//! underline, a strike-through), nor a vertical rule that meets none, and
//! rules that meet make a table. Its
//! grid is every distinct x of its vertical rules by every distinct y of
//! its horizontal rules; two neighbouring units of the grid are one cell
//! where no rule parts them (a merged cell). A table inside another's frame
//! (a box drawn in a cell) is no table. Each glyph goes to the cell its
//! middle falls in.

use super::content::{Glyph, Rule};

/// Rules closer than this (points) across are one; pieces closer along join.
pub const SNAP: f64 = 2.0;
/// Most rules of a page read as rules (past it, the page's text is read as lines).
const MAX_RULES: usize = 5_000;
/// Most grid units of a table.
const MAX_UNITS: usize = 100_000;
/// Most steps (rule pairs, unit and rule pairs) spent on the tables of a
/// whole file: past it, pages are read as lines.
pub const MAX_WORK: usize = 400_000_000;

/// A table found on a page.
#[derive(Debug)]
pub(super) struct Table {
    pub top: f64,
    /// Rows of cells, a merged cell in the row it starts in; each cell the
    /// indices of its glyphs.
    pub rows: Vec<Vec<Vec<usize>>>,
}

#[derive(Debug, Clone, Copy)]
struct Seg {
    at: f64,
    a: f64,
    b: f64,
}

/// The page's tables; `used[i]` is set for each glyph put in a cell. The
/// steps spent are taken from `work`; with too few left, the page has none.
pub(super) fn tables(
    rules: &[Rule],
    glyphs: &[Glyph],
    used: &mut [bool],
    work: &mut usize,
) -> Vec<Table> {
    if rules.len() > MAX_RULES * 4 {
        return Vec::new();
    }
    let mut hs = merge(rules.iter().filter(|r| r.horizontal));
    let mut vs = merge(rules.iter().filter(|r| !r.horizontal));
    if hs.len() > MAX_RULES || vs.len() > MAX_RULES {
        return Vec::new();
    }
    // Rule pairs (filtering, joining), then at most every unit against
    // every rule (merging units).
    let n = hs.len() + vs.len();
    let cost = 6 * hs.len() * vs.len() + (hs.len() * vs.len()).min(MAX_UNITS) * n + glyphs.len();
    match work.checked_sub(cost) {
        Some(left) => *work = left,
        None => {
            *work = 0;
            return Vec::new();
        }
    }
    // Keep only horizontal rules that meet two verticals (an underline
    // meets none or one), and verticals that meet a horizontal (one only:
    // the last row of a page whose closing rule is left to the next page).
    for _ in 0..4 {
        let h2: Vec<Seg> = hs
            .iter()
            .copied()
            .filter(|h| vs.iter().filter(|v| meet(h, v)).count() >= 2)
            .collect();
        let v2: Vec<Seg> = vs
            .iter()
            .copied()
            .filter(|v| h2.iter().any(|h| meet(h, v)))
            .collect();
        let stable = h2.len() == hs.len() && v2.len() == vs.len();
        hs = h2;
        vs = v2;
        if stable {
            break;
        }
    }
    // Connected rules: union-find over horizontals then verticals.
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if meet(h, v) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Seg>, Vec<Seg>)> = Vec::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        let k = match groups.iter().position(|g| g.0 == root) {
            Some(k) => k,
            None => {
                groups.push((root, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < hs.len() {
            groups[k].1.push(hs[i]);
        } else {
            groups[k].2.push(vs[i - hs.len()]);
        }
    }
    // Each group's frame (x0, y0, x1, y1) and rules.
    type Frame<'s> = (f64, f64, f64, f64, &'s Vec<Seg>, &'s Vec<Seg>);
    let frames: Vec<Frame<'_>> = groups
        .iter()
        .filter(|g| g.1.len() >= 2 && g.2.len() >= 2)
        .map(|(_, h, v)| {
            let x0 = v.iter().map(|s| s.at).fold(f64::INFINITY, f64::min);
            let x1 = v.iter().map(|s| s.at).fold(f64::NEG_INFINITY, f64::max);
            let y0 = h.iter().map(|s| s.at).fold(f64::INFINITY, f64::min);
            let y1 = h.iter().map(|s| s.at).fold(f64::NEG_INFINITY, f64::max);
            (x0, y0, x1, y1, h, v)
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(x0, y0, x1, y1, h, v)) in frames.iter().enumerate() {
        let inside = frames.iter().enumerate().any(|(k2, f)| {
            k2 != k
                && f.0 <= x0 + SNAP
                && f.1 <= y0 + SNAP
                && f.2 >= x1 - SNAP
                && f.3 >= y1 - SNAP
                && (f.2 - f.0) * (f.3 - f.1) > (x1 - x0) * (y1 - y0)
        });
        if !inside && let Some(t) = grid(h, v, glyphs, used) {
            out.push(t);
        }
    }
    out.sort_by(|a, b| a.top.total_cmp(&b.top));
    out
}

fn meet(h: &Seg, v: &Seg) -> bool {
    v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra] = rb;
    }
}

/// Rules of one direction snapped across and joined along.
fn merge<'r>(rules: impl Iterator<Item = &'r Rule>) -> Vec<Seg> {
    let mut segs: Vec<Seg> = rules
        .map(|r| Seg {
            at: r.at,
            a: r.a,
            b: r.b,
        })
        .collect();
    segs.sort_by(|a, b| a.at.total_cmp(&b.at));
    let mut out = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].at - segs[i].at <= SNAP {
            j += 1;
        }
        let group = &mut segs[i..j];
        let at = group.iter().map(|s| s.at).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.a.total_cmp(&b.a));
        let mut cur = Seg { at, ..group[0] };
        for s in &group[1..] {
            if s.a <= cur.b + SNAP {
                cur.b = cur.b.max(s.b);
            } else {
                out.push(cur);
                cur = Seg { at, ..*s };
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

/// Distinct places, snapped.
fn places(segs: &[Seg]) -> Vec<f64> {
    let mut v: Vec<f64> = segs.iter().map(|s| s.at).collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|b, a| *b - *a <= SNAP);
    v
}

/// Whether a rule at `at` (within SNAP) covers `mid` along.
fn covered(segs: &[Seg], at: f64, mid: f64) -> bool {
    segs.iter()
        .any(|s| (s.at - at).abs() <= SNAP && s.a - SNAP <= mid && mid <= s.b + SNAP)
}

/// Closes a table whose rules of the other direction run on past its last
/// rule of this one (the last row of a page, whose closing rule the
/// producer leaves to the next page): a rule where they end.
fn frame(these: &mut Vec<Seg>, across: &[Seg]) {
    let (Some(first), Some(last)) = (
        these.iter().map(|s| s.at).reduce(f64::min),
        these.iter().map(|s| s.at).reduce(f64::max),
    ) else {
        return;
    };
    let a = across.iter().map(|s| s.at).fold(f64::INFINITY, f64::min);
    let b = across
        .iter()
        .map(|s| s.at)
        .fold(f64::NEG_INFINITY, f64::max);
    let start = across.iter().map(|s| s.a).fold(f64::INFINITY, f64::min);
    let end = across.iter().map(|s| s.b).fold(f64::NEG_INFINITY, f64::max);
    if start < first - 2.0 * SNAP {
        these.push(Seg { at: start, a, b });
    }
    if end > last + 2.0 * SNAP {
        these.push(Seg { at: end, a, b });
    }
}

fn grid(hs: &[Seg], vs: &[Seg], glyphs: &[Glyph], used: &mut [bool]) -> Option<Table> {
    let (mut hs, mut vs) = (hs.to_vec(), vs.to_vec());
    frame(&mut hs, &vs);
    frame(&mut vs, &hs);
    let (hs, vs) = (&hs[..], &vs[..]);
    let xs = places(vs);
    let ys = places(hs);

    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows * cols > MAX_UNITS {
        return None;
    }
    let unit = |i: usize, j: usize| i * cols + j;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for i in 0..rows {
        let ymid = (ys[i] + ys[i + 1]) / 2.0;
        for j in 0..cols {
            let xmid = (xs[j] + xs[j + 1]) / 2.0;
            if j + 1 < cols && !covered(vs, xs[j + 1], ymid) {
                union(&mut parent, unit(i, j), unit(i, j + 1));
            }
            if i + 1 < rows && !covered(hs, ys[i + 1], xmid) {
                union(&mut parent, unit(i, j), unit(i + 1, j));
            }
        }
    }
    let roots: Vec<usize> = (0..rows * cols).map(|u| find(&mut parent, u)).collect();
    // A cell's first unit in row order is where it is written.
    let mut first = vec![usize::MAX; rows * cols];
    for (u, &r) in roots.iter().enumerate() {
        first[r] = first[r].min(u);
    }
    let cells = first.iter().filter(|f| **f != usize::MAX).count();
    if cells < 2 {
        return None;
    }
    let mut content: Vec<Vec<usize>> = vec![Vec::new(); rows * cols];
    let (x0, x1, y0, y1) = (xs[0], xs[cols], ys[0], ys[rows]);
    for (k, g) in glyphs.iter().enumerate() {
        let (cx, cy) = g.center();
        if used[k] || cx < x0 || cx > x1 || cy < y0 || cy > y1 {
            continue;
        }
        let j = xs.partition_point(|x| *x <= cx).clamp(1, cols) - 1;
        let i = ys.partition_point(|y| *y <= cy).clamp(1, rows) - 1;
        content[roots[unit(i, j)]].push(k);
        used[k] = true;
    }
    let mut out_rows = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut row = Vec::new();
        for j in 0..cols {
            let r = roots[unit(i, j)];
            if first[r] == unit(i, j) {
                row.push(std::mem::take(&mut content[r]));
            }
        }
        out_rows.push(row);
    }
    Some(Table {
        top: y0,
        rows: out_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, a: f64, b: f64) -> Rule {
        Rule {
            horizontal: true,
            at: y,
            a,
            b,
        }
    }
    fn v(x: f64, a: f64, b: f64) -> Rule {
        Rule {
            horizontal: false,
            at: x,
            a,
            b,
        }
    }
    fn g(text: &str, x: f64, y: f64) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            x1: x + 8.0,
            y,
            size: 8.0,
        }
    }

    #[test]
    fn merged_cells_are_written_where_they_start_and_underlines_are_no_rules() {
        // Two rows, three columns; column 0 merged over both rows; row 0's
        // columns 1 and 2 merged; an underline in a cell.
        let rules = [
            h(0.0, 0.0, 300.0),
            h(20.0, 100.0, 300.0),
            h(40.0, 0.0, 150.0),
            h(40.5, 150.0, 300.0),
            h(35.0, 210.0, 240.0),
            v(0.0, 0.0, 40.0),
            v(100.0, 0.0, 40.0),
            v(200.0, 20.0, 40.0),
            v(300.0, 0.0, 40.0),
        ];
        let glyphs = [
            g("甲", 10.0, 25.0),
            g("乙", 110.0, 15.0),
            g("3", 210.0, 35.0),
        ];
        let mut used = vec![false; glyphs.len()];
        let t = tables(&rules, &glyphs, &mut used, &mut MAX_WORK.clone());
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].rows,
            vec![vec![vec![0], vec![1]], vec![vec![], vec![2]]]
        );
        assert!(used.iter().all(|u| *u));
    }
}
