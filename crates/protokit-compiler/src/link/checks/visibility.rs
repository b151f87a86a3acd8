//! Symbol visibility (edition 2024): types marked `local`, or local by their file's
//! `default_symbol_visibility`, cannot be used from other files; under `STRICT` nested types
//! cannot be `export`.

use crate::descriptor::{DescriptorProto, FileDescriptorProto, Options};

use super::super::symbols::{Found, SymbolKind};
use super::{child, enum_at, feature_of, message_at, At, Checker, EDITION_2024, FILE_FEATURES};

/// `SymbolVisibility` values.
const LOCAL: i32 = 1;
const EXPORT: i32 = 2;
/// `FeatureSet.default_symbol_visibility` and its values.
const DEFAULT_SYMBOL_VISIBILITY: u32 = 8;
const EXPORT_ALL: u64 = 1;
const EXPORT_TOP_LEVEL: u64 = 2;
const STRICT: u64 = 4;

fn default_name(v: u64) -> &'static str {
    match v {
        1 => "EXPORT_ALL",
        2 => "EXPORT_TOP_LEVEL",
        3 => "LOCAL_ALL",
        _ => "STRICT",
    }
}

/// A file's `default_symbol_visibility`, set (in `options`, as written) or by its edition.
fn file_default(file: &FileDescriptorProto, options: Option<&Options>) -> u64 {
    let by_edition = if file.syntax.as_deref() == Some("editions")
        && file.edition.unwrap_or(0) >= EDITION_2024
    {
        EXPORT_TOP_LEVEL
    } else {
        EXPORT_ALL
    };
    feature_of(options, FILE_FEATURES, DEFAULT_SYMBOL_VISIBILITY).unwrap_or(by_edition)
}

impl<'a> Checker<'a> {
    /// Why the type `type_name` (`.full.Name`) may not be used here, if it is another file's
    /// local type.
    fn hidden(&self, type_name: &str) -> Option<(String, String, String)> {
        let full = type_name.strip_prefix('.')?;
        let Found::Symbol {
            file: Some(file),
            symbol,
            ..
        } = self.scope.find(full)?
        else {
            return None;
        };
        let visibility = match symbol.kind {
            SymbolKind::Message { .. } => message_at(&file.proto, &symbol.path)?.visibility,
            SymbolKind::Enum => enum_at(&file.proto, &symbol.path)?.visibility,
            _ => return None,
        };
        let reason = match visibility {
            Some(EXPORT) => return None,
            Some(LOCAL) => "It is explicitly marked 'local'".to_string(),
            _ => {
                // The feature has source retention: imports no longer carry it.
                let default = file_default(&file.proto, file.file_options_as_written());
                let top_level = symbol.path.len() == 2;
                if default == EXPORT_ALL || (default == EXPORT_TOP_LEVEL && top_level) {
                    return None;
                }
                format!(
                    "It defaulted to local from file-level 'option \
                     features.default_symbol_visibility = '{}';",
                    default_name(default)
                )
            }
        };
        Some((full.to_string(), file.name().to_string(), reason))
    }

    fn check_visible(&mut self, path: &[i32], at: At, type_name: &str, context: &str) {
        if let Some((full, file, reason)) = self.hidden(type_name) {
            let this = self.file.name().to_string();
            self.push(
                path,
                at,
                format!(
                    "Symbol \"{full}\", defined in \"{file}\" {context} is not visible from \
                     \"{this}\". {reason} and cannot be accessed outside its own file"
                ),
            );
        }
    }

    /// Every use of another file's type, and this file's own `export` marks under `STRICT`.
    pub(super) fn visibility(&mut self, file: &'a FileDescriptorProto) {
        for (i, m) in file.message_type.iter().enumerate() {
            self.visibility_message(m, &[4, i as i32], file.package(), false);
        }
        for (i, f) in file.extension.iter().enumerate() {
            self.visibility_field(f, &[7, i as i32]);
        }
        for (i, s) in file.service.iter().enumerate() {
            for (j, m) in s.method.iter().enumerate() {
                let path = child(&[6, i as i32], 2, j);
                self.check_visible(&path, At::Part(2), m.input_type(), "");
                self.check_visible(&path, At::Part(3), m.output_type(), "");
            }
        }
        if file_default(file, file.options.as_ref()) == STRICT {
            for m in &file.message_type {
                self.strict_nested(m, &super::join(file.package(), m.name()));
            }
        }
    }

    fn visibility_field(&mut self, f: &crate::descriptor::FieldDescriptorProto, path: &[i32]) {
        if let Some(extendee) = f.extendee.as_deref() {
            self.check_visible(path, At::Part(2), extendee, "target of extend");
        }
        if matches!(f.r#type, Some(11 | 14 | 10)) {
            if let Some(t) = f.type_name.as_deref() {
                self.check_visible(path, At::Type, t, "");
            }
        }
    }

    fn visibility_message(&mut self, m: &DescriptorProto, path: &[i32], scope: &str, _: bool) {
        let name = super::join(scope, m.name());
        for (i, f) in m.field.iter().enumerate() {
            self.visibility_field(f, &child(path, 2, i));
        }
        for (i, f) in m.extension.iter().enumerate() {
            self.visibility_field(f, &child(path, 6, i));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.visibility_message(n, &child(path, 3, i), &name, true);
        }
    }

    /// Under `STRICT`, nested types may not be `export`, except enums alone in a local
    /// message that reserves every field number (a C++ namespace).
    fn strict_nested(&mut self, m: &DescriptorProto, name: &str) {
        let namespace = m.visibility != Some(EXPORT)
            && m.field.is_empty()
            && m.reserved_range
                .iter()
                .any(|r| r.start == Some(1) && r.end.unwrap_or(0) >= 536_870_911);
        for n in &m.nested_type {
            let full = super::join(name, n.name());
            if n.visibility == Some(EXPORT) {
                self.push(
                    &[],
                    At::Nowhere,
                    format!(
                        "\"{full}\" is a nested message and cannot be `export` with STRICT \
                         default_symbol_visibility. It must be moved to top-level, ideally in \
                         its own file in order to be `export`."
                    ),
                );
            }
            self.strict_nested(n, &full);
        }
        for e in &m.enum_type {
            if e.visibility == Some(EXPORT) && !namespace {
                let full = super::join(name, e.name());
                self.push(
                    &[],
                    At::Nowhere,
                    format!(
                        "\"{full}\" is a nested enum and cannot be marked `export` with STRICT \
                         default_symbol_visibility. It must be moved to top-level, ideally in \
                         its own file in order to be `export`. For C++ namespacing of enums in \
                         a messages use: `local message <OuterNamespace> {{ export enum {full} \
                         {{...}} reserved 1 to max; }}`"
                    ),
                );
            }
        }
    }
}
