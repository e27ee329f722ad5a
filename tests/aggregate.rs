//! `aggregate::Summer`, adding reports one at a time, against the first
//! `aggregate::sum`, which held every report and shaped them all before
//! adding (kept here as the reference): the same sums, unknown cells and
//! errors on random reports of both editions, （六） itemized or as one
//! row, with blank cells and sums that overflow.

mod common;

use proptest::prelude::*;
use xxgk::aggregate::{Sum, SumError, Summer, Unknown, sum};
use xxgk::model::{Number, OtherDisposal, Report, Row, Slot, Value};

/// Random reports; some cells raised to half of `u64::MAX`, so that two
/// of them overflow, in the items of （六） too.
fn reports() -> impl Strategy<Value = Vec<Report>> {
    proptest::collection::vec(
        (
            common::report(),
            // Cells of section 二's first row and about （六）.
            proptest::collection::vec(prop_oneof![0usize..3, 148usize..172], 0..4),
        ),
        1..7,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(mut r, huge)| {
                let mut k = 0;
                r.for_each_value(|_, slot| {
                    if huge.contains(&k) {
                        if let Slot::Count(c) = slot {
                            *c = Some(u64::MAX / 2 + 1);
                        }
                    }
                    k += 1;
                });
                r
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn aggregate_summer_gives_the_reference_sum(reports in reports()) {
        // Mostly one edition: the first report's.
        let edition = reports[0].edition();
        let one: Vec<Report> = reports.iter().filter(|r| r.edition() == edition).cloned().collect();
        prop_assert_eq!(sum(&one), reference(&one));
        prop_assert_eq!(sum(&reports), reference(&reports));
        let mut summer = Summer::new();
        for r in &one {
            summer.add(r).unwrap();
        }
        prop_assert_eq!(summer.finish(), reference(&one));
    }
}

fn reference(reports: &[Report]) -> Result<Sum, SumError> {
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
