//! The HTML and DOCX front ends: one model whatever the format, and hostile
//! files refused with a clear error.
#![cfg(all(feature = "html", feature = "docx"))]

mod common;

use common::{Layout, Style, docx, docx_with, html, render, report, same_tables, zip};
use proptest::prelude::*;
use xxgk::{Document, ErrorKind, Format};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random reports of both editions, as text, as a site page and as a
    /// Word file (merged cells, wrapped labels, blank cells, tables split
    /// in two), read to the same report.
    #[test]
    fn text_html_and_docx_read_the_same(r in report(), seed in any::<u64>()) {
        let text = render(&r, Layout::TabRows, "/");
        let from_text = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("text: {e}")))?;
        same_tables(&from_text, &r)?;

        let page = html(&r, Style(seed));
        let doc = Document::read(page.as_bytes()).unwrap();
        prop_assert_eq!(doc.format(), Format::Html);
        let from_html = doc.parse().map_err(|e| {
            TestCaseError::fail(format!("html: {e}\n{}", doc.text()))
        })?;
        same_reading(&from_html, &from_text)?;

        let file = docx(&r, Style(seed));
        let doc = Document::read(&file).unwrap();
        prop_assert_eq!(doc.format(), Format::Docx);
        let from_docx = doc.parse().map_err(|e| {
            TestCaseError::fail(format!("docx: {e}\n{}", doc.text()))
        })?;
        same_reading(&from_docx, &from_text)?;
    }
}

/// Two readings agree on every table cell, note and the metadata, and on
/// the text of sections 一 and 五 (spans differ: the texts do; a page's
/// footer runs on into section 六).
fn same_reading(got: &xxgk::Report, want: &xxgk::Report) -> Result<(), TestCaseError> {
    same_tables(got, want)?;
    prop_assert_eq!(&got.notes, &want.notes);
    let text = |s: &Option<xxgk::model::TextSection>| s.as_ref().map(|s| s.text.clone());
    prop_assert_eq!(
        text(&got.narrative.overview),
        text(&want.narrative.overview)
    );
    prop_assert_eq!(
        text(&got.narrative.problems),
        text(&want.narrative.problems)
    );
    Ok(())
}

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn body(inner: &str) -> String {
    format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{inner}</w:body></w:document>")
}

#[test]
fn docx_merges_runs_fields_and_deletions() {
    let xml = body(
        "<w:p><w:r><w:t>二、主动</w:t></w:r><w:r><w:t>公开</w:t></w:r>\
         <w:r><w:instrText>PAGE</w:instrText></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>\
         <w:tbl><w:tr>\
           <w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p></w:tc>\
           <w:tc><w:p><w:r><w:t>1.属于</w:t></w:r><w:r><w:t>国家秘密</w:t></w:r></w:p></w:tc>\
           <w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc>\
           <w:tc><w:p/></w:tc>\
         </w:tr><w:tr>\
           <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>ignored</w:t></w:r></w:p></w:tc>\
           <w:tc><w:p><w:r><w:t>2.其他</w:t></w:r></w:p><w:p><w:r><w:t>法律</w:t></w:r></w:p></w:tc>\
           <w:tc><w:p><w:r><w:t>1&amp;</w:t></w:r></w:p></w:tc>\
         </w:tr></w:tbl>",
    );
    let text = xxgk::markup::docx::to_text(&docx_with(&xml)).unwrap();
    assert_eq!(
        text,
        "二、主动公开\n\n|（三）不予公开|1.属于国家秘密|0||\n|2.其他法律|1&|\n\n"
    );
}

fn document_error(bytes: &[u8]) -> xxgk::Error {
    let err = Document::read(bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Document, "{err}");
    err
}

#[test]
fn hostile_and_broken_docx_files_are_refused() {
    let good = docx_with(&body("<w:p><w:r><w:t>x</w:t></w:r></w:p>"));
    assert_eq!(Document::read(&good).unwrap().text(), "x\n");

    // Truncated: the central directory is gone.
    let err = document_error(&good[..good.len() / 2]);
    assert!(err.found().contains("broken ZIP archive"), "{err}");

    // No body.
    let err = document_error(&zip(&[("word/other.xml", b"<x/>")]));
    assert!(err.found().contains("without word/document.xml"), "{err}");

    // A body that is not XML.
    let err = document_error(&docx_with("<w:document><w:body></w:p>"));
    assert!(err.found().contains("broken word/document.xml"), "{err}");

    // Too many entries.
    let names: Vec<String> = (0..=xxgk::markup::docx::MAX_ENTRIES)
        .map(|i| format!("f{i}"))
        .collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let err = document_error(&zip(&entries));
    assert!(err.found().contains("entries"), "{err}");

    // A zip bomb: a small archive whose body decompresses past the limit.
    let big = vec![b' '; xxgk::markup::docx::MAX_BODY as usize + 1];
    let bomb = zip(&[("word/document.xml", &big)]);
    assert!(bomb.len() < 1 << 20);
    let err = document_error(&bomb);
    assert!(err.found().contains("larger than"), "{err}");

    // Encrypted: the general-purpose flag's bit 0 set on every header.
    let mut encrypted = good.clone();
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let flag_at = if sig == b"PK\x03\x04" { 6 } else { 8 };
        let mut i = 0;
        while let Some(k) = encrypted[i..].windows(4).position(|w| w == sig) {
            encrypted[i + k + flag_at] |= 1;
            i += k + 4;
        }
    }
    let err = document_error(&encrypted);
    assert!(err.found().contains("word/document.xml"), "{err}");

    // Word's own encryption wraps the file in an OLE compound file.
    let err = document_error(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest");
    assert!(err.found().contains("encrypted"), "{err}");
}

#[test]
fn a_page_that_is_not_a_report_says_so() {
    let page = "<html><body><p>欢迎访问</p></body></html>";
    let err = xxgk::parse_bytes(page.as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedTemplate);
    // About the page as a whole: no position.
    assert_eq!(err.line(), None);
    assert!(err.to_string().ends_with("found no such tables"), "{err}");
    // Nor a document that cannot be opened.
    let err = xxgk::parse_bytes(b"PK\x03\x04 not an archive").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Document);
    assert_eq!((err.line(), err.column()), (None, None));
    assert!(!err.to_string().contains("(line"), "{err}");
}

#[test]
fn parse_path_reads_any_format_and_names_unreadable_files() {
    let r = proptest::strategy::ValueTree::current(
        &proptest::strategy::Strategy::new_tree(
            &report(),
            &mut proptest::test_runner::TestRunner::deterministic(),
        )
        .unwrap(),
    );
    let dir = std::env::temp_dir().join(format!("xxgk-frontends-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.bin");
    std::fs::write(&path, docx(&r, Style(7))).unwrap();
    let got = xxgk::parse_path(&path).unwrap();
    same_tables(&got, &r).unwrap();
    let err = xxgk::parse_path(dir.join("absent.docx")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(err.found().contains("absent.docx"), "{err}");
    // The I/O error is kept as the source, and the file has no place to name.
    let source = std::error::Error::source(&err).expect("the I/O error as source");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("a std::io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!((err.line(), err.column()), (None, None));
    assert!(!err.to_string().contains("line"), "{err}");
    // Clone and equality hold with the source.
    assert_eq!(err.clone(), err);
    let other = xxgk::parse_path(dir.join("other.docx")).unwrap_err();
    assert_ne!(other, err);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_pages_title_is_the_report_title_without_the_sites_name() {
    let r = proptest::strategy::ValueTree::current(
        &proptest::strategy::Strategy::new_tree(
            &report(),
            &mut proptest::test_runner::TestRunner::deterministic(),
        )
        .unwrap(),
    );
    let title = r.title.clone().unwrap();
    let page = html(&r, Style(3));
    // As sites title their pages: the report's title, the column, the site.
    let suffixed = format!("<title>{title}_政府信息公开年报_某某区人民政府</title>");
    let page = page.replacen("<title>政务公开</title>", &suffixed, 1);
    assert!(page.contains(&suffixed));
    let got = xxgk::parse_bytes(page.as_bytes()).unwrap();
    assert_eq!(got.title.as_deref(), Some(title.as_str()));
    // Without the body's title line, the <title> is read without the site.
    let body_title = format!("<p>{title}</p>");
    assert!(page.contains(&body_title));
    let page = page.replacen(&body_title, "", 1);
    let got = xxgk::parse_bytes(page.as_bytes()).unwrap();
    assert_eq!(got.title.as_deref(), Some(title.as_str()));
    assert_eq!(got.agency, r.agency);
    assert_eq!(got.year, r.year);
}
