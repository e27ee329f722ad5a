//! HTML pages (feature `html`).
//!
//! A published report is usually a whole site page: navigation, scripts,
//! the report's paragraphs and its tables. The page is tokenized
//! (WHATWG-compliant, with `html5gum`) and rendered as described in
//! [`crate::markup`]: scripts, styles and the document head are ignored,
//! and `<nav>` menus and form controls are skipped.
//!
//! A page with a `<title>` gets the report's title as the rendering's first
//! line (see [`title`]): the line of the body that prints it, or else the
//! `<title>` without the site's name that sites append to it
//! (`…年度报告_政府信息公开年报_平潭综合实验区党工委管委会`). The first line is
//! where [`crate::grammar::meta`] finds the title whatever the page puts
//! before its body's own title line (menus, a breadcrumb).
//!
//! The charset is the one a BOM gives, else the one `<meta charset>` or
//! `<meta http-equiv="Content-Type">` declares (GBK and GB2312 pages are
//! read as GB18030, their superset), else UTF-8 or GB18030, whichever the
//! bytes are valid in (see [`crate::decode`]).

use std::borrow::Cow;

use encoding_rs::Encoding;
use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::Renderer;
pub use super::title::title;
use crate::Error;

/// How far into the page a `<meta>` charset declaration is looked for.
const CHARSET_PRESCAN: usize = 4096;

/// The rendering of an HTML page given as bytes, decoded by its charset.
///
/// ```
/// let page = "<html><head><meta charset=utf-8><title>报告</title></head>\
///             <body><p>二、主动公开政府信息情况</p>\
///             <table><tr><td>规章</td><td>&nbsp;</td><td>3</td></tr></table></body></html>";
/// let text = xxgk::markup::html::to_text(page.as_bytes()).unwrap();
/// assert_eq!(text, "报告\n二、主动公开政府信息情况\n\n|规章||3|\n\n");
/// ```
pub fn to_text(bytes: &[u8]) -> Result<String, Error> {
    Ok(render(&decode(bytes)?))
}

/// The page's text, in the charset it declares.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, Error> {
    let declared = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared_charset(bytes));
    match declared {
        // A page that declares a charset its bytes break is read as any text is.
        Some(e) if e != encoding_rs::UTF_8 => {
            let e = if e == encoding_rs::GBK {
                encoding_rs::GB18030
            } else {
                e
            };
            let (text, _, malformed) = e.decode(bytes);
            if malformed {
                crate::decode::decode(bytes)
            } else {
                Ok(text)
            }
        }
        _ => crate::decode::decode(bytes),
    }
}

/// The encoding a `<meta>` near the top of the page declares.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_PRESCAN)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut rest = &lower[from + i + b"charset".len()..];
        from += i + 1;
        rest = trim_ascii_start(rest);
        let Some(after_eq) = rest.strip_prefix(b"=") else {
            continue;
        };
        let value = trim_ascii_start(after_eq);
        let value = value.strip_prefix(b"\"").unwrap_or(value);
        let value = value.strip_prefix(b"'").unwrap_or(value);
        let end = value
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .unwrap_or(value.len());
        if let Some(e) = Encoding::for_label(&value[..end]) {
            return Some(e);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(mut s: &[u8]) -> &[u8] {
    while let [b, rest @ ..] = s {
        if !b.is_ascii_whitespace() {
            break;
        }
        s = rest;
    }
    s
}

/// Elements whose content is not the report's text.
const SKIPPED: [&[u8]; 11] = [
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"head",
    b"nav",
    b"select",
    b"button",
    b"iframe",
    b"svg",
    b"textarea",
];

/// Elements that end a line of text (their start and their end).
const BLOCKS: [&[u8]; 30] = [
    b"p",
    b"div",
    b"br",
    b"li",
    b"ul",
    b"ol",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"main",
    b"aside",
    b"blockquote",
    b"pre",
    b"hr",
    b"center",
    b"dl",
    b"dt",
    b"dd",
    b"form",
    b"caption",
    b"address",
    b"figure",
    b"figcaption",
];

/// Renders an HTML page's text (see [`crate::markup`]).
pub fn render(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // Script and style content is raw text, not markup.
    emitter.naively_switch_states(true);
    let mut r = Renderer::default();
    // The open skipped elements, innermost last, and whether a title is open.
    let mut skipped: Vec<Vec<u8>> = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if name == b"title" {
                    in_title = !tag.self_closing;
                } else if SKIPPED.contains(&name) {
                    if !tag.self_closing {
                        skipped.push(name.to_vec());
                    }
                } else if skipped.is_empty() {
                    start(&mut r, name);
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if name == b"title" {
                    in_title = false;
                } else if let Some(i) = skipped.iter().rposition(|s| s == name) {
                    skipped.truncate(i);
                } else if skipped.is_empty() {
                    end(&mut r, name);
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s);
                if in_title {
                    title.push_str(&s);
                } else if skipped.is_empty() {
                    r.text(&s);
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    let body = r.finish();
    let mut head = Renderer::default();
    head.text(self::title(&title, &body));
    let mut text = head.finish();
    text.push_str(&body);
    text
}

fn start(r: &mut Renderer, name: &[u8]) {
    match name {
        b"table" => r.table_start(),
        b"tr" => r.row_start(),
        b"td" | b"th" => r.cell_start(),
        _ if BLOCKS.contains(&name) => r.block_break(),
        _ => {}
    }
}

fn end(r: &mut Renderer, name: &[u8]) {
    match name {
        b"table" => r.table_end(),
        b"tr" => r.row_end(),
        b"td" | b"th" => r.cell_end(),
        _ if BLOCKS.contains(&name) => r.block_break(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::title::without_site;

    #[test]
    fn scripts_styles_navigation_and_head_are_skipped() {
        let page = "<!DOCTYPE html><html><head><title>某区2023年报告</title>\
                    <style>td{x:1}</style><script>if (a<b) { document.write('<p>x</p>') }</script>\
                    </head><body><nav><a>首页</a></nav><div>正文</div><select><option>1</option></select>\
                    <p>规章<br>3</p></body></html>";
        assert_eq!(render(page), "某区2023年报告\n正文\n规章\n3\n");
    }

    #[test]
    fn cells_keep_blanks_and_merged_cells_are_written_once() {
        let page = "<table><tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td>\
                    <td>0</td><td colspan=2>&nbsp;</td></tr>\
                    <tr><td>2.其他<p>法律</p></td><td>1</td><td>2</td></table>";
        assert_eq!(
            render(page),
            "\n|（三）不予公开|1.属于国家秘密|0||\n|2.其他法律|1|2|\n\n"
        );
    }

    #[test]
    fn the_title_is_the_bodys_or_the_heads_without_the_site() {
        let head = "<html><head><title>平潭综合实验区2019年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会</title></head>";
        // The body prints the title (after a breadcrumb that names the
        // column, and a menu): it is the first line.
        let page = format!(
            "{head}<body><div>首页</div><div>政府信息公开年报</div>\
             <h1>平潭综合实验区2019年度政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
        );
        let text = render(&page);
        assert_eq!(
            text.lines().next(),
            Some("平潭综合实验区2019年度政府信息公开工作年度报告")
        );
        // Only the head has it: its site's name is cut off.
        let page = format!("{head}<body><p>一、总体情况</p></body></html>");
        assert_eq!(
            render(&page),
            "平潭综合实验区2019年度政府信息公开工作年度报告\n一、总体情况\n"
        );
        // The body says more than the head: the body's line.
        let page = "<title>2023年政府信息公开工作年度报告 - 某区</title>\
                    <p>其他年份：某区2022年政府信息公开工作年度报告。</p>\
                    <p>某区人民政府2023年政府信息公开工作年度报告</p>";
        assert_eq!(
            render(page).lines().next(),
            Some("某区人民政府2023年政府信息公开工作年度报告")
        );
        // A body line of another year, a link of the page, is not the title.
        let page = "<title>某区2023年政府信息公开工作年度报告|某区</title>\
                    <p>某区2022年政府信息公开工作年度报告</p>";
        assert_eq!(
            render(page).lines().next(),
            Some("某区2023年政府信息公开工作年度报告")
        );
        // A title that is the site's name: the body's title.
        let page = "<title>某区人民政府网</title><p>某区2023年政府信息公开年报</p>";
        assert_eq!(
            render(page).lines().next(),
            Some("某区2023年政府信息公开年报")
        );
        // No <title>: no line is added, the body's title is where it is.
        let page = "<p>首页</p><p>某区2023年政府信息公开工作年度报告</p>";
        assert_eq!(render(page), "首页\n某区2023年政府信息公开工作年度报告\n");
        // No separator after 年度报告: nothing is cut.
        assert_eq!(
            without_site("某区2023年度报告（政府信息公开）_某区"),
            "某区2023年度报告（政府信息公开）_某区"
        );
    }

    #[test]
    fn the_charset_is_read_from_meta() {
        let mut page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
                         </head><body><p>"
                .to_vec();
        page.extend([0xB9, 0xE6, 0xD5, 0xC2]); // 规章 in GBK
        page.extend(b"</p></body></html>");
        assert_eq!(to_text(&page).unwrap(), "规章\n");
    }
}
