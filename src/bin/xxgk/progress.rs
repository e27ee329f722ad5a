//! The progress bar of batches (`parse` of several files, `sum`), on stderr
//! when it is a terminal.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// The widest the bar's line may be, in columns.
const WIDTH: usize = 80;
/// The widest the bar itself may be, brackets included.
const BAR: usize = 32;

/// A progress bar over `len` files on stderr when it is a terminal, else
/// nothing.
pub(crate) fn bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{line}") {
        bar.set_style(
            style.with_key("line", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&line(s.pos(), s.len().unwrap_or(0), s.elapsed()));
            }),
        );
    }
    bar
}

/// The bar's line after `pos` of `len` files in `elapsed`: the bar, the
/// count, and once a second has passed the rate (whole files a second) and
/// the time left at the rate so far. At most [`WIDTH`] columns (the bar
/// shrinks, or goes, to make room), in ASCII (a terminal may draw block
/// characters two columns wide).
pub(crate) fn line(pos: u64, len: u64, elapsed: Duration) -> String {
    let mut text = format!("{pos}/{len} files");
    let seconds = elapsed.as_secs_f64();
    if pos > 0 && seconds >= 1.0 {
        let rate = pos as f64 / seconds;
        let mut more = vec![format!(", {} files/s", rate.round() as u64)];
        if pos < len {
            let left = ((len - pos) as f64 / rate).ceil() as u64;
            more.push(format!(", {} left", duration(left)));
        }
        // What does not fit is left out (counts far past any batch's).
        for part in more {
            if text.len() + part.len() <= WIDTH {
                text += &part;
            }
        }
    }
    let room = WIDTH.saturating_sub(text.len() + 1).min(BAR);
    if room < 12 {
        return text;
    }
    let inner = room - 2;
    let done = if len == 0 {
        inner
    } else {
        (inner as u128 * u128::from(pos.min(len)) / u128::from(len)) as usize
    };
    format!("[{}{}] {text}", "#".repeat(done), "-".repeat(inner - done))
}

/// `5s`, `3m 05s`, `2h 07m`.
fn duration(seconds: u64) -> String {
    match seconds {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_time_left_once_known() {
        let secs = Duration::from_secs;
        assert_eq!(
            line(0, 100_000, secs(0)),
            "[------------------------------] 0/100000 files"
        );
        // Not a second yet: nothing to tell the rate from.
        assert_eq!(
            line(40, 100_000, Duration::from_millis(999)),
            "[------------------------------] 40/100000 files"
        );
        assert_eq!(
            line(25_000, 100_000, Duration::from_millis(12_500)),
            "[#######-----------------------] 25000/100000 files, 2000 files/s, 38s left"
        );
        assert_eq!(
            line(3, 100_000, secs(2)),
            "[------------------------------] 3/100000 files, 2 files/s, 18h 31m left"
        );
        assert_eq!(
            line(100_000, 100_000, Duration::from_millis(47_300)),
            "[##############################] 100000/100000 files, 2114 files/s"
        );
        assert_eq!(duration(185), "3m 05s");
    }

    #[test]
    fn never_wider_than_80_columns() {
        for len in [1, 999, 100_000, 10_000_000, 1 << 40, u64::MAX] {
            for pos in [0, 1, len / 3, len] {
                for ms in [0, 1_500, 3_600_000, 1 << 40] {
                    let l = line(pos, len, Duration::from_millis(ms));
                    assert!(l.len() <= WIDTH, "{} columns: {l}", l.len());
                    assert!(l.is_ascii());
                }
            }
        }
        // Room for the bar until the numbers need it.
        assert!(line(1 << 40, 1 << 41, Duration::from_secs(9)).starts_with('['));
    }
}
