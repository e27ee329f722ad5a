//! Exact decimal amounts (万元).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Significant digits an `f64` carries exactly through a decimal round trip.
const F64_EXACT_DIGITS: u32 = 15;
/// The largest number of decimal places an [`Amount`] keeps.
pub const MAX_SCALE: u8 = 9;

/// An exact decimal amount, as printed in the report (no binary floating point).
///
/// The value is `units / 10^scale`. Equality compares values, so `1.50 == 1.5`;
/// [`Display`](fmt::Display) keeps the printed number of decimal places.
///
/// In JSON an amount is a number, exact to the printed digits: its value,
/// written in the shortest form that denotes it exactly. Trailing zeros of
/// the fraction carry no value and are not written (`25.1000` is `25.1`,
/// `100.00` is `100`), since a JSON number has no number of decimal places;
/// [`Display`](fmt::Display), and so the CLI's CSV, keeps the printed form.
/// This holds for amounts of up to 15 significant digits, which covers every
/// 万元 figure up to 10^9 with six decimals; larger amounts, which no report
/// prints, are written as strings so that no digit is lost.
///
/// ```
/// use xxgk::model::Amount;
/// let a: Amount = "7730.28".parse().unwrap();
/// assert_eq!(a.to_string(), "7730.28");
/// assert_eq!(a, Amount::new(773028, 2));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Amount {
    units: i64,
    scale: u8,
}

impl Amount {
    /// The amount `units / 10^scale`.
    ///
    /// # Panics
    /// If `scale` exceeds [`MAX_SCALE`].
    pub const fn new(units: i64, scale: u8) -> Self {
        assert!(scale <= MAX_SCALE, "Amount scale too large");
        Amount { units, scale }
    }

    /// A whole amount.
    pub const fn from_int(units: i64) -> Self {
        Amount { units, scale: 0 }
    }

    /// The unscaled digits.
    pub const fn units(&self) -> i64 {
        self.units
    }

    /// The number of decimal places as printed.
    pub const fn scale(&self) -> u8 {
        self.scale
    }

    /// The exact sum, at the larger of the two scales, or `None` on overflow.
    ///
    /// ```
    /// use xxgk::model::Amount;
    /// let sum = Amount::new(125, 2).checked_add(Amount::new(5, 1)).unwrap();
    /// assert_eq!(sum.to_string(), "1.75");
    /// ```
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let scale = self.scale.max(other.scale);
        let at = |a: Amount| {
            a.units
                .checked_mul(10i64.checked_pow(u32::from(scale - a.scale))?)
        };
        Some(Amount {
            units: at(self)?.checked_add(at(other)?)?,
            scale,
        })
    }

    /// Divides by `10^places` exactly (元 → 万元 is `shift(4)`), or `None` if
    /// the result would need more than [`MAX_SCALE`] decimal places.
    pub fn shift(self, places: u8) -> Option<Amount> {
        let scale = self.scale.checked_add(places)?;
        (scale <= MAX_SCALE).then_some(Amount {
            units: self.units,
            scale,
        })
    }

    /// `(units, scale)` with trailing zeros removed: the canonical form.
    fn canonical(&self) -> (i64, u8) {
        let (mut u, mut s) = (self.units, self.scale);
        while s > 0 && u % 10 == 0 {
            u /= 10;
            s -= 1;
        }
        (u, s)
    }

    fn significant_digits(&self) -> u32 {
        let (u, _) = self.canonical();
        u.unsigned_abs().checked_ilog10().map_or(1, |d| d + 1)
    }

    /// The nearest `f64`; exact to the printed digits for up to 15 significant digits.
    pub fn to_f64(&self) -> f64 {
        // From the canonical digits: trailing zeros could take the units past
        // the integers an f64 holds exactly, and round twice.
        let (units, scale) = self.canonical();
        units as f64 / 10f64.powi(i32::from(scale))
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl Eq for Amount {}

impl std::hash::Hash for Amount {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical().hash(state)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let pow = 10u64.pow(u32::from(self.scale));
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / pow,
            abs % pow,
            width = usize::from(self.scale)
        )
    }
}

/// Why a string is not an [`Amount`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// Not of the form `[-+]digits[.digits]`.
    #[error("not a decimal number")]
    Syntax,
    /// More digits than an amount holds.
    #[error("too many digits for an exact amount")]
    Overflow,
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (neg, body) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || body.ends_with('.') {
            return Err(AmountError::Syntax);
        }
        if frac.len() > usize::from(MAX_SCALE) {
            return Err(AmountError::Overflow);
        }
        let mut units: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(i64::from(b - b'0')))
                .ok_or(AmountError::Overflow)?;
        }
        Ok(Amount {
            units: if neg { -units } else { units },
            scale: frac.len() as u8,
        })
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (units, scale) = self.canonical();
        if scale == 0 {
            serializer.serialize_i64(units)
        } else if self.significant_digits() <= F64_EXACT_DIGITS {
            serializer.serialize_f64(self.to_f64())
        } else {
            serializer.collect_str(self)
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal amount")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount::from_int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                i64::try_from(v)
                    .map(Amount::from_int)
                    .map_err(|_| E::custom("amount too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                // `Display` for f64 prints the shortest decimal that round-trips,
                // which is the printed amount for up to 15 significant digits.
                format!("{v}").parse().map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays() {
        for s in ["0", "7730.28", "7539.443252", "-18", "0.05", "25.1000"] {
            assert_eq!(s.parse::<Amount>().unwrap().to_string(), s);
        }
        for s in ["", ".", "1.", ".5", "1e5", "1,000", "--1", "abc"] {
            assert!(s.parse::<Amount>().is_err(), "{s}");
        }
        assert_eq!(
            "99999999999999999999".parse::<Amount>(),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn equality_ignores_trailing_zeros() {
        assert_eq!(Amount::new(150, 2), Amount::new(15, 1));
        assert_ne!(Amount::new(151, 2), Amount::new(15, 1));
    }

    #[test]
    fn json_is_the_exact_value_in_its_shortest_form() {
        for (printed, json) in [
            ("25.1000", "25.1"),
            ("100.00", "100"),
            ("0", "0"),
            ("0.05", "0.05"),
            ("-18.50", "-18.5"),
            ("7539.443252", "7539.443252"),
            ("999999999.123456", "999999999.123456"),
            ("0.000000001", "1e-9"),
            // Trailing zeros that take the units past 2^53: still exact.
            ("12345678901234.5000", "12345678901234.5"),
            ("99999999999999999.9", "\"99999999999999999.9\""),
        ] {
            let a: Amount = printed.parse().unwrap();
            let got = serde_json::to_string(&a).unwrap();
            assert_eq!(got, json, "{printed}");
            let back: Amount = serde_json::from_str(&got).unwrap();
            assert_eq!(back, a, "{printed}");
            // The printed form stays for Display.
            assert_eq!(a.to_string(), printed);
        }
    }

    #[test]
    fn shift_converts_yuan_to_wan() {
        let yuan: Amount = "251000".parse().unwrap();
        assert_eq!(yuan.shift(4).unwrap(), "25.1".parse().unwrap());
    }
}
