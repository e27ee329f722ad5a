//! Adding reports up, as a county's office compiles its townships' reports
//! into one.
//!
//! Reports of one edition are added cell by cell. A cell that is null in any
//! report (blank, or not read) stays null in the sum, never counted as 0,
//! and is listed in [`Sum::unknown`] with the reports that lack it; so is a
//! cell whose sum overflows.

use crate::model::{Edition, OtherDisposal, Place, Report, Row, Slot, Value};

/// The sum of several reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unknown {
    /// The cell.
    #[serde(flatten)]
    pub place: Place,
    /// Indices (into the reports given) of the reports where it is null.
    pub missing_in: Vec<usize>,
    /// Whether the sum overflowed.
    pub overflow: bool,
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

/// Adds `reports` up (see the module docs).
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
    let first = reports.first().ok_or(SumError::Empty)?;
    let expected = first.edition();
    if let Some(index) = reports.iter().position(|r| r.edition() != expected) {
        return Err(SumError::MixedEditions {
            index,
            expected,
            found: reports[index].edition(),
        });
    }
    let itemized = |r: &Report| matches!(r.requests.other_disposal, OtherDisposal::Itemized(_));
    let collapse = reports.iter().any(itemized) && !reports.iter().all(itemized);
    let shaped = |r: &Report| {
        let mut r = r.clone();
        if collapse {
            r.requests.other_disposal = OtherDisposal::Single(single(&r.requests.other_disposal));
        }
        r
    };
    let mut acc = shaped(first);
    let year = acc
        .year
        .filter(|y| reports.iter().all(|r| r.year == Some(*y)));
    acc.title = None;
    acc.agency = None;
    acc.year = year;
    acc.narrative = Default::default();
    acc.notes.clear();

    let mut unknown: Vec<Option<Unknown>> = Vec::new();
    acc.for_each_value(|place, slot| {
        let missing = slot.get().is_none();
        unknown.push(missing.then(|| Unknown {
            place,
            missing_in: vec![0],
            overflow: false,
        }));
    });
    for (index, report) in reports.iter().enumerate().skip(1) {
        let values: Vec<Value> = shaped(report).values();
        let mut k = 0;
        acc.for_each_value(|place, slot| {
            let other = values[k].value;
            let entry = &mut unknown[k];
            k += 1;
            if other.is_none() {
                entry
                    .get_or_insert_with(|| Unknown {
                        place,
                        missing_in: Vec::new(),
                        overflow: false,
                    })
                    .missing_in
                    .push(index);
            }
            if !add(slot, other) && other.is_some() && entry.is_none() {
                *entry = Some(Unknown {
                    place,
                    missing_in: Vec::new(),
                    overflow: true,
                });
            }
        });
    }
    Ok(Sum {
        reports: reports.len(),
        report: acc,
        unknown: unknown.into_iter().flatten().collect(),
    })
}

/// Adds `other` into the cell: `false` (and the cell null) when either is
/// null or the sum overflows.
fn add(slot: Slot<'_>, other: Option<crate::model::Number>) -> bool {
    use crate::model::Number;
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
    fn an_overflow_is_unknown_not_wrapped() {
        let mut a = seed("001");
        a.requests.new_requests.total = Some(u64::MAX);
        let s = sum(&[a.clone(), a]).unwrap();
        assert_eq!(s.report.requests.new_requests.total, None);
        assert!(s.unknown.iter().any(|u| u.overflow));
    }
}
