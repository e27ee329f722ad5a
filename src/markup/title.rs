//! The report's title line that a front end puts first: from a page's
//! `<title>` (HTML) or a file's `/Title` (PDF), where the grammars would not
//! find the body's own title line near the top (menus and a breadcrumb
//! printed before it).

/// Characters that set a site's name off the page's title in `<title>`.
const SITE_SEPARATORS: [char; 8] = ['_', '-', '|', '＿', '－', '｜', '—', '–'];
/// Longest line taken for a report's title.
const MAX_TITLE_CHARS: usize = 60;

/// The report's title, from the page's `<title>` (`head`) and its rendered
/// `body`.
///
/// The body's own title line is preferred: the first line that names the
/// report and its year (`…2023年度政府信息公开工作年度报告`: at most 60
/// characters, no sentence punctuation, naming 政府信息公开, `年度报告` or
/// `年报`, and `YYYY年`) and that says what `<title>` says, or more. Where
/// `<title>` does not name the report (a site's name), the body's first such
/// line is taken. Otherwise it is the `<title>` up to `年度报告` (or `年报`)
/// where a separator follows it: what follows is the site's name
/// (`…年度报告_政府信息公开年报_某网站`). A page without a `<title>` gets
/// none (`""`): the body's title stands where the page prints it.
///
/// ```
/// use xxgk::markup::title::title;
/// let head = "某区2023年度政府信息公开工作年度报告_政府信息公开年报_某区人民政府";
/// assert_eq!(title(head, "首页\n"), "某区2023年度政府信息公开工作年度报告");
/// let body = "首页\n中共某市某区委员会 某区人民政府2023年度政府信息公开工作年度报告\n";
/// let head = "某区人民政府2023年度政府信息公开工作年度报告 | 某区";
/// assert_eq!(title(head, body), "中共某市某区委员会 某区人民政府2023年度政府信息公开工作年度报告");
/// assert_eq!(title("某区人民政府网", body), "中共某市某区委员会 某区人民政府2023年度政府信息公开工作年度报告");
/// ```
pub fn title<'a>(head: &'a str, body: &'a str) -> &'a str {
    let head = without_site(head.trim());
    if head.is_empty() {
        return head;
    }
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let lines = body.lines().map(|l| {
        let l = l.trim();
        // A layout table's cell holding the title alone: `|…报告|`.
        l.strip_prefix('|')
            .and_then(|c| c.strip_suffix('|'))
            .filter(|c| !c.contains('|'))
            .unwrap_or(l)
            .trim()
    });
    let mut titles = lines.filter(|l| names_report(l));
    if names_report(head) {
        let want = compact(head);
        titles.find(|l| compact(l).contains(&want)).unwrap_or(head)
    } else {
        titles.next().unwrap_or(head)
    }
}

/// Whether `line` reads as a report's title: at most 60 characters, no
/// sentence punctuation, naming 政府信息公开, a report (`年度报告`, `年报`)
/// and a year (`2023年`).
pub(crate) fn names_report(line: &str) -> bool {
    line.chars().count() <= MAX_TITLE_CHARS
        && !line.contains(['。', '，', '；', '：'])
        && line.contains("政府信息公开")
        && (line.contains("年度报告") || line.contains("年报"))
        && has_year(line)
}

/// Whether `line` names a year: four digits and `年`.
fn has_year(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.windows(5).any(|w| {
        w[..4]
            .iter()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            && w[4] == '年'
    })
}

/// A page's `<title>` without the site's name after it: cut at a separator
/// that follows `年度报告` (or `年报`).
pub(crate) fn without_site(head: &str) -> &str {
    for word in ["年度报告", "年报"] {
        for (at, _) in head.match_indices(word) {
            let end = at + word.len();
            if head[end..].trim_start().starts_with(SITE_SEPARATORS) {
                return &head[..end];
            }
        }
    }
    head
}
