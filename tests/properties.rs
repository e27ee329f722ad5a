//! Property tests: random reports of both editions, rendered in each seed
//! layout, read back to the same model; noise that must not change the result
//! does not; no input makes the parser panic.

mod common;

use common::{LAYOUTS, Layout, NULL_MARKS, render, report, same_tables};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config() -> Config {
    Config {
        cases: 1000,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every layout of the seeds reads back to the model it was rendered from.
    #[test]
    fn layouts_round_trip(r in report(), null in 0..NULL_MARKS.len()) {
        for layout in LAYOUTS {
            let text = render(&r, layout, NULL_MARKS[null]);
            let got = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{layout:?}: {e}\n{text}")))?;
            same_tables(&got, &r)?;
            prop_assert_eq!(got.narrative.overview.map(|s| s.text), Some(common::OVERVIEW.to_owned()));
            prop_assert_eq!(got.narrative.other_matters.map(|s| s.text), Some(common::OTHER.to_owned()));
        }
    }

    /// Tab-separated rows with truly blank cells: where the merged cells make
    /// the columns ambiguous the parser says so; it never shifts a number.
    #[test]
    fn blank_cells_never_shift_numbers(r in report()) {
        let text = render(&r, Layout::TabRows, "");
        match xxgk::parse(&text) {
            Ok(got) => same_tables(&got, &r)?,
            Err(e) => prop_assert_eq!(e.kind(), xxgk::ErrorKind::CellCount, "{}", e),
        }
    }

    /// Tab-separated rows whose first fields are blank data (section 四's
    /// row, which has no label, printed with its first cells empty): each
    /// empty field is a cell, and the row reads back exactly. (Two fields at
    /// least must follow: a line of one field after tabs is indented.)
    #[test]
    fn rows_opening_with_blank_fields_read_back(mut r in report(), blank in 1usize..14) {
        let mut k = 0;
        for group in [
            &mut r.reviews.administrative_review,
            &mut r.reviews.litigation_direct,
            &mut r.reviews.litigation_after_review,
        ] {
            for cell in [&mut group.upheld, &mut group.corrected, &mut group.other, &mut group.pending, &mut group.total] {
                if k < blank {
                    *cell = None;
                }
                k += 1;
            }
        }
        // (Null marks `/`: a line of dashes around one number reads as a
        // page footer, `— 0 —`.)
        let rendered = render(&r, Layout::TabRows, "/");
        // The row's leading null marks printed as nothing: empty fields.
        let text: String = rendered
            .lines()
            .map(|l| {
                let fields: Vec<&str> = l.split('\t').collect();
                let lead = fields.iter().take_while(|f| **f == "/").count();
                if fields.len() == 15 && lead >= blank {
                    let mut f = fields.clone();
                    f[..blank].fill("");
                    f.join("\t") + "\n"
                } else {
                    l.to_owned() + "\n"
                }
            })
            .collect();
        prop_assert_ne!(&text, &rendered);
        let got = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        same_tables(&got, &r)?;
    }

    /// Item labels spaced between an ordinal's digits and its mark
    /// (`2 .重复申请`, a converter's stray space) read as the labels they
    /// are, in every layout.
    #[test]
    fn ordinals_spaced_from_their_marks_read_the_same(r in report(), null in 0..NULL_MARKS.len()) {
        for layout in LAYOUTS {
            let clean = render(&r, layout, NULL_MARKS[null]);
            let chars: Vec<char> = clean.chars().collect();
            let mut text = String::with_capacity(clean.len() + 64);
            for (i, &c) in chars.iter().enumerate() {
                text.push(c);
                let digit = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
                if c.is_ascii_digit()
                    && (i == 0 || !digit(i - 1))
                    && chars.get(i + 1) == Some(&'.')
                    && chars.get(i + 2).is_some_and(|n| !n.is_ascii_digit())
                {
                    text.push(' ');
                }
            }
            prop_assert_ne!(&text, &clean);
            let base = xxgk::parse(&clean).map_err(|e| TestCaseError::fail(format!("{layout:?}: {e}")))?;
            let got = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{layout:?}: {e}\n{text}")))?;
            same_tables(&got, &base)?;
        }
    }

    /// A matrix row printed as tab-separated fields with blanks around its
    /// values (merged cells' blanks, blank data), so that its seven columns
    /// may fit more than one window of the fields: a column on which every
    /// window agrees is read (in strict mode too, if every column is), one
    /// on which they differ is unread with a diagnostic naming it; never a
    /// wrong number.
    #[test]
    fn rows_in_doubt_read_the_columns_every_window_agrees_on(
        mut r in report(),
        values in proptest::collection::vec(prop_oneof![
            2 => Just(None),
            3 => Just(Some(0u64)),
            2 => (1u64..3).prop_map(Some),
            1 => (0u64..100_000).prop_map(Some),
        ], 7),
        lead in 0usize..3,
        trail in 0usize..3,
        which in 0usize..3,
    ) {
        use xxgk::model::Row;
        let cells: [Option<u64>; 7] = values.clone().try_into().unwrap();
        let (label, path) = [
            ("一、本年新收政府信息公开申请数量", "requests.new_requests"),
            ("二、上年结转政府信息公开申请数量", "requests.carried_over"),
            ("四、结转下年度继续办理", "requests.carried_forward"),
        ][which];
        match which {
            0 => r.requests.new_requests = Row::from_cells(cells),
            1 => r.requests.carried_over = Row::from_cells(cells),
            _ => r.requests.carried_forward = Row::from_cells(cells),
        }
        // Blank data elsewhere printed as a mark: only this row is in doubt.
        let rendered = render(&r, Layout::TabRows, "/");
        let texts: Vec<String> = values.iter().map(|v| v.map_or(String::new(), |v| v.to_string())).collect();
        let mut fields = vec![String::new(); lead];
        fields.extend(texts.iter().cloned());
        fields.extend(std::iter::repeat_n(String::new(), trail));
        let line = format!("{label}\t{}", fields.join("\t"));
        let text: String = rendered
            .lines()
            .map(|l| if l.starts_with(label) { line.clone() + "\n" } else { l.to_owned() + "\n" })
            .collect();
        // The windows of seven fields with only blanks outside them, and the
        // columns on which they all agree.
        let windows: Vec<usize> = (0..=fields.len() - 7)
            .filter(|&k| fields[..k].iter().chain(&fields[k + 7..]).all(String::is_empty))
            .collect();
        let agreed: Vec<bool> = (0..7)
            .map(|j| windows.iter().all(|&k| fields[k + j] == fields[windows[0] + j]))
            .collect();
        let parsed = xxgk::parse_lenient(&text);
        let got: std::collections::HashMap<String, xxgk::model::Value> = parsed
            .report
            .values()
            .into_iter()
            .map(|v| (v.place.to_string(), v))
            .collect();
        let messages: Vec<&str> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.path.as_deref() == Some(path))
            .map(|d| d.message.as_str())
            .collect();
        for (j, field) in Row::FIELDS.iter().enumerate() {
            let place = format!("{path}.{field}");
            let v = &got[&place];
            let want = cells[j].map(xxgk::model::Number::Count);
            if let Some(n) = v.value {
                prop_assert_eq!(Some(n), want, "wrong at {}\n{}", place, line);
            }
            if agreed[j] {
                prop_assert_eq!(v.value, want, "unread though determined: {}\n{}\n{:?}", place, line, messages);
            } else {
                prop_assert_eq!(v.status, xxgk::model::CellStatus::Unread, "{}\n{}", place, line);
                prop_assert!(
                    messages.iter().any(|m| m.contains(field) || m.contains("every column")),
                    "{} not named: {:?}\n{}", place, messages, line
                );
            }
        }
        if agreed.iter().all(|a| *a) {
            let strict = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{line}")))?;
            prop_assert_eq!(strict.requests, r.requests);
        }
    }

    /// Full-width digits, spaces inside labels, CRLF line ends and bookmark
    /// markers leave the result unchanged.
    #[test]
    fn noise_does_not_change_the_result(
        r in report(),
        layout in 0..LAYOUTS.len(),
        full_width in any::<bool>(),
        spaces in any::<bool>(),
        crlf in any::<bool>(),
        bookmarks in any::<bool>(),
    ) {
        let clean = render(&r, LAYOUTS[layout], "—");
        let mut text = clean.clone();
        if full_width {
            text = text.chars().map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
                '(' => '（',
                ')' => '）',
                _ => c,
            }).collect();
        }
        if spaces {
            text = text
                .replace("不予公开", "不予 公 开")
                .replace("无法提供", "无法 提 供")
                .replace("结果维持", "结果 维持")
                .replace("行政规范性文件", "行政规范 性文件");
        }
        if bookmarks {
            text = text
                .replace("一、本年新收", "[bookmark: _Hlk66973412]一、本年新收")
                .replace("2.其他法律", "[bookmark: _Hlk66974104]2.其他法律");
        }
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let base = xxgk::parse(&clean).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        same_tables(&got, &base)?;
    }

    /// A page flattened onto one line by a crawler (every cell, row, heading
    /// and header apart by single spaces), blank cells printed as a mark:
    /// read back exactly.
    #[test]
    fn flattened_pages_read_back(r in report(), null in 0..NULL_MARKS.len(), spaces in any::<bool>()) {
        let mut text = flatten(&render(&r, Layout::TabRows, NULL_MARKS[null]));
        if spaces {
            // Labels broken by a space inside.
            text = text
                .replace("不予公开", "不予 公开")
                .replace("无法提供", "无法 提供")
                .replace("结果维持", "结果 维持")
                .replace("行政规范性文件", "行政规范 性文件")
                .replace("行政处罚", "行政 处罚");
        }
        let got = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        same_tables(&got, &r)?;
        prop_assert_eq!(got.narrative.overview.map(|s| s.text), Some(common::OVERVIEW.to_owned()));
    }

    /// The same with blank cells printed as nothing, so that flattening
    /// drops them: a row that lost one cannot be placed, and is unread;
    /// no number is ever shifted, and no null is silent.
    #[test]
    fn flattened_pages_without_blanks_never_give_a_wrong_number(r in report()) {
        let text = flatten(&render(&r, Layout::TabRows, ""));
        let got = xxgk::parse_lenient(&text).report;
        let read: std::collections::HashMap<String, xxgk::model::Value> =
            got.values().into_iter().map(|v| (v.place.to_string(), v)).collect();
        for want in r.values() {
            let place = want.place.to_string();
            match read.get(&place) {
                Some(v) if v.value.is_some() => prop_assert_eq!(v.value, want.value, "{}\n{}", place, text),
                Some(v) if want.value.is_some() => prop_assert_eq!(
                    v.status, xxgk::model::CellStatus::Unread, "silent null at {}\n{}", place, text
                ),
                _ => {}
            }
        }
    }

    /// Any string returns Ok or Err, without panicking.
    #[test]
    fn any_string_is_handled(s in "\\PC*") {
        let _ = xxgk::parse(&s);
    }

    /// Strings built from the template's own vocabulary (far likelier to reach
    /// deep into the grammars than arbitrary text) never panic either.
    #[test]
    fn template_fragments_are_handled(parts in proptest::collection::vec(prop_oneof![
        Just("二、主动公开政府信息情况\n"), Just("三、收到和处理政府信息公开申请情况\n"),
        Just("四、政府信息公开行政复议、行政诉讼情况\n"), Just("本年制发件数\t"), Just("规章\t"),
        Just("一、本年新收政府信息公开申请数量\t"), Just("（六）其他处理\n"), Just("3.其他\t"),
        Just("0\t"), Just("12\n"), Just("\t\n"), Just("\n\n"), Just("—\t"), Just("1.5\t"), Just("-3\t"),
        Just("行政复议\n"), Just("（七）总计\t"), Just("第二十条第（九）项\n"), Just("| "),
    ], 0..120)) {
        let text: String = parts.concat();
        let _ = xxgk::parse(&text);
    }
}

/// `text` as a crawler flattens a page: one line, words apart by single spaces.
fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn json_round_trips_for_random_reports() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    runner
        .run(&report(), |r| {
            let json = serde_json::to_string(&r).unwrap();
            let back: xxgk::Report = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, r);
            Ok(())
        })
        .unwrap();
}
