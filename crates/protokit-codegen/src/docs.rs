//! Proto comments → rustdoc text that rustdoc cannot mistake for doctests or intra-doc links.

/// Turns the lines of a leading proto comment into the lines of a doc comment:
///
/// - code (lines indented four or more spaces after a blank line, or ``` fences without a
///   language) is fenced as ```` ```text ````, so rustdoc never compiles it as a doctest;
/// - outside code, `[`, `]`, `<` and `>` are escaped (no broken intra-doc links, no stray
///   HTML tags), and bare `http(s)://` URLs are wrapped in `<…>`;
/// - the common leading indentation (usually the one space after `//`) is removed.
pub(crate) fn doc_lines(lines: &[String]) -> Vec<String> {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| {
            let l = l.trim_end();
            l.get(indent..).unwrap_or("")
        })
        .collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    let mut in_indented = false;
    let mut prev_blank = true;
    for line in lines {
        let trimmed = line.trim_start();
        if in_fence {
            if trimmed.starts_with("```") {
                in_fence = false;
                out.push("```".to_string());
            } else {
                out.push(line.to_string());
            }
            prev_blank = false;
            continue;
        }
        if trimmed.starts_with("```") {
            in_fence = true;
            out.push("```text".to_string());
            prev_blank = false;
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented {
            if indented || line.is_empty() {
                out.push(line.to_string());
                continue;
            }
            // Blank lines inside the block belong after the closing fence.
            let blanks = out.iter().rev().take_while(|l| l.is_empty()).count();
            out.truncate(out.len() - blanks);
            out.push("```".to_string());
            out.extend(std::iter::repeat_n(String::new(), blanks.max(1)));
            in_indented = false;
        } else if indented && prev_blank {
            in_indented = true;
            out.push("```text".to_string());
            out.push(line.to_string());
            continue;
        }
        prev_blank = line.is_empty();
        out.push(escape_prose(line));
    }
    if in_indented {
        let blanks = out.iter().rev().take_while(|l| l.is_empty()).count();
        out.truncate(out.len() - blanks);
        out.push("```".to_string());
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        // Inline code spans stay as they are.
        if let Some(after) = rest.strip_prefix('`') {
            if let Some(end) = after.find('`') {
                out.push('`');
                out.push_str(&after[..=end]);
                rest = &after[end + 1..];
                continue;
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    fn doc(text: &str) -> String {
        let lines: Vec<String> = text.lines().map(String::from).collect();
        doc_lines(&lines).join("\n")
    }

    #[test]
    fn indented_code_is_fenced_as_text() {
        assert_eq!(
            doc(" Example:\n\n     let x = [1];\n\n Done [here]."),
            "Example:\n\n```text\n    let x = [1];\n```\n\nDone \\[here\\]."
        );
    }

    #[test]
    fn fences_get_a_language_and_links_are_escaped() {
        assert_eq!(
            doc(" ```\n fn main() {}\n ```\n See https://x.y/z. Map<K, V> `a[0]`"),
            "```text\nfn main() {}\n```\nSee <https://x.y/z>. Map\\<K, V\\> `a[0]`"
        );
    }

    #[test]
    fn indented_continuation_lines_are_prose() {
        assert_eq!(doc(" a\n     b"), "a\n    b");
    }
}
