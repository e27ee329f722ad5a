//! The glued reader alone: text made only of the template's labels, digits
//! and spaces, as a page saved with every table separator gone. No panic, no
//! hang (run.sh gives each input a timeout), `parse` and `parse_lenient`
//! agree, and every cell read stands on digits of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

// MATRIX_ROWS: the matrix's twenty leading rows.
include!("../../tests/common/glued_labels.rs");

/// The other labels a glued page strings together, in template order and
/// out of it.
const OTHER_LABELS: [&str; 15] = [
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "规章",
    "行政规范性文件",
    "行政许可",
    "行政事业性收费",
    "行政复议",
    "总计",
    "元",
];

fuzz_target!(|bytes: &[u8]| {
    // The first row glued, so that the glued reader is the one that reads.
    let mut text = String::from("一、本年新收政府信息公开申请数量1000001");
    for &b in bytes {
        match b {
            0..=9 => text.push(char::from(b'0' + b)),
            10..=99 => text.push(char::from(b'0' + b % 10)),
            100..=109 => text.push(' '),
            110 => text.push('.'),
            111 => text.push('-'),
            112 => text.push('\n'),
            _ => {
                let k = usize::from(b - 113) % (MATRIX_ROWS.len() + OTHER_LABELS.len());
                text.push_str(
                    MATRIX_ROWS
                        .get(k)
                        .unwrap_or_else(|| &OTHER_LABELS[k - MATRIX_ROWS.len()]),
                );
            }
        }
    }
    let strict = xxgk::parse(&text);
    let lenient = xxgk::parse_lenient(&text);
    assert_eq!(strict.is_ok(), lenient.is_clean());
    if let Ok(report) = &strict {
        assert_eq!(report, &lenient.report);
    }
    for span in lenient.cells.values() {
        let cell = &text[span.start..span.end];
        assert!(
            cell.starts_with(|c: char| c.is_ascii_digit() || c == '-'),
            "{cell:?}"
        );
    }
});
