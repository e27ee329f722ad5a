//! Every number cell of a report, by its place: for exports (one row per
//! cell) and for adding reports up ([`crate::aggregate`]).

use serde::Serialize;

use super::{
    ActiveDisclosure, Amount, Count, OtherDisposal, OtherDisposalItems, Report, RequestMatrix, Row,
};

/// Where a number cell stands, named as the JSON form names it: the cell
/// `requests.denied.state_secret.total` is table `requests`, row
/// `denied.state_secret`, column `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Place {
    /// `active_disclosure`, `requests` or `reviews`.
    pub table: &'static str,
    /// The row's path inside its table.
    pub row: &'static str,
    /// The column's field name.
    pub column: &'static str,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.table, self.row, self.column)
    }
}

/// A number cell's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Number {
    /// A count.
    Count(Count),
    /// A signed change (本年增/减).
    Signed(i64),
    /// An exact decimal amount (万元).
    Amount(Amount),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Count(n) => n.fmt(f),
            Number::Signed(n) => n.fmt(f),
            Number::Amount(a) => a.fmt(f),
        }
    }
}

/// A number cell, to read or write.
#[derive(Debug)]
pub enum Slot<'a> {
    /// A count cell.
    Count(&'a mut Option<Count>),
    /// A signed cell.
    Signed(&'a mut Option<i64>),
    /// An amount cell.
    Amount(&'a mut Option<Amount>),
}

impl Slot<'_> {
    /// The cell's value (`None` for a blank or unread cell).
    pub fn get(&self) -> Option<Number> {
        match self {
            Slot::Count(v) => v.map(Number::Count),
            Slot::Signed(v) => v.map(Number::Signed),
            Slot::Amount(v) => v.map(Number::Amount),
        }
    }
}

/// One number cell of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Value {
    /// Where it stands.
    #[serde(flatten)]
    pub place: Place,
    /// Its value (`None` for a blank or unread cell).
    pub value: Option<Number>,
}

impl Report {
    /// Every number cell, in template order, with its place and value.
    ///
    /// ```
    /// let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
    /// let report = xxgk::parse(&text)?;
    /// let cells = report.values();
    /// let new = cells.iter().find(|c| c.place.to_string() == "requests.new_requests.total");
    /// assert_eq!(new.and_then(|c| c.value), Some(xxgk::model::Number::Count(3)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> Vec<Value> {
        let mut copy = self.clone();
        let mut out = Vec::with_capacity(256);
        copy.for_each_value(|place, slot| {
            out.push(Value {
                place,
                value: slot.get(),
            })
        });
        out
    }

    /// Calls `f` on every number cell, in template order, to read or change it.
    pub fn for_each_value(&mut self, mut f: impl FnMut(Place, Slot<'_>)) {
        active(&mut self.active_disclosure, &mut f);
        requests(&mut self.requests, &mut f);
        let r = &mut self.reviews;
        for (row, g) in super::Reviews::GROUPS.into_iter().zip([
            &mut r.administrative_review,
            &mut r.litigation_direct,
            &mut r.litigation_after_review,
        ]) {
            let cells = [
                &mut g.upheld,
                &mut g.corrected,
                &mut g.other,
                &mut g.pending,
                &mut g.total,
            ];
            for (column, v) in super::ReviewGroup::FIELDS.into_iter().zip(cells) {
                let place = Place {
                    table: "reviews",
                    row,
                    column,
                };
                f(place, Slot::Count(v));
            }
        }
    }
}

fn active(a: &mut ActiveDisclosure, f: &mut impl FnMut(Place, Slot<'_>)) {
    let mut put = |row, column, slot| {
        let place = Place {
            table: "active_disclosure",
            row,
            column,
        };
        f(place, slot);
    };
    match a {
        ActiveDisclosure::V2021(a) => {
            for (row, d) in [
                ("regulations", &mut a.regulations),
                ("normative_documents", &mut a.normative_documents),
            ] {
                put(row, "issued", Slot::Count(&mut d.issued));
                put(row, "repealed", Slot::Count(&mut d.repealed));
                put(row, "in_force", Slot::Count(&mut d.in_force));
            }
            for (row, d) in [
                ("licensing", &mut a.licensing),
                ("penalties", &mut a.penalties),
                ("coercive_measures", &mut a.coercive_measures),
            ] {
                put(row, "decisions", Slot::Count(&mut d.decisions));
            }
            put("fees", "amount", Slot::Amount(&mut a.fees.amount));
        }
        ActiveDisclosure::V2019(a) => {
            for (row, p) in [
                ("regulations", &mut a.regulations),
                ("normative_documents", &mut a.normative_documents),
            ] {
                put(row, "made", Slot::Count(&mut p.made));
                put(row, "published", Slot::Count(&mut p.published));
                put(row, "total_published", Slot::Count(&mut p.total_published));
            }
            for (row, i) in [
                ("licensing", &mut a.licensing),
                ("other_services", &mut a.other_services),
                ("penalties", &mut a.penalties),
                ("coercive_measures", &mut a.coercive_measures),
            ] {
                put(row, "prior_year", Slot::Count(&mut i.prior_year));
                put(row, "change", Slot::Signed(&mut i.change));
                put(row, "decisions", Slot::Count(&mut i.decisions));
            }
            put("fees", "prior_year", Slot::Count(&mut a.fees.prior_year));
            put("fees", "change", Slot::Signed(&mut a.fees.change));
            put(
                "procurement",
                "items",
                Slot::Count(&mut a.procurement.items),
            );
            put(
                "procurement",
                "amount",
                Slot::Amount(&mut a.procurement.amount),
            );
        }
    }
}

fn requests(m: &mut RequestMatrix, f: &mut impl FnMut(Place, Slot<'_>)) {
    // The rows' paths as the matrix names them, in template order.
    let paths: Vec<&'static str> = m
        .rows()
        .iter()
        .map(|r| r.path.strip_prefix("requests.").unwrap_or(r.path))
        .collect();
    let RequestMatrix {
        new_requests,
        carried_over,
        granted,
        partially_granted,
        denied: d,
        unavailable: u,
        not_processed: n,
        other_disposal,
        total,
        carried_forward,
    } = m;
    let mut rows: Vec<&mut Row> = vec![
        new_requests,
        carried_over,
        granted,
        partially_granted,
        &mut d.state_secret,
        &mut d.prohibited_by_law,
        &mut d.security_stability,
        &mut d.third_party_rights,
        &mut d.internal_affairs,
        &mut d.process_information,
        &mut d.law_enforcement_files,
        &mut d.administrative_query,
        &mut u.not_held,
        &mut u.needs_creation,
        &mut u.unclear_after_amendment,
        &mut n.complaint,
        &mut n.repeated,
        &mut n.publication,
        &mut n.excessive,
        &mut n.confirmation,
    ];
    match other_disposal {
        OtherDisposal::Itemized(OtherDisposalItems {
            no_amendment,
            unpaid_fee,
            other,
        }) => rows.extend([no_amendment, unpaid_fee, other]),
        OtherDisposal::Single(row) => rows.push(row),
    }
    rows.push(total);
    rows.push(carried_forward);
    debug_assert_eq!(paths.len(), rows.len());
    for (row, r) in paths.into_iter().zip(rows) {
        let cells = [
            &mut r.natural_person,
            &mut r.commercial,
            &mut r.research,
            &mut r.social_welfare,
            &mut r.legal_services,
            &mut r.other_entity,
            &mut r.total,
        ];
        for (column, v) in Row::FIELDS.into_iter().zip(cells) {
            let place = Place {
                table: "requests",
                row,
                column,
            };
            f(place, Slot::Count(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edition;

    #[test]
    fn every_cell_once_in_json_order() {
        for (edition, n) in [
            (Edition::V2021, 10 + 25 * 7 + 15),
            (Edition::V2019, 22 + 25 * 7 + 15),
        ] {
            let report = Report {
                title: None,
                agency: None,
                year: None,
                active_disclosure: ActiveDisclosure::empty(edition),
                requests: RequestMatrix::default(),
                reviews: Default::default(),
                narrative: Default::default(),
                notes: Vec::new(),
                unread: Vec::new(),
            };
            let values = report.values();
            let mut names: Vec<String> = values.iter().map(|v| v.place.to_string()).collect();
            assert_eq!(names.len(), n, "{edition}");
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{edition}: a place twice");
        }
    }

    #[test]
    fn places_are_the_json_paths_of_the_values() {
        let text = include_str!("../../tests/fixtures/seeds/000_1762ab0cc7bc4c17.txt");
        let report = crate::parse(text).unwrap();
        let json = serde_json::to_value(&report).unwrap();
        for v in report.values() {
            let path = v.place.to_string();
            let leaf = path.split('.').try_fold(&json, |j, k| j.get(k));
            let want = v.value.map(|n| serde_json::to_value(n).unwrap());
            assert_eq!(
                leaf,
                Some(&want.unwrap_or(serde_json::Value::Null)),
                "{path}"
            );
        }
    }
}
