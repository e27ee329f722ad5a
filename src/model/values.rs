//! Every number cell of a report, by its place: for exports (one row per
//! cell) and for adding reports up ([`crate::aggregate`]).

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::{
    ActiveDisclosure, Amount, Count, Edition, OtherDisposal, OtherDisposalItems, Report,
    RequestMatrix, Row,
};

/// Where a number cell stands, named as the JSON form names it: the cell
/// `requests.denied.state_secret.total` is table `requests`, row
/// `denied.state_secret`, column `total`.
///
/// It deserializes from its three names only where they name a cell of the
/// model (of either edition, （六）其他处理 itemized or as one row).
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
///
/// In JSON it is a plain number, which does not always tell its kind: read
/// alone, a non-negative integer is a count, a negative one a signed change,
/// any other number an amount. A [`Value`] reads its number as its place's
/// kind (an amount printed `5` stays an amount).
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

/// What a cell holds: a number, a blank the report prints, or nothing
/// because it could not be read.
///
/// In JSON its snake_case name: `value`, `blank`, `unread`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// A number was read.
    Value,
    /// The report leaves the cell blank (empty, or a null mark such as "/"
    /// or "无"): null, and not a made-up 0.
    Blank,
    /// The report prints the cell but it could not be read: null, and
    /// listed in [`Report::unread`].
    Unread,
}

impl CellStatus {
    /// Its name, as JSON and the CSV exports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            CellStatus::Value => "value",
            CellStatus::Blank => "blank",
            CellStatus::Unread => "unread",
        }
    }
}

impl fmt::Display for CellStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One number cell of a report.
///
/// In JSON `{"table", "row", "column", "value", "status"}`; it deserializes
/// only where the place is a cell of the model, the value fits its kind (a
/// count is a non-negative integer, a signed change an integer) and the
/// status agrees with the value (`value` for a number, `blank` or `unread`
/// for `null`). A missing `status` is `value` for a number, `blank` for
/// `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Value {
    /// Where it stands.
    #[serde(flatten)]
    pub place: Place,
    /// Its value (`None` for a blank or unread cell).
    pub value: Option<Number>,
    /// Which a `None` is: [`CellStatus::Blank`] or [`CellStatus::Unread`];
    /// [`CellStatus::Value`] for a number.
    pub status: CellStatus,
}

impl Report {
    /// Every number cell, in template order, with its place, value and
    /// status: a null cell listed in [`Report::unread`] is
    /// [`CellStatus::Unread`], any other null [`CellStatus::Blank`].
    ///
    /// ```
    /// let text = std::fs::read_to_string("tests/fixtures/seeds/001_1ada044614214e9c.txt")?;
    /// let report = xxgk::parse(&text)?;
    /// let cells = report.values();
    /// let new = cells.iter().find(|c| c.place.to_string() == "requests.new_requests.total");
    /// assert_eq!(new.and_then(|c| c.value), Some(xxgk::model::Number::Count(3)));
    /// assert_eq!(new.map(|c| c.status), Some(xxgk::model::CellStatus::Value));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn values(&self) -> Vec<Value> {
        let mut copy = self.clone();
        let mut out = Vec::with_capacity(256);
        let unread: std::collections::HashSet<&str> =
            self.unread.iter().map(String::as_str).collect();
        copy.for_each_value(|place, slot| {
            let value = slot.get();
            let status = match value {
                Some(_) => CellStatus::Value,
                None if !unread.is_empty() && unread.contains(place.to_string().as_str()) => {
                    CellStatus::Unread
                }
                None => CellStatus::Blank,
            };
            out.push(Value {
                place,
                value,
                status,
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

/// The kind of number a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Count,
    Signed,
    Amount,
}

impl Slot<'_> {
    fn kind(&self) -> Kind {
        match self {
            Slot::Count(_) => Kind::Count,
            Slot::Signed(_) => Kind::Signed,
            Slot::Amount(_) => Kind::Amount,
        }
    }
}

/// Every cell of the model, with its kind: both editions, （六）其他处理
/// itemized and as one row.
fn places() -> &'static [(Place, Kind)] {
    static PLACES: OnceLock<Vec<(Place, Kind)>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut out: Vec<(Place, Kind)> = Vec::new();
        for edition in [Edition::V2021, Edition::V2019] {
            for other_disposal in [
                OtherDisposal::Itemized(OtherDisposalItems::default()),
                OtherDisposal::Single(Row::default()),
            ] {
                let mut report = Report::empty(edition);
                report.requests.other_disposal = other_disposal;
                report.for_each_value(|place, slot| {
                    if !out.iter().any(|(p, _)| *p == place) {
                        out.push((place, slot.kind()));
                    }
                });
            }
        }
        out
    })
}

/// The place named `table`.`row`.`column`, and its kind, if the model has it.
fn place(table: &str, row: &str, column: &str) -> Option<(Place, Kind)> {
    places()
        .iter()
        .find(|(p, _)| p.table == table && p.row == row && p.column == column)
        .copied()
}

/// A place as JSON names it, not yet looked up.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceRepr {
    table: String,
    row: String,
    column: String,
}

impl PlaceRepr {
    fn resolve<E: de::Error>(&self) -> Result<(Place, Kind), E> {
        place(&self.table, &self.row, &self.column).ok_or_else(|| {
            E::custom(format!(
                "no cell {}.{}.{} in the model",
                self.table, self.row, self.column
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let repr = PlaceRepr::deserialize(deserializer)?;
        repr.resolve().map(|(place, _)| place)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count, a signed change or a decimal amount")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number::Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(match u64::try_from(v) {
                    Ok(n) => Number::Count(n),
                    Err(_) => Number::Signed(v),
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Amount::deserialize(de::value::F64Deserializer::<E>::new(v)).map(Number::Amount)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                v.parse().map(Number::Amount).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl Number {
    /// The number as a cell of `kind` holds it, if it fits.
    fn as_kind(self, kind: Kind) -> Option<Number> {
        // An amount with no fraction, as an integer.
        let whole = |a: Amount| {
            let pow = 10i64.checked_pow(u32::from(a.scale()))?;
            (a.units() % pow == 0).then(|| a.units() / pow)
        };
        match (kind, self) {
            (Kind::Count, Number::Count(_))
            | (Kind::Signed, Number::Signed(_))
            | (Kind::Amount, Number::Amount(_)) => Some(self),
            (Kind::Count, Number::Signed(_)) => None,
            (Kind::Count, Number::Amount(a)) => whole(a)
                .and_then(|n| u64::try_from(n).ok())
                .map(Number::Count),
            (Kind::Signed, Number::Count(n)) => i64::try_from(n).ok().map(Number::Signed),
            (Kind::Signed, Number::Amount(a)) => whole(a).map(Number::Signed),
            (Kind::Amount, Number::Count(n)) => i64::try_from(n)
                .ok()
                .map(|n| Number::Amount(Amount::from_int(n))),
            (Kind::Amount, Number::Signed(n)) => Some(Number::Amount(Amount::from_int(n))),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ValueRepr {
            table: String,
            row: String,
            column: String,
            value: Option<Number>,
            #[serde(default)]
            status: Option<CellStatus>,
        }
        let repr = ValueRepr::deserialize(deserializer)?;
        let (place, kind) = PlaceRepr {
            table: repr.table,
            row: repr.row,
            column: repr.column,
        }
        .resolve()?;
        let value = match repr.value {
            None => None,
            Some(n) => Some(n.as_kind(kind).ok_or_else(|| {
                de::Error::custom(format!("{n} is not a value of the cell {place}"))
            })?),
        };
        let status = match (value, repr.status) {
            (Some(_), None | Some(CellStatus::Value)) => CellStatus::Value,
            (None, None) => CellStatus::Blank,
            (None, Some(s @ (CellStatus::Blank | CellStatus::Unread))) => s,
            (Some(n), Some(s)) => {
                return Err(de::Error::custom(format!(
                    "the cell {place} holds {n}, not a {s} cell"
                )));
            }
            (None, Some(CellStatus::Value)) => {
                return Err(de::Error::custom(format!(
                    "the cell {place} is null, status value"
                )));
            }
        };
        Ok(Value {
            place,
            value,
            status,
        })
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
            let report = Report::empty(edition);
            let values = report.values();
            let mut names: Vec<String> = values.iter().map(|v| v.place.to_string()).collect();
            assert_eq!(names.len(), n, "{edition}");
            names.sort();
            names.dedup();
            assert_eq!(names.len(), n, "{edition}: a place twice");
        }
    }

    #[test]
    fn values_places_and_numbers_round_trip_through_json() {
        // Every seed, and a 2019-edition report with amounts and signed
        // changes, negative and positive.
        let mut reports: Vec<Report> = [
            include_str!("../../tests/fixtures/seeds/000_1762ab0cc7bc4c17.txt"),
            include_str!("../../tests/fixtures/seeds/002_2aaec12b832f2882.txt"),
        ]
        .into_iter()
        .map(|t| crate::parse(t).unwrap())
        .collect();
        let mut r2019 = reports[0].clone();
        r2019.active_disclosure = ActiveDisclosure::empty(Edition::V2019);
        if let ActiveDisclosure::V2019(a) = &mut r2019.active_disclosure {
            a.licensing.change = Some(-3);
            a.penalties.change = Some(4);
            a.procurement.amount = Some("5".parse().unwrap());
            a.fees.change = Some(0);
        }
        r2019.requests.other_disposal = OtherDisposal::Single(Row::default());
        reports.push(r2019);
        let mut amounts = 0;
        for report in &reports {
            let values = report.values();
            let json = serde_json::to_string(&values).unwrap();
            let back: Vec<Value> = serde_json::from_str(&json).unwrap();
            assert_eq!(back, values);
            for v in &values {
                let json = serde_json::to_string(&v.place).unwrap();
                assert_eq!(serde_json::from_str::<Place>(&json).unwrap(), v.place);
                amounts += usize::from(matches!(v.value, Some(Number::Amount(_))));
            }
        }
        assert!(amounts >= 2, "amounts tested: {amounts}");
        // An amount printed whole stays an amount in a Value, a change a change.
        let v: Value = serde_json::from_str(
            r#"{"table":"active_disclosure","row":"procurement","column":"amount","value":5}"#,
        )
        .unwrap();
        assert_eq!(v.value, Some(Number::Amount(Amount::from_int(5))));
        let v: Value = serde_json::from_str(
            r#"{"table":"active_disclosure","row":"fees","column":"change","value":4}"#,
        )
        .unwrap();
        assert_eq!(v.value, Some(Number::Signed(4)));
        // Alone, a number says what it can.
        for (json, n) in [
            ("7", Number::Count(7)),
            ("-7", Number::Signed(-7)),
            ("7.25", Number::Amount(Amount::new(725, 2))),
        ] {
            assert_eq!(serde_json::from_str::<Number>(json).unwrap(), n);
        }
        // Places and values the model does not have are refused.
        for bad in [
            r#"{"table":"requests","row":"granted","column":"nobody","value":1}"#,
            r#"{"table":"requests","row":"granted","column":"total","value":-1}"#,
            r#"{"table":"requests","row":"granted","column":"total","value":1.5}"#,
            r#"{"table":"reviews","row":"litigation_direct","column":"total","value":1,"x":0}"#,
        ] {
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Place>(r#"{"table":"a","row":"b","column":"c"}"#).is_err());
    }

    #[test]
    fn a_null_says_whether_it_is_blank_or_unread() {
        let text = include_str!("../../tests/fixtures/seeds/002_2aaec12b832f2882.txt");
        let row = "(一) 予以公开\t0\t0\t0\t0\t0\t0\t0";
        assert!(text.contains(row));
        let broken = text.replacen(row, "(一) 予以公开\t0\t0\t0", 1);
        let parsed = crate::parse_lenient(&broken);
        let values = parsed.report.values();
        let status = |path: &str| {
            values
                .iter()
                .find(|v| v.place.to_string() == path)
                .map(|v| v.status)
        };
        assert_eq!(status("requests.granted.total"), Some(CellStatus::Unread));
        assert_eq!(
            status("requests.new_requests.total"),
            Some(CellStatus::Value)
        );
        let unread: Vec<String> = values
            .iter()
            .filter(|v| v.status == CellStatus::Unread)
            .map(|v| v.place.to_string())
            .collect();
        assert_eq!(unread, parsed.report.unread);
        assert!(
            values
                .iter()
                .all(|v| (v.status == CellStatus::Value) == v.value.is_some())
        );
        // A blank stays blank: the same cell nulled in a report read whole.
        let mut blanked = crate::parse(text).unwrap();
        blanked.requests.granted.total = None;
        let v = blanked.values();
        let cell = v
            .iter()
            .find(|v| v.place.to_string() == "requests.granted.total")
            .unwrap();
        assert_eq!(cell.status, CellStatus::Blank);
        // The status goes through JSON and back.
        let json = serde_json::to_string(&values).unwrap();
        assert!(
            json.contains(r#""column":"total","value":null,"status":"unread""#),
            "{json}"
        );
        let back: Vec<Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, values);
        // Without a status: value for a number, blank for null.
        let v: Value = serde_json::from_str(
            r#"{"table":"requests","row":"granted","column":"total","value":null}"#,
        )
        .unwrap();
        assert_eq!(v.status, CellStatus::Blank);
        // A status that contradicts the value is refused.
        for bad in [
            r#"{"table":"requests","row":"granted","column":"total","value":1,"status":"unread"}"#,
            r#"{"table":"requests","row":"granted","column":"total","value":null,"status":"value"}"#,
            r#"{"table":"requests","row":"granted","column":"total","value":null,"status":"lost"}"#,
        ] {
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
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
