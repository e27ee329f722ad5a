//! The glued reader alone: text made only of the template's labels, digits
//! and spaces, as a page saved with every table separator gone. No panic, no
//! hang (run.sh gives each input a timeout), `parse` and `parse_lenient`
//! agree, and every cell read stands on digits of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The labels a glued page strings together, in template order and out of it.
const LABELS: [&str; 32] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
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
            _ => text.push_str(LABELS[usize::from(b - 113) % LABELS.len()]),
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
        assert!(cell.starts_with(|c: char| c.is_ascii_digit() || c == '-'), "{cell:?}");
    }
});
