//! The PACKAGE_SAME_* rules: every file of a package must agree on one file option.

use prost_types::FileOptions;

use crate::lint::elements::tag;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, Package};

/// One file option the PACKAGE_SAME_* rules compare.
pub(crate) struct FileOption {
    /// The option's name in messages, e.g. `go_package`.
    pub name: &'static str,
    /// Its field number in `FileOptions` (the finding's location is `[8, number]`).
    pub number: i32,
    /// Its value in one file, `None` when unset. buf treats an empty string as unset, and a
    /// bool as set when it is present, whatever its value.
    pub get: fn(&FileOptions) -> Option<String>,
}

/// Reports every file of `package` when its files have more than one value for `option`, or
/// one value in some files and none in others. Files with a value are reported at the option
/// statement, files without one at no location (buf prints 1:1).
pub(crate) fn check_same(cx: &mut Cx<'_>, package: &Package<'_>, option: &FileOption) {
    let values: Vec<Option<String>> = package
        .files
        .iter()
        .map(|f| f.file_options().and_then(|o| (option.get)(o)))
        .collect();
    let mut distinct: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let has_none = values.iter().any(Option::is_none);
    if distinct.is_empty() || (distinct.len() == 1 && !has_none) {
        return;
    }
    let joined = go_quote(&distinct.join(","));
    let pkg = go_quote(package.name);
    let name = go_quote(option.name);
    let message = if has_none {
        format!(
            "Files in package {pkg} have both values {joined} and no value for option {name} and all values must be equal."
        )
    } else {
        format!(
            "Files in package {pkg} have multiple values {joined} for option {name} and all values must be equal."
        )
    };
    for f in &package.files {
        cx.report(f, &[tag::FILE_OPTIONS, option.number], message.clone());
    }
}

/// A string option's value, with `""` as unset.
pub(crate) fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.is_empty()).cloned()
}
