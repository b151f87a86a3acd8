//! protoc's naming rules of `features.enforce_naming_style = STYLE2024` (the default from
//! edition 2024 on): TitleCase types, services and methods, lower_snake_case packages,
//! fields and oneofs, UPPER_SNAKE_CASE enum values.

use crate::descriptor::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto, Options};

use super::{child, feature_of, At, Checker, Syntax, EDITION_2024, FILE_FEATURES, NAME};

/// `FeatureSet.enforce_naming_style` and its `STYLE2024` value.
const ENFORCE_NAMING_STYLE: u32 = 7;
const STYLE2024: u64 = 1;

/// What a name must look like.
#[derive(Clone, Copy)]
enum Style {
    Title,
    LowerSnake,
    UpperSnake,
}

/// protoc's verdict on `name` in `style`, or `None` when it conforms.
fn violation(name: &str, style: Style) -> Option<&'static str> {
    let b = name.as_bytes();
    let first = *b.first()?;
    match style {
        Style::Title => {
            if !b.iter().all(u8::is_ascii_alphanumeric) {
                Some("should be TitleCase")
            } else if !first.is_ascii_uppercase() {
                Some("should begin with a capital letter")
            } else {
                None
            }
        }
        Style::LowerSnake | Style::UpperSnake => {
            let lower = matches!(style, Style::LowerSnake);
            let allowed = |c: &u8| {
                c.is_ascii_digit()
                    || *c == b'_'
                    || if lower {
                        c.is_ascii_lowercase() || *c == b'.'
                    } else {
                        c.is_ascii_uppercase()
                    }
            };
            if !b.iter().all(allowed) {
                Some(if lower {
                    "should be lower_snake_case"
                } else {
                    "should be UPPER_SNAKE_CASE"
                })
            } else if lower && !first.is_ascii_lowercase() {
                Some("should begin with a lower case letter")
            } else if !lower && !first.is_ascii_uppercase() {
                Some("should begin with an upper case letter")
            } else if bad_underscores(b) {
                Some("contains style violating underscores")
            } else {
                None
            }
        }
    }
}

/// An underscore at either end, or one not followed by a letter.
fn bad_underscores(b: &[u8]) -> bool {
    b.first() == Some(&b'_')
        || b.last() == Some(&b'_')
        || b.windows(2)
            .any(|w| w[0] == b'_' && !w[1].is_ascii_alphabetic())
}

/// The resolved style of an element: its own feature, else its parent's.
fn resolve(parent: u64, options: Option<&Options>, features_field: u32) -> u64 {
    feature_of(options, features_field, ENFORCE_NAMING_STYLE).unwrap_or(parent)
}

impl Checker<'_> {
    /// Reports every name that breaks the naming style in force where it is declared.
    pub(super) fn naming_style(&mut self, file: &FileDescriptorProto) {
        if self.syntax != Syntax::Editions {
            return;
        }
        let default = if file.edition.unwrap_or(0) >= EDITION_2024 {
            STYLE2024
        } else {
            0
        };
        let style = resolve(default, file.options.as_ref(), FILE_FEATURES);
        if style == STYLE2024 {
            if let Some(package) = file.package.as_deref() {
                self.check_name(&[2], At::Whole, "Package", package, Style::LowerSnake);
            }
        }
        for (i, m) in file.message_type.iter().enumerate() {
            self.naming_message(m, &[4, i as i32], style);
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            self.naming_enum(e, &[5, i as i32], style);
        }
        for (i, f) in file.extension.iter().enumerate() {
            let s = resolve(style, f.options.as_ref(), 21);
            self.check_if(
                s,
                &[7, i as i32],
                NAME,
                "Field",
                f.name(),
                Style::LowerSnake,
            );
        }
        for (i, s) in file.service.iter().enumerate() {
            let path = [6, i as i32];
            let service_style = resolve(style, s.options.as_ref(), 34);
            self.check_if(
                service_style,
                &path,
                NAME,
                "Service",
                s.name(),
                Style::Title,
            );
            for (j, m) in s.method.iter().enumerate() {
                let st = resolve(service_style, m.options.as_ref(), 35);
                self.check_if(
                    st,
                    &child(&path, 2, j),
                    NAME,
                    "Method",
                    m.name(),
                    Style::Title,
                );
            }
        }
    }

    fn naming_message(&mut self, m: &DescriptorProto, path: &[i32], parent: u64) {
        let style = resolve(parent, m.options.as_ref(), 12);
        self.check_if(style, path, NAME, "Message", m.name(), Style::Title);
        let oneof_styles: Vec<u64> = m
            .oneof_decl
            .iter()
            .map(|o| resolve(style, o.options.as_ref(), 1))
            .collect();
        for (i, f) in m.field.iter().enumerate() {
            let scope = f
                .oneof_index
                .and_then(|o| oneof_styles.get(usize::try_from(o).ok()?).copied())
                .unwrap_or(style);
            let s = resolve(scope, f.options.as_ref(), 21);
            self.check_if(
                s,
                &child(path, 2, i),
                NAME,
                "Field",
                f.name(),
                Style::LowerSnake,
            );
        }
        for (i, o) in m.oneof_decl.iter().enumerate() {
            // protoc reports oneof names without a position.
            let s = oneof_styles[i];
            self.check_if(
                s,
                &child(path, 8, i),
                At::Nowhere,
                "Oneof",
                o.name(),
                Style::LowerSnake,
            );
        }
        for (i, f) in m.extension.iter().enumerate() {
            let s = resolve(style, f.options.as_ref(), 21);
            self.check_if(
                s,
                &child(path, 6, i),
                NAME,
                "Field",
                f.name(),
                Style::LowerSnake,
            );
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.naming_message(n, &child(path, 3, i), style);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.naming_enum(e, &child(path, 4, i), style);
        }
    }

    fn naming_enum(&mut self, e: &EnumDescriptorProto, path: &[i32], parent: u64) {
        let style = resolve(parent, e.options.as_ref(), 7);
        self.check_if(style, path, NAME, "Enum", e.name(), Style::Title);
        for (i, v) in e.value.iter().enumerate() {
            let s = resolve(style, v.options.as_ref(), 2);
            self.check_if(
                s,
                &child(path, 2, i),
                NAME,
                "Enum value",
                v.name(),
                Style::UpperSnake,
            );
        }
    }

    fn check_if(&mut self, style: u64, path: &[i32], at: At, kind: &str, name: &str, s: Style) {
        if style == STYLE2024 {
            self.check_name(path, at, kind, name, s);
        }
    }

    fn check_name(&mut self, path: &[i32], at: At, kind: &str, name: &str, style: Style) {
        if let Some(problem) = violation(name, style) {
            self.push(
                path,
                at,
                format!(
                    "{kind} name {name} {problem} (features.enforce_naming_style = STYLE_LEGACY \
                     can be used to opt out of this check)"
                ),
            );
        }
    }
}
