//! `--error-format` renderers for `protokit lint` and `protokit breaking`: buf 1.75.0's
//! formats byte for byte, plus SARIF and a snippet view for people.
//!
//! [`render`] turns a sorted list of findings into the whole text buf writes to stdout for
//! them. Every fact below was recorded from `buf lint`/`buf breaking` 1.75.0 (see
//! `fixtures/formats/`):
//!
//! | format | one finding | zero findings |
//! | --- | --- | --- |
//! | `text` | `path:line:col:message\n` | nothing |
//! | `json` | `{"path":…,"start_line":…,"start_column":…,"end_line":…,"end_column":…,"type":…,"message":…}\n` | nothing |
//! | `msvs` | `path(line,col) : error TYPE : message\n` | nothing |
//! | `junit` | `<testsuites>`, a `<testsuite>` per file (first-seen order), a `<testcase>` per finding, `\n` after `</testsuites>` | nothing |
//! | `github-actions` | `::error file=path,line=l,col=c,endLine=el,endColumn=ec::message\n` (no escaping) | nothing |
//! | `gitlab-code-quality` | one JSON array on one line, `\n` | nothing |
//! | `config-ignore-yaml` | `version: v1\nlint:\n  ignore_only:\n    RULE:\n      - path\n` | nothing |
//! | `sarif` (ours) | a SARIF 2.1.0 log, pretty-printed | a log with no results |
//! | `pretty` (ours) | source snippets and a summary | nothing |
//!
//! A finding without a position is printed at line 1, column 1 to line 1, column 1, as buf
//! does for findings on images without source info.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sha3::digest::{ExtendableOutput, Update, XofReader};

use crate::render::{rich, RichOptions};
use crate::{Diagnostic, Files, Position, Span};

/// An `--error-format` value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum OutputFormat {
    /// `path:line:col:message` (buf's default).
    #[default]
    Text,
    /// One JSON object a line.
    Json,
    /// Visual Studio: `path(line,col) : error TYPE : message`.
    Msvs,
    /// JUnit XML: a test suite per file, a failed test case per finding.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    GithubActions,
    /// GitLab Code Quality report (a JSON array of issues).
    GitlabCodeQuality,
    /// A `buf.yaml` `lint.ignore_only` block that ignores every finding (lint only).
    ConfigIgnoreYaml,
    /// SARIF 2.1.0 with the rule table (protokit only), for GitHub code scanning.
    Sarif,
    /// Source snippets for people (protokit only).
    Pretty,
}

impl OutputFormat {
    /// Every format name, in the order `--help` lists them: buf's seven, then ours.
    pub const NAMES: &'static [&'static str] = &[
        "text",
        "json",
        "msvs",
        "junit",
        "github-actions",
        "gitlab-code-quality",
        "config-ignore-yaml",
        "sarif",
        "pretty",
    ];

    const ALL: [OutputFormat; 9] = [
        OutputFormat::Text,
        OutputFormat::Json,
        OutputFormat::Msvs,
        OutputFormat::Junit,
        OutputFormat::GithubActions,
        OutputFormat::GitlabCodeQuality,
        OutputFormat::ConfigIgnoreYaml,
        OutputFormat::Sarif,
        OutputFormat::Pretty,
    ];

    /// The format called `name`: exactly one of [`OutputFormat::NAMES`]. buf 1.75.0 matches
    /// exactly too (no case folding, no trimming, no `gcc` alias) and fails with
    /// `Failure: --error-format: invalid format: "NAME"` and exit code 1 otherwise.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether `buf breaking` accepts the format too: all but `config-ignore-yaml`, which
    /// buf 1.75.0 offers for lint only (`buf breaking` fails with `invalid format`, exit 1).
    pub fn supports_breaking(self) -> bool {
        self != OutputFormat::ConfigIgnoreYaml
    }

    /// The `--error-format` name.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Json => "json",
            OutputFormat::Msvs => "msvs",
            OutputFormat::Junit => "junit",
            OutputFormat::GithubActions => "github-actions",
            OutputFormat::GitlabCodeQuality => "gitlab-code-quality",
            OutputFormat::ConfigIgnoreYaml => "config-ignore-yaml",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Pretty => "pretty",
        }
    }
}

impl std::fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One rule of the SARIF rule table.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RuleInfo {
    /// The rule ID, e.g. `FIELD_LOWER_SNAKE_CASE`.
    pub id: String,
    /// Its one-line purpose (SARIF `shortDescription`).
    pub purpose: String,
    /// Where its documentation is (SARIF `helpUri`).
    pub help_uri: Option<String>,
}

/// What the renderers need besides the findings.
///
/// Build it with struct update syntax so new fields do not break callers:
///
/// ```
/// use protokit_diagnostics::formats::FormatContext;
///
/// let cx = FormatContext { tool_version: "0.1.0", ..FormatContext::default() };
/// assert_eq!(cx.tool_name, "protokit");
/// ```
#[derive(Clone, Copy)]
pub struct FormatContext<'a> {
    /// Source text, for `pretty` snippets and for findings that have a byte span but no
    /// [`Position`].
    pub files: Option<&'a dyn Files>,
    /// The rule table for `sarif` (rules of findings missing from it are added by ID).
    pub rules: &'a [RuleInfo],
    /// The configuration version (`v1beta1`, `v1`, `v2`). buf 1.75.0 prints `version: v1`
    /// in `config-ignore-yaml` whatever the version is, and so do we; kept for callers.
    pub config_version: &'a str,
    /// The tool name in `sarif` (`runs[].tool.driver.name`).
    pub tool_name: &'a str,
    /// The tool version in `sarif` (`runs[].tool.driver.version`).
    pub tool_version: &'a str,
    /// Maps a finding's printed path to the path `config-ignore-yaml` lists. buf lists paths
    /// relative to the file's module root (`a/x.proto` for `proto/a/x.proto` of module
    /// `proto`), not the printed path; `None` lists printed paths, right for a module at the
    /// workspace root.
    pub module_path: Option<&'a dyn Fn(&str) -> String>,
    /// ANSI colors in `pretty`.
    pub color: bool,
    /// The tool's home page in `sarif` (`runs[].tool.driver.informationUri`).
    pub tool_information_uri: Option<&'a str>,
}

impl Default for FormatContext<'_> {
    fn default() -> Self {
        FormatContext {
            files: None,
            rules: &[],
            config_version: "v2",
            tool_name: "protokit",
            tool_version: "",
            module_path: None,
            color: false,
            tool_information_uri: None,
        }
    }
}

impl std::fmt::Debug for FormatContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormatContext")
            .field("files", &self.files.is_some())
            .field("rules", &self.rules.len())
            .field("config_version", &self.config_version)
            .field("tool_name", &self.tool_name)
            .field("tool_version", &self.tool_version)
            .field("module_path", &self.module_path.is_some())
            .field("color", &self.color)
            .field("tool_information_uri", &self.tool_information_uri)
            .finish()
    }
}

/// The whole output for `findings` (already sorted and de-duplicated) in `format`, exactly
/// as buf 1.75.0 writes it to stdout, trailing newline included.
///
/// Zero findings print nothing in every buf format (buf exits 0 with empty stdout); `sarif`
/// still prints a log with an empty `results`, so code scanning can close fixed alerts.
/// A finding's rule is its `type` (`None` counts as `COMPILE`). When any finding is a
/// `COMPILE` error, `config-ignore-yaml` prints `text`, as buf does for build failures.
pub fn render(format: OutputFormat, findings: &[Diagnostic], cx: &FormatContext<'_>) -> String {
    if findings.is_empty() && format != OutputFormat::Sarif {
        return String::new();
    }
    let items: Vec<Item<'_>> = findings.iter().map(|d| Item::new(d, cx)).collect();
    match format {
        OutputFormat::Text => lines(&items, text_line),
        OutputFormat::Json => lines(&items, |i| json_line(i, &mut String::new())),
        OutputFormat::Msvs => lines(&items, msvs_line),
        OutputFormat::Junit => junit(&items),
        OutputFormat::GithubActions => lines(&items, github_line),
        OutputFormat::GitlabCodeQuality => gitlab(&items),
        OutputFormat::ConfigIgnoreYaml => {
            if items.iter().any(|i| i.rule == COMPILE) {
                lines(&items, text_line)
            } else {
                config_ignore_yaml(&items, cx)
            }
        }
        OutputFormat::Sarif => sarif(&items, cx),
        OutputFormat::Pretty => pretty(&items, cx),
    }
}

const COMPILE: &str = "COMPILE";

/// A finding with the fields buf prints resolved.
struct Item<'a> {
    d: &'a Diagnostic,
    /// Printed path; buf prints `<input>` for an annotation without a file.
    path: &'a str,
    rule: &'a str,
    pos: Position,
    /// Whether `pos` is real (from the finding) rather than buf's 1:1 stand-in.
    known: bool,
}

impl<'a> Item<'a> {
    fn new(d: &'a Diagnostic, cx: &FormatContext<'_>) -> Self {
        let found = d.position.or_else(|| {
            let files = cx.files?;
            span_position(files, &d.file, d.span?)
        });
        Item {
            d,
            path: if d.file.is_empty() {
                "<input>"
            } else {
                &d.file
            },
            rule: d.rule.as_deref().unwrap_or(COMPILE),
            pos: found.unwrap_or(Position {
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
            }),
            known: found.is_some(),
        }
    }
}

/// 1-based position of a byte span, with protoc's columns.
fn span_position(files: &dyn Files, file: &str, span: Span) -> Option<Position> {
    let (text, index) = files.source(file)?;
    let len = text.len() as u32;
    let (sl, sc) = index.line_col(span.start.min(len));
    let (el, ec) = index.line_col(span.end.min(len).max(span.start.min(len)));
    Some(Position {
        start_line: sl + 1,
        start_column: sc + 1,
        end_line: el + 1,
        end_column: ec + 1,
    })
}

fn lines(items: &[Item<'_>], line: impl Fn(&Item<'_>) -> String) -> String {
    let mut out = String::new();
    for i in items {
        out.push_str(&line(i));
        out.push('\n');
    }
    out
}

fn text_line(i: &Item<'_>) -> String {
    format!(
        "{}:{}:{}:{}",
        i.path, i.pos.start_line, i.pos.start_column, i.d.message
    )
}

fn msvs_line(i: &Item<'_>) -> String {
    let message = if i.d.message.is_empty() {
        i.rule
    } else {
        &i.d.message
    };
    format!(
        "{}({},{}) : error {} : {}",
        i.path, i.pos.start_line, i.pos.start_column, i.rule, message
    )
}

fn github_line(i: &Item<'_>) -> String {
    // buf escapes nothing here (a `%` in a message stays `%`), so neither do we.
    if i.d.file.is_empty() {
        // A finding without a file (a deleted file in `buf breaking`): buf prints no position.
        return format!("::error file={}::{}", i.path, i.d.message);
    }
    format!(
        "::error file={},line={},col={},endLine={},endColumn={}::{}",
        i.path, i.pos.start_line, i.pos.start_column, i.pos.end_line, i.pos.end_column, i.d.message
    )
}

/// A JSON string as Go's `encoding/json` writes it: `<`, `>`, `&`, U+2028 and U+2029 as
/// `\u` escapes, control characters as `\n`, `\r`, `\t` or `\u00XX`.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// buf's `json` line; `path` and `type` are left out when empty (Go's `omitempty`).
fn json_line(i: &Item<'_>, out: &mut String) -> String {
    out.clear();
    out.push('{');
    if !i.d.file.is_empty() {
        out.push_str("\"path\":");
        json_str(out, &i.d.file);
        out.push(',');
    }
    let _ = write!(
        out,
        "\"start_line\":{},\"start_column\":{},\"end_line\":{},\"end_column\":{}",
        i.pos.start_line, i.pos.start_column, i.pos.end_line, i.pos.end_column
    );
    out.push_str(",\"type\":");
    json_str(out, i.rule);
    if !i.d.message.is_empty() {
        out.push_str(",\"message\":");
        json_str(out, &i.d.message);
    }
    out.push('}');
    std::mem::take(out)
}

/// Text escaped as Go's `encoding/xml` escapes attribute values.
fn xml_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn junit(items: &[Item<'_>]) -> String {
    // Suites by printed path in first-seen order.
    let mut order: Vec<&str> = Vec::new();
    let mut by_path: BTreeMap<&str, Vec<&Item<'_>>> = BTreeMap::new();
    for i in items {
        let group = by_path.entry(i.path).or_default();
        if group.is_empty() {
            order.push(i.path);
        }
        group.push(i);
    }
    let mut out = String::from("<testsuites>\n");
    for path in order {
        let group = &by_path[path];
        out.push_str("  <testsuite name=\"");
        xml_attr(&mut out, path.strip_suffix(".proto").unwrap_or(path));
        let _ = writeln!(
            out,
            "\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            n = group.len()
        );
        for i in group {
            out.push_str("    <testcase name=\"");
            // buf names a finding without a file (a deleted file in `buf breaking`) by its
            // rule alone.
            let name = if i.d.file.is_empty() {
                i.rule.to_string()
            } else {
                format!("{}_{}_{}", i.rule, i.pos.start_line, i.pos.start_column)
            };
            xml_attr(&mut out, &name);
            out.push_str("\">\n      <failure message=\"");
            xml_attr(&mut out, &text_line(i));
            out.push_str("\" type=\"");
            xml_attr(&mut out, i.rule);
            out.push_str("\"></failure>\n    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// One GitLab Code Quality issue without its fingerprint, as buf encodes it.
fn gitlab_issue(i: &Item<'_>, fingerprint: Option<&str>) -> String {
    let mut out = String::from("{\"description\":");
    json_str(&mut out, &i.d.message);
    out.push_str(",\"check_name\":");
    json_str(&mut out, i.rule);
    if let Some(fp) = fingerprint {
        out.push_str(",\"fingerprint\":");
        json_str(&mut out, fp);
    }
    out.push_str(",\"location\":{\"path\":");
    json_str(&mut out, &i.d.file);
    let _ = write!(
        out,
        ",\"positions\":{{\"begin\":{{\"line\":{},\"column\":{}}},\"end\":{{\"line\":{},\"column\":{}}}}}}},\"severity\":\"minor\"}}",
        i.pos.start_line, i.pos.start_column, i.pos.end_line, i.pos.end_column
    );
    out
}

/// buf's GitLab fingerprint: the hex of 64 bytes of SHAKE256 over the issue's JSON
/// encoding without the fingerprint (recorded from buf 1.75.0 and checked against it).
pub fn gitlab_fingerprint(issue_json_without_fingerprint: &str) -> String {
    let mut hasher = sha3::Shake256::default();
    hasher.update(issue_json_without_fingerprint.as_bytes());
    let mut digest = [0u8; 64];
    hasher.finalize_xof().read(&mut digest);
    let mut hex = String::with_capacity(128);
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

fn gitlab(items: &[Item<'_>]) -> String {
    let mut out = String::from("[");
    for (n, i) in items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let fp = gitlab_fingerprint(&gitlab_issue(i, None));
        out.push_str(&gitlab_issue(i, Some(&fp)));
    }
    out.push_str("]\n");
    out
}

fn config_ignore_yaml(items: &[Item<'_>], cx: &FormatContext<'_>) -> String {
    let mut by_rule: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for i in items {
        let path = match cx.module_path {
            Some(map) => map(&i.d.file),
            None => i.d.file.clone(),
        };
        by_rule.entry(i.rule).or_default().insert(path);
    }
    // buf writes `version: v1` even in v2 workspaces, and the paths unquoted.
    let mut out = String::from("version: v1\nlint:\n  ignore_only:\n");
    for (rule, paths) in by_rule {
        let _ = writeln!(out, "    {rule}:");
        for p in paths {
            let _ = writeln!(out, "      - {p}");
        }
    }
    out
}

/// `path` as a relative URI reference: bytes outside RFC 3986's unreserved set and `/`
/// are percent-encoded.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn sarif(items: &[Item<'_>], cx: &FormatContext<'_>) -> String {
    use serde_json::{json, Map, Value};

    let mut rules: Vec<RuleInfo> = cx.rules.to_vec();
    for i in items {
        if !rules.iter().any(|r| r.id == i.rule) {
            rules.push(RuleInfo {
                id: i.rule.to_owned(),
                purpose: if i.rule == COMPILE {
                    "Checks that the input compiles.".to_owned()
                } else {
                    String::new()
                },
                help_uri: None,
            });
        }
    }
    let rule_index = |id: &str| rules.iter().position(|r| r.id == id).unwrap_or(0);
    // GitHub code scanning wants shortDescription, fullDescription and help on every rule;
    // `name` is left out because SARIF wants it to differ from `id`.
    let rule_values: Vec<Value> = rules
        .iter()
        .map(|r| {
            let text = if r.purpose.is_empty() {
                r.id.clone()
            } else {
                r.purpose.clone()
            };
            let mut help_text = text.clone();
            let mut help_markdown = text.clone();
            if let Some(uri) = &r.help_uri {
                help_text.push_str(&format!(" See {uri}"));
                help_markdown.push_str(&format!(" See [{}]({uri}).", r.id));
            }
            let mut v = Map::new();
            v.insert("id".into(), json!(r.id));
            v.insert("shortDescription".into(), json!({ "text": text }));
            v.insert("fullDescription".into(), json!({ "text": text }));
            v.insert(
                "help".into(),
                json!({ "text": help_text, "markdown": help_markdown }),
            );
            if let Some(uri) = &r.help_uri {
                v.insert("helpUri".into(), json!(uri));
            }
            v.insert("defaultConfiguration".into(), json!({ "level": "error" }));
            Value::Object(v)
        })
        .collect();
    let results: Vec<Value> = items
        .iter()
        .map(|i| {
            // Code scanning needs a region on every result; an unknown position is line 1,
            // as buf prints it.
            let region = if i.known {
                json!({
                    "startLine": i.pos.start_line,
                    "startColumn": i.pos.start_column,
                    "endLine": i.pos.end_line,
                    "endColumn": i.pos.end_column,
                })
            } else {
                json!({ "startLine": 1 })
            };
            let fingerprint = gitlab_fingerprint(&gitlab_issue(i, None));
            json!({
                "ruleId": i.rule,
                "ruleIndex": rule_index(i.rule),
                "level": "error",
                "message": { "text": i.d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&i.d.file) },
                        "region": region,
                    }
                }],
                "partialFingerprints": { "protokitFindingHash/v1": fingerprint },
            })
        })
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!(cx.tool_name));
    if !cx.tool_version.is_empty() {
        driver.insert("version".into(), json!(cx.tool_version));
        driver.insert("semanticVersion".into(), json!(cx.tool_version));
    }
    if let Some(uri) = cx.tool_information_uri {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), Value::Array(rule_values));
    let log = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": Value::Object(driver) },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// Byte range of a 1-based line/column range in `text`, columns as protoc counts them (a
/// tab advances to the next multiple of 8); clamped to the text.
fn position_span(text: &str, pos: Position) -> Span {
    let offset = |line: u32, col: u32| -> u32 {
        let mut start = 0usize;
        for _ in 1..line.max(1) {
            match text[start..].find('\n') {
                Some(n) => start += n + 1,
                None => return text.len() as u32,
            }
        }
        let mut c = 1u32;
        for (i, ch) in text[start..].char_indices() {
            if c >= col || ch == '\n' {
                return (start + i) as u32;
            }
            c = if ch == '\t' {
                (c - 1) / 8 * 8 + 9
            } else {
                c + 1
            };
        }
        text.len() as u32
    };
    let start = offset(pos.start_line, pos.start_column);
    let end = offset(pos.end_line, pos.end_column).max(start);
    Span::new(start, end)
}

fn pretty(items: &[Item<'_>], cx: &FormatContext<'_>) -> String {
    let options = RichOptions {
        color: cx.color,
        ..RichOptions::default()
    };
    let mut out = String::new();
    let mut files = BTreeSet::new();
    for i in items {
        files.insert(i.path);
        let source = cx.files.and_then(|f| f.source(&i.d.file).map(|s| (f, s.0)));
        let mut d = i.d.clone();
        d.rule = Some(i.rule.to_owned());
        match source {
            Some((files, text)) if i.known => {
                d.span = Some(position_span(text, i.pos));
                d.position = None;
                out.push_str(&rich(&d, files, &options));
            }
            _ => {
                // No source to show: the header and where, as rustc prints it.
                let _ = write!(out, "error[{}]: {}\n --> {}", i.rule, i.d.message, i.path);
                if i.known {
                    let _ = write!(out, ":{}:{}", i.pos.start_line, i.pos.start_column);
                }
            }
        }
        out.push_str("\n\n");
    }
    let n = items.len();
    let _ = writeln!(
        out,
        "{n} finding{} in {} file{}",
        if n == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    out
}
