//! Adding reports up, as a county's office compiles its townships' reports
//! into one.
//!
//! Reports of one edition are added cell by cell. A cell that is null in any
//! report (blank, or not read) stays null in the sum, never counted as 0,
//! and is listed in [`Sum::unknown`] with the reports that lack it; so is a
//! cell whose sum overflows.
//!
//! [`Summer`] adds reports one at a time, as they are read: it keeps one
//! report's tables and the list of unknown cells, whatever the number of
//! reports added (only [`Unknown::missing_in`] grows, with the reports that
//! lack a cell). [`sum`] adds a slice of reports with it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Edition, Number, OtherDisposal, Place, Report, Row, Slot};

/// The sum of several reports.
///
/// It serializes to the JSON `xxgk sum` prints (which adds the files' names),
/// and reads back from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sum {
    /// How many reports were added.
    pub reports: usize,
    /// The summed tables. Title, agency, narrative and notes are empty; the
    /// year is kept where every report has the same.
    pub report: Report,
    /// The cells the sum cannot give, in template order.
    pub unknown: Vec<Unknown>,
}

/// A cell the sum leaves null.
///
/// Its JSON names the cell by `table`, `row` and `column` (as
/// [`Place`] does); reading it back, a name that is no cell of either
/// edition is an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UnknownRepr")]
pub struct Unknown {
    /// The cell.
    #[serde(flatten)]
    pub place: Place,
    /// Indices (in the order they were added) of the reports where it is
    /// null.
    pub missing_in: Vec<usize>,
    /// Whether the sum overflowed.
    pub overflow: bool,
}

/// The serialized shape of [`Unknown`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnknownRepr {
    table: String,
    row: String,
    column: String,
    missing_in: Vec<usize>,
    overflow: bool,
}

impl TryFrom<UnknownRepr> for Unknown {
    type Error = String;

    fn try_from(u: UnknownRepr) -> Result<Self, Self::Error> {
        let place = places()
            .iter()
            .find(|p| p.table == u.table && p.row == u.row && p.column == u.column)
            .copied()
            .ok_or_else(|| {
                format!(
                    "expected a cell of the 2019 or 2021 template, found table {:?}, row {:?}, column {:?}",
                    u.table, u.row, u.column
                )
            })?;
        Ok(Unknown {
            place,
            missing_in: u.missing_in,
            overflow: u.overflow,
        })
    }
}

/// Every cell of either edition, with （六） itemized or as one row.
fn places() -> &'static [Place] {
    static PLACES: OnceLock<Vec<Place>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut places: Vec<Place> = Vec::new();
        for edition in [Edition::V2021, Edition::V2019] {
            for single in [false, true] {
                let mut report = Report::empty(edition);
                if single {
                    report.requests.other_disposal = OtherDisposal::Single(Row::default());
                }
                report.for_each_value(|place, _| {
                    if !places.contains(&place) {
                        places.push(place);
                    }
                });
            }
        }
        places
    })
}

/// Why reports cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SumError {
    /// No report was given.
    #[error("no reports to add")]
    Empty,
    /// The reports follow different editions of the template.
    #[error("report {index} follows the {found} edition, report 0 the {expected} edition")]
    MixedEditions {
        /// The first report of another edition.
        index: usize,
        /// The first report's edition.
        expected: Edition,
        /// That report's edition.
        found: Edition,
    },
}

/// Adds `reports` up (see the module docs), with a [`Summer`].
///
/// Where some reports itemize （六）其他处理 and others print it as one row,
/// the items are added into one row first (null if any item is).
///
/// ```
/// let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
/// let report = xxgk::parse(&text)?;
/// let sum = xxgk::aggregate::sum(&[report.clone(), report])?;
/// assert_eq!(sum.report.requests.new_requests.total, Some(6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sum(reports: &[Report]) -> Result<Sum, SumError> {
    let mut summer = Summer::new();
    for report in reports {
        summer.add(report)?;
    }
    summer.finish()
}

/// What the sum knows of a cell it cannot give.
#[derive(Debug, Clone, Default)]
struct Gap {
    missing_in: Vec<usize>,
    overflow: bool,
}

/// Adds reports up one at a time, as they are read ([`sum`] adds a slice
/// with it).
///
/// It holds one report's tables and the cells it cannot give, never the
/// reports added: its memory does not grow with their number, but for the
/// indices in [`Unknown::missing_in`].
///
/// ```
/// use xxgk::aggregate::Summer;
/// let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
/// let mut summer = Summer::new();
/// for _ in 0..3 {
///     summer.add(&xxgk::parse(&text)?)?;
/// }
/// assert_eq!(summer.reports(), 3);
/// let sum = summer.finish()?;
/// assert_eq!(sum.report.requests.new_requests.total, Some(9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Summer {
    /// Reports added.
    reports: usize,
    /// The sum so far; `None` before the first report.
    acc: Option<Acc>,
}

/// The sum so far.
#[derive(Debug, Clone)]
struct Acc {
    /// The summed tables (nothing else), in the shape the sum has so far.
    report: Report,
    /// The first report's edition.
    edition: Edition,
    /// What the sum knows of each cell, in template order: `None` where
    /// the cell is known.
    gaps: Vec<Option<Gap>>,
    /// While every report added itemizes （六）: the items added into one
    /// row, report by report, and its gaps, ready for the first report
    /// that prints it as one row (when the sum turns to one row).
    single: Option<(Row, [Option<Gap>; Row::COLUMNS])>,
}

impl Summer {
    /// A sum of no report yet.
    pub fn new() -> Summer {
        Summer::default()
    }

    /// How many reports were added.
    pub fn reports(&self) -> usize {
        self.reports
    }

    /// The edition of the reports added (`None` before the first).
    pub fn edition(&self) -> Option<Edition> {
        self.acc.as_ref().map(|a| a.edition)
    }

    /// Adds `report`. A report of the other edition than the first's is an
    /// error ([`SumError::MixedEditions`], its `index` that which the report
    /// would have had) and is not added: the sum stays as it was.
    pub fn add(&mut self, report: &Report) -> Result<(), SumError> {
        let index = self.reports;
        let itemized = matches!(report.requests.other_disposal, OtherDisposal::Itemized(_));
        match &mut self.acc {
            None => {
                let mut acc = Acc {
                    report: tables(report),
                    edition: report.edition(),
                    gaps: Vec::new(),
                    single: None,
                };
                acc.report.year = report.year;
                acc.report.for_each_value(|_, slot| {
                    acc.gaps.push(slot.get().is_none().then(|| Gap {
                        missing_in: vec![0],
                        overflow: false,
                    }));
                });
                if itemized {
                    let row = single(&report.requests.other_disposal);
                    let gaps = row.cells().map(|c| {
                        c.is_none().then(|| Gap {
                            missing_in: vec![0],
                            overflow: false,
                        })
                    });
                    acc.single = Some((row, gaps));
                }
                self.acc = Some(acc);
            }
            Some(acc) => {
                let found = report.edition();
                if found != acc.edition {
                    return Err(SumError::MixedEditions {
                        index,
                        expected: acc.edition,
                        found,
                    });
                }
                if !itemized {
                    acc.make_single();
                }
                let mut other = tables(report);
                if let Some((row, gaps)) = &mut acc.single {
                    // Itemized, as every report so far.
                    let cells = single(&report.requests.other_disposal).cells();
                    let mut sum = row.cells();
                    for ((s, o), gap) in sum.iter_mut().zip(cells).zip(gaps.iter_mut()) {
                        add_cell(Slot::Count(s), o.map(Number::Count), index, gap);
                    }
                    *row = Row::from_cells(sum);
                } else if itemized {
                    other.requests.other_disposal =
                        OtherDisposal::Single(single(&other.requests.other_disposal));
                }
                let mut values = Vec::with_capacity(acc.gaps.len());
                other.for_each_value(|_, slot| values.push(slot.get()));
                let mut k = 0;
                acc.report.for_each_value(|_, slot| {
                    add_cell(slot, values[k], index, &mut acc.gaps[k]);
                    k += 1;
                });
                if acc.report.year != report.year {
                    acc.report.year = None;
                }
            }
        }
        self.reports += 1;
        Ok(())
    }

    /// The sum of the reports added ([`SumError::Empty`] when none was).
    pub fn finish(self) -> Result<Sum, SumError> {
        let mut acc = self.acc.ok_or(SumError::Empty)?;
        let mut gaps = acc.gaps.into_iter();
        let mut unknown = Vec::new();
        acc.report.for_each_value(|place, _| {
            if let Some(Some(gap)) = gaps.next() {
                unknown.push(Unknown {
                    place,
                    missing_in: gap.missing_in,
                    overflow: gap.overflow,
                });
            }
        });
        Ok(Sum {
            reports: self.reports,
            report: acc.report,
            unknown,
        })
    }
}

impl Acc {
    /// Turns （六） of the sum into one row (when a report that prints it
    /// so is added): the row added up while the reports itemized it, with
    /// its gaps in place of the items'.
    fn make_single(&mut self) {
        let Some((row, single_gaps)) = self.single.take() else {
            return;
        };
        let mut before = Vec::with_capacity(self.gaps.len());
        self.report.for_each_value(|place, _| before.push(place));
        let mut old = std::mem::take(&mut self.gaps);
        self.report.requests.other_disposal = OtherDisposal::Single(row);
        // The places before and after are the same but for the itemized
        // rows, gone, and the one row, new (its columns in order).
        let mut single_gaps = single_gaps.into_iter();
        let gaps = &mut self.gaps;
        self.report.for_each_value(|place, _| {
            gaps.push(match before.iter().position(|p| *p == place) {
                Some(i) => old[i].take(),
                None => single_gaps.next().flatten(),
            });
        });
    }
}

/// A report's tables alone: no title, agency, year, narrative or notes.
fn tables(r: &Report) -> Report {
    Report {
        active_disclosure: r.active_disclosure.clone(),
        requests: r.requests.clone(),
        reviews: r.reviews,
        ..Report::empty(r.edition())
    }
}

/// Adds `other` (report `index`'s cell) into the sum's cell: null, and
/// noted in `gap`, when `other` is null or the sum overflows.
fn add_cell(slot: Slot<'_>, other: Option<Number>, index: usize, gap: &mut Option<Gap>) {
    if other.is_none() {
        gap.get_or_insert_with(Gap::default).missing_in.push(index);
    }
    if !add(slot, other) && other.is_some() && gap.is_none() {
        *gap = Some(Gap {
            missing_in: Vec::new(),
            overflow: true,
        });
    }
}

/// Adds `other` into the cell: `false` (and the cell null) when either is
/// null or the sum overflows.
fn add(slot: Slot<'_>, other: Option<Number>) -> bool {
    match (slot, other) {
        (Slot::Count(v), Some(Number::Count(o))) => {
            *v = v.and_then(|v| v.checked_add(o));
            v.is_some()
        }
        (Slot::Signed(v), Some(Number::Signed(o))) => {
            *v = v.and_then(|v| v.checked_add(o));
            v.is_some()
        }
        (Slot::Amount(v), Some(Number::Amount(o))) => {
            *v = v.and_then(|v| v.checked_add(o));
            v.is_some()
        }
        (Slot::Count(v), _) => {
            *v = None;
            false
        }
        (Slot::Signed(v), _) => {
            *v = None;
            false
        }
        (Slot::Amount(v), _) => {
            *v = None;
            false
        }
    }
}

/// （六） as one row: its items added, null where any item is.
fn single(d: &OtherDisposal) -> Row {
    match d {
        OtherDisposal::Single(row) => *row,
        OtherDisposal::Itemized(i) => {
            let (a, b, c) = (
                i.no_amendment.cells(),
                i.unpaid_fee.cells(),
                i.other.cells(),
            );
            Row::from_cells(std::array::from_fn(|k| {
                a[k]?.checked_add(b[k]?)?.checked_add(c[k]?)
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, OtherDisposalItems};

    fn seed(name: &str) -> Report {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds/");
        let file = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap();
        crate::parse(&std::fs::read_to_string(file).unwrap()).unwrap()
    }

    #[test]
    fn cells_add_and_nulls_stay_unknown() {
        let a = seed("001");
        let mut b = a.clone();
        b.requests.granted.total = None;
        if let crate::model::ActiveDisclosure::V2021(x) = &mut b.active_disclosure {
            x.fees.amount = Some(Amount::new(5, 1));
        }
        let s = sum(&[a.clone(), b, a.clone()]).unwrap();
        assert_eq!(s.reports, 3);
        let (av, sv) = (a.values(), s.report.values());
        for (x, y) in av.iter().zip(&sv) {
            let place = x.place.to_string();
            if place == "requests.granted.total" {
                assert_eq!(y.value, None);
            } else if let (
                Some(crate::model::Number::Count(n)),
                Some(crate::model::Number::Count(m)),
            ) = (x.value, y.value)
            {
                assert_eq!(m, 3 * n, "{place}");
            }
        }
        let granted = s
            .unknown
            .iter()
            .find(|u| u.place.to_string() == "requests.granted.total")
            .unwrap();
        assert_eq!(granted.missing_in, vec![1]);
        assert!(s.report.title.is_none() && s.report.year == a.year);
    }

    #[test]
    fn editions_must_match_and_other_disposal_shapes_are_merged() {
        let v2021 = seed("001");
        let v2019 = seed("003");
        assert_ne!(v2021.edition(), v2019.edition());
        assert!(matches!(
            sum(&[v2021.clone(), v2019]),
            Err(SumError::MixedEditions { index: 1, .. })
        ));
        assert_eq!(sum(&[]), Err(SumError::Empty));

        let mut itemized = v2021.clone();
        let row = |n| Row::from_cells([Some(n); 7]);
        itemized.requests.other_disposal = OtherDisposal::Itemized(OtherDisposalItems {
            no_amendment: row(1),
            unpaid_fee: row(2),
            other: row(3),
        });
        let mut single = v2021;
        single.requests.other_disposal = OtherDisposal::Single(row(10));
        let s = sum(&[itemized, single]).unwrap();
        assert_eq!(
            s.report.requests.other_disposal,
            OtherDisposal::Single(row(16))
        );
    }

    #[test]
    fn the_one_row_of_a_later_report_turns_the_sum_to_one_row() {
        let row = |n| Row::from_cells([Some(n); 7]);
        let mut itemized = seed("001");
        itemized.requests.other_disposal = OtherDisposal::Itemized(OtherDisposalItems {
            no_amendment: row(1),
            unpaid_fee: row(2),
            other: row(3),
        });
        let mut blank = itemized.clone();
        if let OtherDisposal::Itemized(i) = &mut blank.requests.other_disposal {
            i.unpaid_fee.research = None;
        }
        let mut single = itemized.clone();
        single.requests.other_disposal = OtherDisposal::Single(row(10));

        let mut summer = Summer::new();
        for r in [&itemized, &blank, &itemized] {
            summer.add(r).unwrap();
        }
        // Itemized so far: the item's cell is unknown, in report 1.
        let so_far = summer.clone().finish().unwrap();
        let names: Vec<String> = so_far.unknown.iter().map(|u| u.place.to_string()).collect();
        assert_eq!(names, ["requests.other_disposal.unpaid_fee.research"]);

        summer.add(&single).unwrap();
        let s = summer.finish().unwrap();
        let mut want = row(3 * 6 + 10);
        want.research = None;
        assert_eq!(
            s.report.requests.other_disposal,
            OtherDisposal::Single(want)
        );
        let names: Vec<String> = s.unknown.iter().map(|u| u.place.to_string()).collect();
        assert_eq!(names, ["requests.other_disposal.research"]);
        assert_eq!(s.unknown[0].missing_in, vec![1]);
        assert!(!s.unknown[0].overflow);
        assert_eq!(
            Ok(s),
            sum(&[itemized.clone(), blank, itemized, single]),
            "the same as the whole slice"
        );
    }

    #[test]
    fn a_report_of_the_other_edition_is_refused_and_the_sum_goes_on() {
        let (v2021, v2019) = (seed("001"), seed("003"));
        let mut summer = Summer::new();
        assert_eq!(summer.edition(), None);
        summer.add(&v2021).unwrap();
        assert_eq!(
            summer.add(&v2019),
            Err(SumError::MixedEditions {
                index: 1,
                expected: Edition::V2021,
                found: Edition::V2019
            })
        );
        summer.add(&v2021).unwrap();
        assert_eq!(
            (summer.reports(), summer.edition()),
            (2, Some(Edition::V2021))
        );
        assert_eq!(summer.finish(), sum(&[v2021.clone(), v2021]));
        assert_eq!(Summer::new().finish(), Err(SumError::Empty));
    }

    #[test]
    fn a_sum_reads_back_from_its_json() {
        let a = seed("001");
        let mut b = a.clone();
        b.requests.granted.total = None;
        b.reviews.litigation_direct.upheld = None;
        let s = sum(&[a.clone(), b, a]).unwrap();
        assert_eq!(s.unknown.len(), 2);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#"{"table":"requests","row":"granted","column":"total","missing_in":[1],"overflow":false}"#), "{json}");
        let back: Sum = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);

        let bad = json.replace(r#""row":"granted""#, r#""row":"granted_not""#);
        let err = serde_json::from_str::<Sum>(&bad).unwrap_err().to_string();
        assert!(err.contains("expected a cell of the 2019 or 2021 template, found table \"requests\", row \"granted_not\""), "{err}");
    }

    #[test]
    fn an_overflow_is_unknown_not_wrapped() {
        let mut a = seed("001");
        a.requests.new_requests.total = Some(u64::MAX);
        let s = sum(&[a.clone(), a]).unwrap();
        assert_eq!(s.report.requests.new_requests.total, None);
        assert!(s.unknown.iter().any(|u| u.overflow));
    }
}
