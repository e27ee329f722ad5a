//! The PDF front end: random reports read the same as PDF files and as
//! text, and hostile files are refused with a clear error, quickly.
#![cfg(feature = "pdf")]

mod common;

use std::time::{Duration, Instant};

use common::pdf::{pdf, stream, write_pdf};
use common::{Layout, Style, render, report, same_tables};
use proptest::prelude::*;
use xxgk::{Document, ErrorKind, Format};

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Random reports of both editions, as text and as a PDF file (CID font
    /// with a ToUnicode map, ruled tables with merged and blank cells, labels
    /// wrapped in their cells or one character a line, tables over page
    /// breaks, page numbers, rotated pages, glyphs painted twice,
    /// underlines), read to the same report.
    #[test]
    fn text_and_pdf_read_the_same(r in report(), seed in any::<u64>()) {
        let text = render(&r, Layout::TabRows, "/");
        let from_text = xxgk::parse(&text).map_err(|e| TestCaseError::fail(format!("text: {e}")))?;
        same_tables(&from_text, &r)?;

        let file = pdf(&r, Style(seed));
        let doc = Document::read(&file).map_err(|e| TestCaseError::fail(format!("pdf: {e}")))?;
        prop_assert_eq!(doc.format(), Format::Pdf);
        let from_pdf = doc.parse().map_err(|e| {
            // The file, to look at with other readers.
            let path = std::env::temp_dir().join("xxgk-pdf-failure.pdf");
            let _ = std::fs::write(&path, &file);
            TestCaseError::fail(format!("pdf ({}): {e}\n{}", path.display(), doc.text()))
        })?;
        same_tables(&from_pdf, &from_text)?;
        prop_assert_eq!(&from_pdf.notes, &from_text.notes);
        // Every page is known, the first from offset 0.
        prop_assert_eq!(doc.page_at(0), Some(1));
        let last = doc.page_starts().len();
        prop_assert!(last >= 1);
        prop_assert_eq!(doc.page_at(doc.text().len()), Some(last));
    }
}

fn a_report() -> xxgk::Report {
    proptest::strategy::ValueTree::current(
        &proptest::strategy::Strategy::new_tree(
            &report(),
            &mut proptest::test_runner::TestRunner::deterministic(),
        )
        .unwrap(),
    )
}

/// Reads `bytes`, in at most two seconds.
fn read(bytes: &[u8]) -> Result<String, xxgk::Error> {
    let start = Instant::now();
    let got = Document::read(bytes).map(|d| d.text().to_owned());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "took {:?}",
        start.elapsed()
    );
    got
}

fn refused(bytes: &[u8], says: &str) -> xxgk::Error {
    let err = read(bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Document, "{err}");
    assert!(err.found().contains(says), "{err}");
    assert_eq!(err.line(), None);
    err
}

/// A one-page PDF whose page has `content` and `resources`.
fn one_page(content: &[u8], resources: &str, extra: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>")
            .into_bytes(),
        stream("", content),
    ];
    objects.extend(extra);
    write_pdf(&objects, "")
}

#[test]
fn a_pdf_is_told_by_content_and_read_by_parse_bytes_and_parse_path() {
    let r = a_report();
    let file = pdf(&r, Style(1));
    assert_eq!(Format::sniff(&file), Format::Pdf);
    let got = xxgk::parse_bytes(&file).unwrap();
    same_tables(&got, &r).unwrap();
    let dir = std::env::temp_dir().join(format!("xxgk-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.bin");
    std::fs::write(&path, &file).unwrap();
    same_tables(&xxgk::parse_path(&path).unwrap(), &r).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn broken_and_truncated_files_end_quickly() {
    let file = pdf(&a_report(), Style(2));
    // Cut anywhere: an error or what could be read, never a panic or a hang.
    for cut in [10, 100, file.len() / 3, file.len() / 2, file.len() - 40] {
        let _ = read(&file[..cut]);
    }
    refused(b"%PDF-1.7\nnothing else", "broken PDF");
    // A stream that claims a huge length.
    let huge = one_page(b"BT ET", "<< >>", vec![]);
    let huge = String::from_utf8_lossy(&huge).replacen("/Length 5", "/Length 999999999999", 1);
    let _ = read(huge.as_bytes());
}

#[test]
fn deep_nesting_and_recursive_forms_end_quickly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let _ = read(&one_page(deep.as_bytes(), "<< >>", vec![]));
    let dict = format!(
        "<< /A {}1{} >>",
        "<< /A ".repeat(10_000),
        " >>".repeat(10_000)
    );
    let _ = read(&one_page(b"BT ET", &dict, vec![]));
    // A form that draws itself four times.
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >>",
        b"/X Do /X Do /X Do /X Do 0 0 m 1 1 l S",
    );
    let err = read(&one_page(
        b"/X Do",
        "<< /XObject << /X 5 0 R >> >>",
        vec![form],
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Document, "{err}");
}

#[test]
fn encrypted_files_say_so() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        format!(
            "<< /Filter /Standard /V 1 /R 2 /P -4 /O <{}> /U <{}> >>",
            "11".repeat(32),
            "22".repeat(32)
        )
        .into_bytes(),
    ];
    let file = write_pdf(
        &objects,
        "/Encrypt 3 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]",
    );
    refused(&file, "encrypted");
}

#[test]
fn a_scan_without_text_says_to_run_ocr() {
    let image = stream(
        "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
        b"\x80",
    );
    let file = one_page(
        b"q 595 0 0 842 0 0 cm /Im0 Do Q",
        "<< /XObject << /Im0 5 0 R >> >>",
        vec![image],
    );
    let err = refused(&file, "without a text layer");
    assert!(err.found().contains("OCR"), "{err}");
    refused(
        &one_page(b"0 0 m 10 10 l S", "<< >>", vec![]),
        "without any text",
    );
}

#[test]
fn a_decompression_bomb_is_refused() {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..(xxgk::markup::pdf::MAX_STREAM >> 20) + 1 {
        z.write_all(&zeros).unwrap();
    }
    let bomb = z.finish().unwrap();
    let file = one_page(
        b"BT ET",
        "<< /XObject << /X 5 0 R >> >>",
        vec![stream(
            "/Type /XObject /Subtype /Form /Filter /FlateDecode",
            &bomb,
        )],
    );
    refused(&file, "decompression bomb");
}

#[test]
fn radicals_and_double_painted_glyphs_read_as_text() {
    // A ToUnicode map that gives ⺠ (U+2EA0) for 民, and a glyph painted
    // twice at one place.
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar\n<0001> <2EA0>\n<0002> <4EBA>\nendbfchar\nendcmap end end\n";
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H \
        /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000 >>] /ToUnicode 6 0 R >>"
        .to_vec();
    let file = one_page(
        b"BT /F1 10 Tf 100 700 Td <00010002> Tj ET BT 1 Tr /F1 10 Tf 110.2 700 Td <0002> Tj ET",
        "<< /Font << /F1 5 0 R >> >>",
        vec![font, stream("", cmap)],
    );
    assert_eq!(read(&file).unwrap(), "民人\n");
}

/// Tables without rules are read from lines rebuilt from baselines, their
/// cells apart by white space (as `pdftotext -layout` gives them). Blank
/// cells and labels wrapped in narrow columns leave such lines ambiguous:
/// the grammars then stop with a diagnostic, and what a strict parse does
/// read is the report's.
#[test]
fn unruled_tables_read_from_their_lines() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut read = 0;
    for seed in 0..20 {
        let r = proptest::strategy::ValueTree::current(
            &proptest::strategy::Strategy::new_tree(&report(), &mut runner).unwrap(),
        );
        let file = common::pdf::unruled_pdf(&r, Style(seed));
        let doc = Document::read(&file).unwrap();
        assert!(!doc.text().contains('|'), "{}", doc.text());
        let lenient = doc.parse_lenient();
        // Never a wrong number: what is read is the report's.
        if let Ok(got) = doc.parse() {
            same_tables(&got, &r).unwrap();
            read += 1;
        } else {
            assert!(!lenient.diagnostics.is_empty());
        }
    }
    eprintln!("unruled: {read}/20 read whole");
}

/// Writes PDF files of random reports to `$XXGK_PDF_SEEDS`, as seeds for
/// the fuzz target `parse_pdf` (fuzz/run.sh runs it).
#[test]
#[ignore]
fn write_seeds() {
    let Ok(dir) = std::env::var("XXGK_PDF_SEEDS") else {
        return;
    };
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for seed in 0..8 {
        let r = proptest::strategy::ValueTree::current(
            &proptest::strategy::Strategy::new_tree(&report(), &mut runner).unwrap(),
        );
        std::fs::write(format!("{dir}/writer-{seed}.pdf"), pdf(&r, Style(seed))).unwrap();
    }
}

/// A simple font (WinAnsi with `/Differences`, `/Widths`), text shown in a
/// Form XObject under a matrix, `TJ` adjustments and a crop box that moves
/// the origin: the glyphs land where they are drawn.
#[test]
fn simple_fonts_forms_and_crop_boxes() {
    let font = b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /FirstChar 32 /LastChar 122 \
        /Widths [278 0 0 0 0 0 0 0 0 0 0 0 0 0 278 0 556 556] \
        /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E00 /two] >> >>"
        .to_vec();
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [1 0 0 1 100 0] \
         /Resources << /Font << /F2 5 0 R >> >>",
        b"BT /F2 10 Tf 0 600 Td (AB) Tj ET",
    );
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 800 900] /CropBox [50 50 650 850] \
          /Resources << /Font << /F2 5 0 R >> /XObject << /Fm 6 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream("", b"BT /F2 10 Tf 100 700 Td [(x) -3000 (y)] TJ ET /Fm Do"),
    ];
    objects.extend([font, form]);
    let text = read(&write_pdf(&objects, "")).unwrap();
    // `x`, a gap of three ems kept as spaces, `y`; then the form's line.
    assert_eq!(text, "x      y\n一2\n");
}

/// MD5 (RFC 1321), for the standard security handler below.
fn md5(data: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5,
        9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10,
        15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: Vec<u32> = (0..64)
        .map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32)
        .collect();
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_le_bytes());
    let mut h: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk
            .chunks(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        h = [
            h[0].wrapping_add(a),
            h[1].wrapping_add(b),
            h[2].wrapping_add(c),
            h[3].wrapping_add(d),
        ];
    }
    let mut out = [0u8; 16];
    for (i, w) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    out
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: Vec<u8> = (0..=255).collect();
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[(s[i as usize].wrapping_add(s[j as usize])) as usize]
        })
        .collect()
}

/// A file encrypted (RC4, revision 2) with the empty user password is read.
#[test]
fn a_file_encrypted_with_the_empty_password_is_read() {
    assert_eq!(
        md5(b"abc"),
        *b"\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28\xe1\x7f\x72"
    );
    const PAD: &[u8; 32] = b"\x28\xBF\x4E\x5E\x4E\x75\x8A\x41\x64\x00\x4E\x56\xFF\xFA\x01\x08\
        \x2E\x2E\x00\xB6\xD0\x68\x3E\x80\x2F\x0C\xA9\xFE\x64\x53\x69\x7A";
    let id = [0x11u8; 16];
    let o = [0x22u8; 32];
    let p: i32 = -4;
    let mut input = PAD.to_vec();
    input.extend_from_slice(&o);
    input.extend_from_slice(&p.to_le_bytes());
    input.extend_from_slice(&id);
    let key = &md5(&input)[..5];
    let u = rc4(key, PAD);
    let object_key = |num: u32| {
        let mut k = key.to_vec();
        k.extend_from_slice(&num.to_le_bytes()[..3]);
        k.extend_from_slice(&[0, 0]);
        md5(&k)[..10].to_vec()
    };
    let cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar\n<0001> <516C>\n<0002> <5F00>\nendbfchar endcmap";
    let content = b"BT /F1 12 Tf 100 700 Td <00010002> Tj ET";
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
          /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream("", &rc4(&object_key(4), content)),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H \
          /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F >>] /ToUnicode 6 0 R >>"
            .to_vec(),
        stream("", &rc4(&object_key(6), cmap)),
        format!(
            "<< /Filter /Standard /V 1 /R 2 /Length 40 /P {p} /O <{}> /U <{}> >>",
            hex(&o),
            hex(&u)
        )
        .into_bytes(),
    ];
    let file = write_pdf(
        &objects,
        &format!("/Encrypt 7 0 R /ID [<{}> <{}>]", hex(&id), hex(&id)),
    );
    assert_eq!(read(&file).unwrap(), "公开\n");
}

/// Pages dense with rules (a thousand each way, on forty pages sharing one
/// content stream) end quickly: past a budget, pages are read as lines.
#[test]
fn pages_dense_with_rules_end_quickly() {
    let mut content = String::from("BT /F1 10 Tf 100 800 Td <0001> Tj ET\n");
    for i in 0..1000 {
        let at = 20.0 + i as f64 * 0.5;
        content.push_str(&format!("20 {at} m 520 {at} l S {at} 20 m {at} 520 l S\n"));
    }
    let cmap = b"begincmap 1 beginbfchar\n<0001> <516C>\nendbfchar endcmap";
    let kids: Vec<String> = (0..40).map(|i| format!("{} 0 R", 6 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count 40 >>", kids.join(" ")).into_bytes(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /Identity-H \
          /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F >>] /ToUnicode 5 0 R >>"
            .to_vec(),
        stream("", cmap),
    ];
    for _ in 0..40 {
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
              /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
                .to_vec(),
        );
    }
    let text = read(&write_pdf(&objects, "")).unwrap();
    assert_eq!(text.matches('公').count(), 40);
}
