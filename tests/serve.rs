//! `xxgk serve`: the real binary started on loopback as a child process,
//! asked over HTTP with a small blocking client written on `std::net`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A server started for a test, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start xxgk serve");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        // Keep stderr drained so that the server never blocks on it.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = server.try_request("GET", "/v1/health", &[]) {
                assert_eq!(r.status, 200);
                break;
            }
            assert!(Instant::now() < deadline, "the server never answered");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn try_request(&self, method: &str, path: &str, body: &[u8]) -> std::io::Result<Response> {
        request(self.port, method, path, body)
    }

    fn request(&self, method: &str, path: &str, body: &[u8]) -> Response {
        self.try_request(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// A POST with a content type.
    fn post_typed(&self, path: &str, content_type: &str, body: &[u8]) -> Response {
        request_typed(self.port, "POST", path, Some(content_type), body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// A POST of `files` as one `multipart/form-data` body.
    fn post_files(&self, path: &str, files: &[(&str, &[u8])]) -> Response {
        let (content_type, body) = multipart(files);
        self.post_typed(path, &content_type, &body)
    }

    /// The server's peak resident set, in kB (VmHWM).
    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    content_type: String,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> Value {
        assert!(
            self.content_type.starts_with("application/json"),
            "{}: {}",
            self.content_type,
            String::from_utf8_lossy(&self.body)
        );
        serde_json::from_slice(&self.body).unwrap()
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The code of a JSON error body.
    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap().to_owned()
    }
}

/// One HTTP/1.1 request on its own connection (`Connection: close`). The
/// body is written from another thread while the answer is read, so that an
/// answer sent before the whole body is read (413) is still seen.
fn request(port: u16, method: &str, path: &str, body: &[u8]) -> std::io::Result<Response> {
    request_typed(port, method, path, None, body)
}

/// [`request`], with a `Content-Type` when one is given.
fn request_typed(
    port: u16,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let typed = content_type
        .map(|t| format!("Content-Type: {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{typed}Content-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    let mut writer = stream.try_clone()?;
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    // Read the head, then as many bytes as Content-Length says (a server
    // may keep the connection open whatever the request asked).
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let mut want: Option<usize> = None;
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            if want.is_none() {
                let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
                want = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .map(|n| end + 4 + n);
            }
            if want.is_some_and(|w| raw.len() >= w) {
                break;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            // A signal (a child process of another test ending) is no
            // answer: read again.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if raw.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    let _ = sender.join();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line: {head}")))?;
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    assert!(
        !header("transfer-encoding").contains("chunked"),
        "chunked answers are not read by this client"
    );
    Ok(Response {
        status,
        content_type: header("content-type"),
        body: raw[end + 4..].to_vec(),
    })
}

/// A `multipart/form-data` body holding `files` (each a part named `file`
/// with its file name), and its content type.
fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "xxgk-test-boundary-7f3a9c";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5);
    seeds
}

/// What the library reads of a text, as JSON.
fn expected(text: &str) -> Value {
    serde_json::to_value(xxgk::parse_lenient(text).report).unwrap()
}

/// Seed 002 with its first 予以公开 row printed as `row` instead.
fn seed_with_granted(row: &str) -> String {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seeds/002_2aaec12b832f2882.txt"),
    )
    .unwrap();
    let changed = text.replacen("(一) 予以公开\t0\t0\t0\t0\t0\t0\t0", row, 1);
    assert_ne!(changed, text);
    changed
}

/// A seed with its first 予以公开 row cut short: partial, with unread cells.
fn partial_seed() -> String {
    seed_with_granted("(一) 予以公开\t0\t0\t0")
}

/// A seed whose （一）予以公开 总计 disagrees with its columns: a broken
/// relation (row_total, and the column's sums).
fn broken_seed() -> String {
    seed_with_granted("(一) 予以公开\t0\t0\t0\t0\t0\t0\t5")
}

#[test]
fn health_and_page() {
    let server = Server::start(&[], &[]);
    let health = server.request("GET", "/v1/health", b"");
    assert_eq!(health.json()["status"], "ok");
    let page = server.request("GET", "/", b"");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("收到和处理政府信息公开申请情况"));
    // Self-contained: nothing loaded from elsewhere.
    assert!(!html.contains("http://") && !html.contains("https://"));
    let missing = server.request("GET", "/nothing", b"");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.error_code(), "not_found");
}

#[test]
fn parse_answers_the_report_cells_spans_and_text() {
    let server = Server::start(&[], &[]);
    for (name, text) in seeds() {
        let r = server.request("POST", &format!("/v1/parse?name={name}"), text.as_bytes());
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        let json = r.json();
        assert_eq!(json["path"], name.as_str());
        assert_eq!(json["format"], "text");
        assert_eq!(json["report"], expected(&text), "{name}");
        assert!(json["diagnostics"].is_array());
        assert!(json["findings"].is_array());
        let rendered = json["text"].as_str().unwrap();
        assert_eq!(rendered, text);
        let cells = json["cells"].as_array().unwrap();
        let report = xxgk::parse_lenient(&text).report;
        assert_eq!(cells.len(), report.values().len());
        // Every read cell's span points at its digits in the text.
        for c in cells.iter().filter(|c| c["status"] == "value") {
            let span = &c["span"];
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let printed = &rendered[s..e];
            let value = c["value"].to_string();
            let digits: String = printed.chars().filter(|ch| ch.is_ascii_digit()).collect();
            assert!(
                value
                    .replace(['.', '-'], "")
                    .trim_start_matches('0')
                    .is_empty()
                    || digits.contains(value.replace(['.', '-'], "").trim_end_matches('0')),
                "{name}: {} is {value}, printed {printed:?}",
                c["place"]
            );
        }
    }
}

#[test]
fn a_partial_report_lists_its_unread_cells() {
    let server = Server::start(&[], &[]);
    let text = partial_seed();
    let json = server
        .request("POST", "/v1/parse?name=p.txt", text.as_bytes())
        .json();
    assert_eq!(json["report"], expected(&text));
    let unread: Vec<&str> = json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "unread")
        .map(|c| c["place"].as_str().unwrap())
        .collect();
    assert!(unread.contains(&"requests.granted.total"), "{unread:?}");
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "cell_count")
    );
}

#[test]
fn check_answers_the_broken_relations() {
    let server = Server::start(&[], &[]);
    let text = broken_seed();
    let report = xxgk::parse_lenient(&text).report;
    let want = serde_json::to_value(xxgk::check(&report)).unwrap();
    assert!(!want.as_array().unwrap().is_empty());
    let json = server
        .request("POST", "/v1/check?name=b.txt", text.as_bytes())
        .json();
    assert_eq!(json["path"], "b.txt");
    assert_eq!(json["findings"], want);
    assert!(json.get("report").is_none());
    // /v1/parse gives the broken ones too.
    let parsed = server.request("POST", "/v1/parse", text.as_bytes()).json();
    assert!(
        parsed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "balance" || f["rule"] == "row_total")
    );
}

#[test]
fn csv_matches_the_command_line() {
    let server = Server::start(&[], &[]);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    for (name, text) in seeds().into_iter().take(2) {
        for (format, flag) in [("csv", "--csv"), ("wide-csv", "--wide-csv")] {
            let r = server.request(
                "POST",
                &format!("/v1/parse?format={format}&name={name}"),
                text.as_bytes(),
            );
            assert_eq!(r.status, 200);
            assert!(r.content_type.starts_with("text/csv"));
            let cli = Command::new(env!("CARGO_BIN_EXE_xxgk"))
                .current_dir(&dir)
                .args(["parse", flag, &name])
                .output()
                .unwrap();
            assert_eq!(
                r.text(),
                String::from_utf8(cli.stdout).unwrap(),
                "{name} {flag}"
            );
        }
    }
    let bad = server.request("POST", "/v1/parse?format=xml", b"x");
    assert_eq!(bad.status, 400);
    assert_eq!(bad.error_code(), "bad_request");
}

#[test]
fn compare_gives_continuity_and_changes() {
    let server = Server::start(&[], &[]);
    let seeds = seeds();
    let (previous, current) = (&seeds[0].1, &seeds[1].1);
    let body = serde_json::json!({
        "previous": {"name": "a.txt", "text": previous},
        "current": {"name": "b.txt", "base64": base64(current.as_bytes())},
    });
    let r = server.request("POST", "/v1/compare", body.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let json = r.json();
    let (p, c) = (
        xxgk::parse_lenient(previous).report,
        xxgk::parse_lenient(current).report,
    );
    assert_eq!(
        json["continuity"],
        serde_json::to_value(xxgk::check_pair(&p, &c)).unwrap()
    );
    assert_eq!(
        json["previous"]["report"],
        serde_json::to_value(&p).unwrap()
    );
    assert_eq!(json["current"]["path"], "b.txt");
    let changes = json["changes"].as_array().unwrap();
    let new = changes
        .iter()
        .find(|x| x["place"] == "requests.new_requests.total")
        .unwrap();
    let (a, b) = (
        p.requests.new_requests.total.unwrap() as f64,
        c.requests.new_requests.total.unwrap() as f64,
    );
    assert_eq!(new["change"].as_f64().unwrap(), b - a);
    for bad in [
        "{",
        r#"{"previous": {"text": "a"}}"#,
        r#"{"previous": {"text": "a", "base64": "YQ=="}, "current": {"text": "b"}}"#,
        r#"{"previous": {"base64": "!!"}, "current": {"text": "b"}}"#,
    ] {
        let r = server.request("POST", "/v1/compare", bad.as_bytes());
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.error_code(), "bad_request");
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn bad_input_is_answered_with_its_error() {
    let server = Server::start(&[], &[]);
    // 413: 25 MB, past the default 20 MB.
    let big = vec![b'0'; 25 * 1024 * 1024];
    let r = server.request("POST", "/v1/parse", &big);
    assert_eq!(r.status, 413);
    assert_eq!(r.error_code(), "too_large");
    // 415: an image, and random binary.
    let r = server.request("POST", "/v1/parse", PNG);
    assert_eq!(r.status, 415);
    assert_eq!(r.error_code(), "document");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    for path in ["/v1/parse", "/v1/check"] {
        let r = server.request("POST", path, &random);
        assert_eq!(r.status, 415, "{path}: {}", r.text());
        assert_eq!(r.error_code(), "encoding");
    }
    // A legacy .doc (an OLE compound file).
    let doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a doc file";
    let r = server.request("POST", "/v1/parse", doc);
    assert_eq!(r.status, 415);
    assert_eq!(r.error_code(), "document");
    // Text without the template's tables: read, and said so.
    let r = server.request("POST", "/v1/parse", "/etc/passwd".as_bytes());
    assert_eq!(r.status, 200);
    let json = r.json();
    assert_eq!(json["error"]["code"], "unsupported_template");
    assert!(json.get("report").is_none());
    // Malformed requests.
    let r = server.request("POST", "/v1/parse?name=%zz", b"x");
    assert_eq!(r.status, 400);
    let r = server.request("GET", "/v1/parse", b"");
    assert_eq!(r.status, 405);
    // The server is still up.
    assert_eq!(server.request("GET", "/v1/health", b"").status, 200);
}

#[test]
fn a_smaller_body_limit_is_kept() {
    let server = Server::start(&["--max-body", "1000"], &[]);
    let (_, text) = &seeds()[0];
    let r = server.request("POST", "/v1/parse", text.as_bytes());
    assert_eq!(r.status, 413);
    let r = server.request("POST", "/v1/parse", &text.as_bytes()[..900]);
    assert_eq!(r.status, 200);
}

#[test]
fn a_panic_answers_500_and_the_server_goes_on() {
    let server = Server::start(&[], &[("XXGK_SERVE_PANIC_ROUTE", "1")]);
    let r = server.request("GET", "/v1/panic", b"");
    assert_eq!(r.status, 500);
    assert_eq!(r.error_code(), "internal");
    assert_eq!(server.request("GET", "/v1/health", b"").status, 200);
    // Without the variable the route does not exist.
    let plain = Server::start(&[], &[]);
    assert_eq!(plain.request("GET", "/v1/panic", b"").status, 404);
}

#[test]
fn two_hundred_concurrent_requests_are_all_answered_right() {
    let server = Server::start(&[], &[]);
    let seeds = seeds();
    let want: Vec<Value> = seeds.iter().map(|(_, t)| expected(t)).collect();
    let port = server.port;
    let started = Instant::now();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let (name, text) = seeds[i % seeds.len()].clone();
            std::thread::spawn(move || {
                let r = request(
                    port,
                    "POST",
                    &format!("/v1/parse?name={name}"),
                    text.as_bytes(),
                )
                .unwrap();
                (i % 5, r)
            })
        })
        .collect();
    for h in handles {
        let (k, r) = h.join().unwrap();
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.json()["report"], want[k]);
    }
    let took = started.elapsed();
    let rss = server.peak_rss_kb();
    println!(
        "serve: 200 concurrent parses in {:.2}s; server peak RSS {} MB",
        took.as_secs_f64(),
        rss / 1024
    );
    assert!(rss < 1024 * 1024, "peak RSS {rss} kB");
}

#[test]
fn a_full_queue_answers_503_and_the_server_goes_on() {
    let server = Server::start(&["--parses", "1", "--queue", "1"], &[]);
    let text = seeds()[0].1.repeat(20);
    let port = server.port;
    let handles: Vec<_> = (0..40)
        .map(|_| {
            let text = text.clone();
            std::thread::spawn(move || request(port, "POST", "/v1/parse", text.as_bytes()).unwrap())
        })
        .collect();
    let mut busy = 0;
    for h in handles {
        let r = h.join().unwrap();
        match r.status {
            200 => {}
            503 => {
                assert_eq!(r.error_code(), "busy");
                busy += 1;
            }
            s => panic!("status {s}"),
        }
    }
    println!("serve: {busy} of 40 requests answered 503 with one parse and one place in the queue");
    assert_eq!(server.request("GET", "/v1/health", b"").status, 200);
}

/// A PNG's first bytes: no document xxgk reads.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

#[test]
fn multipart_answers_each_file_as_its_own_request_would() {
    let server = Server::start(&[], &[]);
    let seeds = seeds();
    let broken = broken_seed();
    let mut files: Vec<(&str, &[u8])> = seeds
        .iter()
        .take(3)
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    files.push(("picture.png", PNG));
    files.push(("broken.txt", broken.as_bytes()));
    for endpoint in ["/v1/parse", "/v1/check"] {
        let r = server.post_files(endpoint, &files);
        assert_eq!(r.status, 200, "{endpoint}: {}", r.text());
        let json = r.json();
        let answers = json["files"].as_array().unwrap();
        assert_eq!(answers.len(), files.len(), "{endpoint}");
        for ((name, bytes), answer) in files.iter().zip(answers) {
            assert_eq!(answer["path"], *name, "{endpoint}");
            if *name == "picture.png" {
                // Alone it is 415; among others, its record says why, as
                // `xxgk parse --jsonl` writes it.
                let alone = server.request("POST", endpoint, bytes);
                assert_eq!(alone.status, 415);
                assert_eq!(answer["error"]["code"], alone.error_code());
                assert_eq!(answer["error"]["message"], alone.json()["error"]["message"]);
                assert!(answer.get("report").is_none(), "{answer}");
                continue;
            }
            // Exactly the answer of the same file sent alone.
            let alone = server
                .request("POST", &format!("{endpoint}?name={name}"), bytes)
                .json();
            assert_eq!(*answer, alone, "{endpoint} {name}");
        }
        // The broken seed's findings are there.
        let last = &answers[files.len() - 1];
        assert!(
            last["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["status"] == "broken"),
            "{endpoint}: {last}"
        );
    }
    // The answer keeps the record's field order (path first), as a raw
    // body's answer does.
    let r = server.post_files("/v1/parse", &files[..1]);
    assert!(
        r.text().starts_with("{\"files\":[{\"path\":"),
        "{}",
        r.text()
    );
}

#[test]
fn docx_html_and_pdf_are_read_by_content() {
    use proptest::strategy::{Strategy, ValueTree};
    let server = Server::start(&[], &[]);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let report = common::report().new_tree(&mut runner).unwrap().current();
    let files = [
        (
            "report.docx",
            common::docx(&report, common::Style(3)),
            "docx",
        ),
        (
            "page.htm",
            common::html(&report, common::Style(3)).into_bytes(),
            "html",
        ),
        (
            "report.pdf",
            common::pdf::pdf(&report, common::Style(5)),
            "pdf",
        ),
        (
            "no-extension",
            common::pdf::pdf(&report, common::Style(6)),
            "pdf",
        ),
    ];
    let parts: Vec<(&str, &[u8])> = files.iter().map(|(n, b, _)| (*n, b.as_slice())).collect();
    let together = server.post_files("/v1/parse", &parts).json();
    for (k, (name, bytes, format)) in files.iter().enumerate() {
        let document = xxgk::Document::read(bytes).unwrap();
        let want = serde_json::to_value(document.parse_lenient().report).unwrap();
        let r = server.request("POST", &format!("/v1/parse?name={name}"), bytes);
        assert_eq!(r.status, 200, "{name}: {}", r.text());
        let alone = r.json();
        assert_eq!(alone["format"], *format, "{name}");
        assert_eq!(alone["report"], want, "{name}");
        assert_eq!(alone["text"], document.text(), "{name}");
        assert_eq!(together["files"][k], alone, "{name}");
    }
}

#[test]
fn multipart_csv_is_what_the_command_line_writes_for_the_files() {
    let server = Server::start(&[], &[]);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let seeds = seeds();
    let names: Vec<&str> = seeds.iter().take(3).map(|(n, _)| n.as_str()).collect();
    let files: Vec<(&str, &[u8])> = seeds
        .iter()
        .take(3)
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    for (format, flag) in [("csv", "--csv"), ("wide-csv", "--wide-csv")] {
        let r = server.post_files(&format!("/v1/parse?format={format}"), &files);
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r.content_type.starts_with("text/csv"));
        let cli = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .current_dir(&dir)
            .arg("parse")
            .arg(flag)
            .args(&names)
            .output()
            .unwrap();
        let want = String::from_utf8(cli.stdout).unwrap();
        assert_eq!(r.text(), want, "{flag}");
        // One header, then each file's rows.
        assert_eq!(r.text().matches("file,agency").count(), 1);
        for name in &names {
            assert!(r.text().contains(name), "{name}");
        }
    }
}

#[test]
fn a_malformed_multipart_is_a_bad_request() {
    let server = Server::start(&[], &[]);
    let (content_type, body) = multipart(&[("a.txt", seeds()[0].1.as_bytes())]);
    let cut = &body[..body.len() / 2];
    for (what, content_type, body) in [
        ("no boundary", "multipart/form-data", &body[..]),
        ("cut short", content_type.as_str(), cut),
        (
            "not multipart",
            content_type.as_str(),
            b"just some text".as_slice(),
        ),
        (
            "no file",
            content_type.as_str(),
            b"--xxgk-test-boundary-7f3a9c--\r\n".as_slice(),
        ),
        (
            "another multipart",
            "multipart/mixed; boundary=x",
            b"--x--\r\n".as_slice(),
        ),
    ] {
        for endpoint in ["/v1/parse", "/v1/check"] {
            let r = server.post_typed(endpoint, content_type, body);
            assert_eq!(r.status, 400, "{what} {endpoint}: {}", r.text());
            assert_eq!(r.error_code(), "bad_request", "{what}");
        }
    }
    // The same body, whole, is read.
    assert_eq!(
        server.post_typed("/v1/parse", &content_type, &body).status,
        200
    );
}

#[test]
fn the_body_limit_counts_the_whole_multipart_request() {
    let server = Server::start(&["--max-body", "2000"], &[]);
    let seed = &seeds()[0].1;
    let text = &seed.as_bytes()[..900];
    let one = server.post_files("/v1/parse", &[("a.txt", text)]);
    assert_eq!(one.status, 200, "{}", one.text());
    // Each part is under the limit; together they are past it.
    let three = server.post_files(
        "/v1/parse",
        &[("a.txt", text), ("b.txt", text), ("c.txt", text)],
    );
    assert_eq!(three.status, 413, "{}", three.text());
    assert_eq!(three.error_code(), "too_large");
    assert_eq!(server.request("GET", "/v1/health", b"").status, 200);
}

#[test]
fn one_parse_slot_serves_a_request_of_many_files() {
    // The bound counts parses: a request of 12 files with one parse slot
    // and one place in the queue is answered whole, each file right.
    let server = Server::start(&["--parses", "1", "--queue", "1"], &[]);
    let seeds = seeds();
    let files: Vec<(&str, &[u8])> = seeds
        .iter()
        .cycle()
        .take(12)
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let r = server.post_files("/v1/parse", &files);
    assert_eq!(r.status, 200, "{}", r.text());
    let json = r.json();
    for ((_, bytes), answer) in files.iter().zip(json["files"].as_array().unwrap()) {
        assert_eq!(
            answer["report"],
            expected(std::str::from_utf8(bytes).unwrap())
        );
    }
}

#[test]
fn the_time_limit_answers_503_and_the_server_goes_on() {
    // 1 ms for a 15 MB report: no machine reads it that fast.
    let server = Server::start(&["--timeout", "0.001"], &[]);
    let big = seeds()[0].1.repeat(1500);
    let started = Instant::now();
    let r = server.request("POST", "/v1/parse", big.as_bytes());
    let took = started.elapsed();
    assert_eq!(
        r.status,
        503,
        "{}",
        String::from_utf8_lossy(&r.body[..200.min(r.body.len())])
    );
    assert_eq!(r.error_code(), "timeout");
    let r = server.post_files("/v1/check", &[("a.txt", big.as_bytes()), ("b.txt", b"x")]);
    assert_eq!(r.status, 503);
    assert_eq!(r.error_code(), "timeout");
    println!(
        "serve: a 15 MB body with --timeout 0.001 answered 503 in {:.0} ms (upload included)",
        took.as_secs_f64() * 1000.0
    );
    // The server goes on: it answers what needs no parse.
    assert_eq!(server.request("GET", "/v1/health", b"").status, 200);
    assert_eq!(server.request("GET", "/", b"").status, 200);
    let r = server.request("POST", "/v1/compare", b"{");
    assert_eq!(r.error_code(), "bad_request");
}

#[test]
fn the_time_limit_must_be_a_number_of_seconds() {
    for bad in ["0", "-1", "abc", "inf"] {
        let out = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                &format!("--timeout={bad}"),
            ])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--timeout"),
            "{bad}"
        );
    }
}

/// A WebDriver session on chromedriver, driven with the same small client.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

/// A JSON request to chromedriver.
fn webdriver(port: u16, method: &str, path: &str, body: &Value) -> Value {
    let body = if body.is_null() {
        Vec::new()
    } else {
        body.to_string().into_bytes()
    };
    let r = request(port, method, path, &body).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Value = serde_json::from_slice(&r.body)
        .unwrap_or_else(|_| panic!("{path}: {}", String::from_utf8_lossy(&r.body)));
    assert_eq!(r.status, 200, "{method} {path}: {json}");
    json["value"].clone()
}

impl Browser {
    /// Chromium under chromedriver, or `None` (said on stderr) when either
    /// is not installed.
    fn start() -> Option<Browser> {
        let found = |name: &str| {
            ["/usr/bin/", "/usr/local/bin/"]
                .iter()
                .map(|d| PathBuf::from(d).join(name))
                .find(|p| p.exists())
        };
        let (Some(chromium), Some(chromedriver)) = (found("chromium"), found("chromedriver"))
        else {
            eprintln!(
                "SKIPPED: browser tests need chromium and chromedriver \
                 (apt-get install -y chromium chromium-driver)"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while request(port, "GET", "/status", b"").is_err() {
            assert!(Instant::now() < deadline, "chromedriver never answered");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
        };
        let caps = serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1280,2400"]
        }}}});
        let session = webdriver(port, "POST", "/session", &caps);
        browser.session = session["sessionId"].as_str().unwrap().to_owned();
        Some(browser)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        webdriver(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            &body,
        )
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            serde_json::json!({"script": script, "args": []}),
        )
    }

    /// Waits until `script` returns something truthy, and returns it.
    fn wait(&self, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.script(script);
            if !(v.is_null() || v == false || v == 0) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            serde_json::json!({"using": "css selector", "value": css}),
        );
        v.as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.call("GET", "/screenshot", Value::Null);
        let bytes = base64_decode(png.as_str().unwrap());
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        println!("serve: screenshot {}", path.display());
        path
    }
}

impl Browser {
    fn element_screenshot(&self, element: &str, name: &str) -> PathBuf {
        let png = self.call(
            "GET",
            &format!("/element/{element}/screenshot"),
            Value::Null,
        );
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, base64_decode(png.as_str().unwrap())).unwrap();
        println!("serve: screenshot {}", path.display());
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                b"",
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// `text` with the numbers after the line `label` replaced by `values`
/// (a report printed one cell per line).
fn with_row(text: &str, label: &str, values: &[u64]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == label)
        .unwrap_or_else(|| panic!("no line {label}"));
    let mut k = 0;
    for line in &mut lines[at + 1..] {
        if k == values.len() {
            break;
        }
        let t = line.trim();
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
            *line = format!("\t{}", values[k]);
            k += 1;
        }
    }
    assert_eq!(k, values.len(), "{label}");
    lines.join("\n") + "\n"
}

#[test]
fn the_page_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let server = Server::start(&[], &[]);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve-uploads");
    std::fs::create_dir_all(&dir).unwrap();
    let clean = dir.join("clean.txt");
    let partial = dir.join("partial.txt");
    let broken = dir.join("broken.txt");
    let previous = dir.join("previous.txt");
    let picture = dir.join("picture.png");
    let seed = &seeds()[0].1;
    // Last year's report of the same agency: 4 requests received, 1 carried
    // forward (this year's report carries over none: a broken carry-over).
    let last_year = with_row(
        &with_row(
            &seed.replace("2023", "2022"),
            "一、本年新收政府信息公开申请数量",
            &[4, 0, 0, 0, 0, 0, 4],
        ),
        "四、结转下年度继续办理",
        &[1, 0, 0, 0, 0, 0, 1],
    );
    std::fs::write(&clean, seed).unwrap();
    std::fs::write(&partial, partial_seed()).unwrap();
    std::fs::write(&broken, broken_seed()).unwrap();
    std::fs::write(&previous, &last_year).unwrap();
    std::fs::write(&picture, PNG).unwrap();
    browser.call(
        "POST",
        "/url",
        serde_json::json!({"url": format!("http://127.0.0.1:{}/", server.port)}),
    );
    // Count the requests the page sends, and how many files each holds.
    browser.script(
        "window.sent = []; const f = window.fetch; window.fetch = (url, o) => { \
         sent.push([url, o && o.body instanceof FormData ? o.body.getAll('file').length : 1]); \
         return f(url, o); }",
    );
    // Five files picked at once: one multipart request.
    let input = browser.element("#files");
    let paths: Vec<String> = [&clean, &partial, &broken, &previous, &picture]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    browser.call(
        "POST",
        &format!("/element/{input}/value"),
        serde_json::json!({"text": paths.join("\n")}),
    );
    browser.wait(
        "return loaded.length === 4 && document.querySelectorAll('#reports .card').length === 5 \
         && !document.querySelector('#reports .card p.muted')",
    );
    let sent = browser.script("return window.sent");
    assert_eq!(sent, serde_json::json!([["/v1/parse", 5]]), "{sent}");
    let card =
        |file: &str| format!("document.querySelector('#reports .card[data-file=\"{file}\"]')");
    // The picture is refused on its own card.
    let refused = browser.script(&format!("return {}.textContent", card("picture.png")));
    assert!(
        refused.as_str().unwrap().contains("无法读取") && refused.as_str().unwrap().contains("PNG"),
        "{refused}"
    );
    let shown = |file: &str, place: &str| {
        browser.script(&format!(
            "const td = {}.querySelector('td[data-place=\"{place}\"]'); \
             return td ? [td.textContent, td.className] : null",
            card(file)
        ))
    };
    let report = xxgk::parse(seed).unwrap();
    for (place, want) in [
        (
            "requests.new_requests.total",
            report.requests.new_requests.total,
        ),
        (
            "requests.carried_forward.total",
            report.requests.carried_forward.total,
        ),
        (
            "requests.new_requests.natural_person",
            report.requests.new_requests.natural_person,
        ),
    ] {
        let v = shown("clean.txt", place);
        assert_eq!(v[0], want.unwrap().to_string(), "{place}: {v}");
        assert!(v[1].as_str().unwrap().contains("status-value"), "{v}");
    }
    let unread = shown("partial.txt", "requests.granted.total");
    assert!(
        unread[1].as_str().unwrap().contains("status-unread"),
        "{unread}"
    );
    let broken_cell = shown("broken.txt", "requests.granted.total");
    assert_eq!(broken_cell[0], "5");
    assert!(
        broken_cell[1].as_str().unwrap().contains("broken"),
        "{broken_cell}"
    );
    let messages = browser.script(&format!(
        "return [...{}.querySelectorAll('ul.findings li')].map(li => li.textContent)",
        card("broken.txt")
    ));
    assert!(!messages.as_array().unwrap().is_empty(), "{messages}");
    // Clicking a cell shows its source with the cell marked.
    browser.script(&format!(
        "{}.querySelector('td[data-place=\"requests.granted.total\"]').click()",
        card("broken.txt")
    ));
    let mark = browser.wait(&format!(
        "const m = {}.querySelector('.source mark'); return m && m.textContent",
        card("broken.txt")
    ));
    assert_eq!(mark, "5");
    browser.script(&format!("{}.scrollIntoView()", card("broken.txt")));
    browser.screenshot("broken.png");
    // The long CSV download is what `xxgk parse --csv` writes.
    browser.script("window.download = (name, type, data) => { window.downloaded = [name, data]; }");
    let button = browser.script(&format!(
        "const b = [...{}.querySelectorAll('button')].find(b => b.textContent.includes('长表')); \
         b.click(); return !!b",
        card("clean.txt")
    ));
    assert_eq!(button, true);
    let got = browser.wait("return window.downloaded");
    assert_eq!(got[0], "clean.csv");
    let cli = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(&dir)
        .args(["parse", "--csv", "clean.txt"])
        .output()
        .unwrap();
    assert_eq!(got[1], String::from_utf8(cli.stdout).unwrap());
    // Two years of one agency, preselected for the compare.
    let picked = browser.script(
        "const ok = loaded.filter(e => e.result.report); \
         return [ok[+document.querySelector('#cmp-prev').value].file.name, \
                 ok[+document.querySelector('#cmp-cur').value].file.name]",
    );
    assert_eq!(picked, serde_json::json!(["previous.txt", "clean.txt"]));
    browser.script("document.querySelector('#cmp-go').click()");
    let compared = browser
        .wait("const t = document.querySelector('#cmp-out .pair table'); return t && document.querySelector('#cmp-out h3').textContent");
    assert_eq!(compared, "跨年度勾稽关系");
    // Side by side: last year's table, then this year's.
    let side = |k: usize, place: &str| {
        browser.script(&format!(
            "const t = document.querySelectorAll('#cmp-out .pair')[1].querySelectorAll('table')[{k}]; \
             const td = t.querySelector('td[data-place=\"{place}\"]'); \
             return td ? [td.textContent, td.className, td.title] : null"
        ))
    };
    let (p, c) = (xxgk::parse(&last_year).unwrap(), report.clone());
    assert_eq!(p.year, Some(2022));
    let new_total = (
        p.requests.new_requests.total.unwrap(),
        c.requests.new_requests.total.unwrap(),
    );
    assert_ne!(new_total.0, new_total.1);
    for (k, want) in [(0, new_total.0), (1, new_total.1)] {
        let v = side(k, "requests.new_requests.total");
        assert_eq!(v[0], want.to_string(), "{v}");
        assert!(v[1].as_str().unwrap().contains("changed"), "{v}");
    }
    // A cell equal in both years is not marked.
    let same = side(1, "requests.granted.total");
    assert_eq!(
        p.requests.granted.total, c.requests.granted.total,
        "the seed's 予以公开 is the same both years"
    );
    assert!(!same[1].as_str().unwrap().contains("changed"), "{same}");
    // The broken carry-over, on this year's 上年结转 and last year's 结转下年度.
    let continuity = xxgk::check_pair(&p, &c);
    let carry = continuity
        .iter()
        .find(|f| f.path == "requests.carried_over" && f.column == "total")
        .expect("a broken carry-over");
    assert_eq!(carry.status, xxgk::Status::Broken);
    let now = side(1, "requests.carried_over.total");
    assert!(now[1].as_str().unwrap().contains("broken"), "{now}");
    assert!(
        now[2].as_str().unwrap().contains(&carry.message_zh),
        "{now}"
    );
    let before = side(0, "requests.carried_forward.total");
    assert!(before[1].as_str().unwrap().contains("broken"), "{before}");
    let unbroken = side(1, "requests.carried_over.commercial");
    assert!(
        !unbroken[1].as_str().unwrap().contains("broken"),
        "{unbroken}"
    );
    // Every continuity finding is listed, in Chinese.
    let listed = browser.script(
        "return [...document.querySelectorAll('#cmp-out ul.findings li')].map(li => li.textContent)",
    );
    let want: Vec<&str> = continuity.iter().map(|f| f.message_zh.as_str()).collect();
    assert_eq!(listed, serde_json::json!(want));
    // Clicking it selects the cell and shows the message with both years.
    browser.script("document.querySelector('#cmp-out ul.findings li').click()");
    let detail = browser.wait(
        "const s = document.querySelector('#cmp-out .source'); \
         return s.querySelector('mark') && s.textContent",
    );
    assert!(
        detail.as_str().unwrap().contains(&continuity[0].message_zh),
        "{detail}"
    );
    // Section 四: one table, a row per year.
    let rows =
        browser.script("return document.querySelectorAll('#cmp-out > .scroll table tr').length");
    assert_eq!(rows, 4);
    browser.script("document.querySelector('#cmp').scrollIntoView()");
    browser.screenshot("compare.png");
    let cmp = browser.element("#cmp");
    browser.element_screenshot(&cmp, "compare-whole.png");
    // A phone's width: the pairs stack, the tables scroll inside their boxes.
    browser.call(
        "POST",
        "/window/rect",
        serde_json::json!({"width": 400, "height": 900}),
    );
    let stacked = browser.script(
        "const t = document.querySelectorAll('#cmp-out .pair')[1].querySelectorAll('table'); \
         return t[1].getBoundingClientRect().top > t[0].getBoundingClientRect().bottom",
    );
    assert_eq!(stacked, true);
    let page_width = browser.script("return document.documentElement.scrollWidth");
    let view_width = browser.script("return document.documentElement.clientWidth");
    assert_eq!(
        page_width, view_width,
        "the page itself does not scroll sideways"
    );
    browser.element_screenshot(&cmp, "compare-phone.png");
    browser.script("document.querySelectorAll('#cmp-out .pair')[1].scrollIntoView()");
    browser.screenshot("compare-phone-requests.png");
    browser.script(&format!("{}.scrollIntoView()", card("broken.txt")));
    browser.screenshot("phone.png");
}
