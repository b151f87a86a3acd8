//! `protokit rules` (buf's `buf config ls-lint-rules`), `protokit explain RULE_ID` and the
//! generated `docs/rules/<RULE_ID>.md` pages, all from the registry in
//! `protokit_check::lint::registry`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use protokit_check::config::ConfigVersion;
use protokit_check::lint::registry::{self, RuleMeta, RULES};

/// Arguments of `protokit rules`.
#[derive(clap::Args)]
pub(crate) struct RulesArgs {
    /// `text` (aligned columns, as `buf config ls-lint-rules`) or `json` (one object a line).
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// The buf.yaml version whose rules, categories and defaults to list. Default: the
    /// version of the buf.yaml in the current directory, else v2.
    #[arg(long, alias = "version", value_name = "VERSION", value_parser = ["v1beta1", "v1", "v2"])]
    config_version: Option<String>,
    /// Also list deprecated rules, and the deprecated category aliases (DEFAULT, STYLE_DEFAULT).
    #[arg(long)]
    include_deprecated: bool,
    /// Write docs/rules (one Markdown page per rule and an index) into DIR and exit.
    #[arg(long, value_name = "DIR", hide = true)]
    write_docs: Option<String>,
}

/// Arguments of `protokit explain`.
#[derive(clap::Args)]
pub(crate) struct ExplainArgs {
    /// The rule ID, e.g. FIELD_LOWER_SNAKE_CASE.
    #[arg(value_name = "RULE_ID")]
    rule: String,
}

pub(crate) fn run(args: RulesArgs) -> ExitCode {
    if let Some(dir) = &args.write_docs {
        return match write_docs(Path::new(dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("protokit rules: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let version = match &args.config_version {
        Some(v) => ConfigVersion::from_name(v).unwrap_or_default(),
        None => match cwd_config_version() {
            Ok(v) => v,
            Err(e) => {
                eprintln!("Failure: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let text = if args.format == "json" {
        list_json(version, args.include_deprecated)
    } else {
        list_text(version, args.include_deprecated)
    };
    print!("{text}");
    ExitCode::SUCCESS
}

pub(crate) fn explain(args: ExplainArgs) -> ExitCode {
    let id = args.rule.trim().to_ascii_uppercase();
    match registry::rule(&id) {
        Some(rule) => {
            print!("{}", rule_doc(rule));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "protokit explain: unknown rule ID \"{}\" (`protokit rules --include-deprecated` lists them all)",
                args.rule
            );
            ExitCode::FAILURE
        }
    }
}

/// The version of `./buf.yaml` (buf's default for `ls-lint-rules`), v2 when there is none.
/// The file is read in full, so a broken one fails with buf's error, as in buf.
fn cwd_config_version() -> Result<ConfigVersion, String> {
    if !Path::new("buf.yaml").exists() {
        return Ok(ConfigVersion::V2);
    }
    protokit_check::config::load_workspace(Path::new("."))
        .map(|ws| ws.version)
        .map_err(|e| e.to_string())
}

/// Every category name in buf's order; listings sort rules by their categories' positions.
const CATEGORY_ORDER: &[&str] = &[
    "MINIMAL",
    "BASIC",
    "DEFAULT",
    "STANDARD",
    "FILE_LAYOUT",
    "PACKAGE_AFFINITY",
    "SENSIBLE",
    "STYLE_BASIC",
    "STYLE_DEFAULT",
    "STYLE_STANDARD",
    "COMMENTS",
    "UNARY_RPC",
    "OTHER",
];

/// One listed rule: the rule and the categories shown.
fn listed(
    version: ConfigVersion,
    include_deprecated: bool,
) -> Vec<(&'static RuleMeta, Vec<&'static str>)> {
    let mut rows: Vec<_> = registry::rules_for(version)
        .filter(|r| include_deprecated || !r.deprecated)
        .map(|r| {
            let cats = if include_deprecated {
                r.categories(version).unwrap_or(&[]).to_vec()
            } else {
                r.listed_categories(version)
            };
            (r, cats)
        })
        .collect();
    // buf lists rules by category (lexicographically by the categories' positions), rules
    // without a category last, then by ID.
    rows.sort_by_cached_key(|(r, cats)| {
        let order: Vec<usize> = cats
            .iter()
            .map(|c| {
                CATEGORY_ORDER
                    .iter()
                    .position(|o| o == c)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        (cats.is_empty(), order, r.id)
    });
    rows
}

/// The text listing, byte for byte as `buf config ls-lint-rules` prints it (Go tabwriter
/// columns padded by two spaces; the last column unpadded).
pub(crate) fn list_text(version: ConfigVersion, include_deprecated: bool) -> String {
    let rows: Vec<[String; 4]> = std::iter::once([
        "ID".to_string(),
        "CATEGORIES".to_string(),
        "DEFAULT".to_string(),
        "PURPOSE".to_string(),
    ])
    .chain(
        listed(version, include_deprecated)
            .into_iter()
            .map(|(r, cats)| {
                [
                    r.id.to_string(),
                    cats.join(", "),
                    if r.is_default(version) { "*" } else { "" }.to_string(),
                    r.purpose.to_string(),
                ]
            }),
    )
    .collect();
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0) + 2)
        .collect();
    let mut out = String::new();
    for row in &rows {
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(out, "{cell:<width$}");
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out
}

/// The JSON listing: one object a line, as `buf config ls-lint-rules --format json`.
pub(crate) fn list_json(version: ConfigVersion, include_deprecated: bool) -> String {
    let mut out = String::new();
    for (r, cats) in listed(version, include_deprecated) {
        let cats: Vec<String> = cats.iter().map(|c| go_json_string(c)).collect();
        let _ = writeln!(
            out,
            "{{\"id\":{},\"categories\":[{}],\"default\":{},\"purpose\":{},\"plugin\":\"\",\"deprecated\":{},\"replacements\":null}}",
            go_json_string(r.id),
            cats.join(","),
            r.is_default(version),
            go_json_string(r.purpose),
            r.deprecated
        );
    }
    out
}

/// A JSON string as Go's `encoding/json` writes it (HTML characters escaped too).
fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
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
    out
}

const VERSIONS: [ConfigVersion; 3] = [ConfigVersion::V1Beta1, ConfigVersion::V1, ConfigVersion::V2];

/// The Markdown page of one rule: `docs/rules/<RULE_ID>.md` and `protokit explain RULE_ID`.
pub(crate) fn rule_doc(rule: &RuleMeta) -> String {
    let docs = rule.docs;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- Generated from crates/protokit-check/src/lint (the rule's DOCS and the registry) \
         by `protokit rules --write-docs docs/rules`; do not edit. -->\n"
    );
    let _ = writeln!(out, "# {}\n\n{}\n", rule.id, rule.purpose);
    if rule.deprecated {
        out.push_str(
            "**Deprecated**: still accepted in `buf.yaml`, listed only with \
             `protokit rules --include-deprecated`.\n\n",
        );
    }
    if rule.check.is_none() {
        out.push_str(
            "**Not implemented by protokit yet**: a configuration that enables it by name gets a \
             warning and the rule is skipped.\n\n",
        );
    }
    out.push_str("| `buf.yaml` version | categories | on by default |\n|---|---|---|\n");
    for v in VERSIONS {
        match rule.categories(v) {
            None => {
                let _ = writeln!(out, "| {} | (not available) | |", v.as_str());
            }
            Some(_) => {
                let cats = rule.listed_categories(v);
                let cats = if cats.is_empty() {
                    "(none)".to_string()
                } else {
                    cats.join(", ")
                };
                let default = if rule.is_default(v) { "yes" } else { "no" };
                let _ = writeln!(out, "| {} | {cats} | {default} |", v.as_str());
            }
        }
    }
    let _ = writeln!(out, "\n## What it checks\n\n{}\n", docs.what.trim());
    let _ = writeln!(out, "## Why\n\n{}\n", docs.why.trim());
    out.push_str("## Example\n\n");
    if !docs.example_path.is_empty() {
        let _ = writeln!(out, "`{}`:\n", docs.example_path);
    }
    let _ = writeln!(out, "```proto\n{}\n```\n", docs.example.trim_end());
    let _ = writeln!(
        out,
        "## Use instead\n\n```proto\n{}\n```",
        docs.use_instead.trim_end()
    );
    out
}

/// The index page, `docs/rules/README.md`.
pub(crate) fn index_doc() -> String {
    let mut out = String::from(
        "<!-- Generated by `protokit rules --write-docs docs/rules`; do not edit. -->\n\n\
         # Lint rules\n\n\
         buf 1.75.0's lint rules, with buf's IDs and categories. Categories and defaults are \
         those of `buf.yaml` v2 (`protokit rules --config-version v1` lists another version's); \
         `protokit explain RULE_ID` prints a rule's page.\n\n\
         | rule | categories (v2) | default (v2) | purpose |\n|---|---|---|---|\n",
    );
    let v2 = listed(ConfigVersion::V2, true).into_iter().map(|(r, _)| r);
    let others = RULES
        .iter()
        .filter(|r| r.categories(ConfigVersion::V2).is_none());
    for r in v2.chain(others) {
        let cats = match r.categories(ConfigVersion::V2) {
            None => "(v1beta1 only)".to_string(),
            Some(_) => r.listed_categories(ConfigVersion::V2).join(", "),
        };
        let default = if r.is_default(ConfigVersion::V2) {
            "yes"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| [{id}]({id}.md) | {cats} | {default} | {} |",
            r.purpose.replace('|', "\\|"),
            id = r.id
        );
    }
    out
}

/// Every generated page: (file name, contents).
pub(crate) fn generated_docs() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = RULES
        .iter()
        .map(|r| (format!("{}.md", r.id), rule_doc(r)))
        .collect();
    pages.push(("README.md".to_string(), index_doc()));
    pages
}

/// Writes the generated pages into `dir` (created if missing) and removes other `.md` files
/// there, so the directory holds exactly the current pages.
fn write_docs(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pages = generated_docs();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !pages.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    for (name, text) in pages {
        let path = dir.join(&name);
        crate::output::write_output(&path.to_string_lossy(), text.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_escapes() {
        assert_eq!(
            go_json_string("a\"b\\c<d>"),
            "\"a\\\"b\\\\c\\u003cd\\u003e\""
        );
    }

    #[test]
    fn text_columns_are_aligned() {
        let text = list_text(ConfigVersion::V2, false);
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("ID  "));
        let purpose_col = header.find("PURPOSE").unwrap();
        for line in lines {
            assert!(line.len() > purpose_col, "{line}");
            assert_ne!(line.as_bytes()[purpose_col], b' ', "{line}");
            assert_eq!(line.as_bytes()[purpose_col - 1], b' ', "{line}");
        }
        assert!(!text.contains("DEFAULT, "));
        assert!(list_text(ConfigVersion::V2, true).contains("IMPORT_NO_WEAK"));
    }

    #[test]
    fn every_rule_has_a_page() {
        let pages = generated_docs();
        assert_eq!(pages.len(), RULES.len() + 1);
        let page = rule_doc(registry::rule("MESSAGE_PASCAL_CASE").unwrap());
        for heading in [
            "## What it checks",
            "## Why",
            "## Example",
            "## Use instead",
        ] {
            assert!(page.contains(heading), "{page}");
        }
    }
}
