//! Extension declarations (`extensions 1 to 10 [declaration = {…}]`): protoc's checks of the
//! declarations themselves and of extensions against them.
//!
//! Declarations have source retention, so they are gone from a linked file's descriptor; each
//! linked file keeps them on the side, by message, for the files that extend its messages.

use crate::descriptor::{DescriptorProto, FieldDescriptorProto};

use super::build::join;
use super::options::{encoded_bytes, encoded_varint};
use super::pool::Table;
use super::{At, FxMap, Linker};

/// `ExtensionRangeOptions` fields.
const DECLARATION: u32 = 2;
const VERIFICATION: u32 = 3;
const UNVERIFIED: u64 = 1;
const DECLARATION_STATE: u64 = 0;

/// One extension range's declarations and verification state.
#[derive(Debug, Clone, Default)]
pub(crate) struct RangeDeclarations {
    start: i32,
    end: i32,
    verification: Option<u64>,
    declarations: Vec<Declaration>,
}

/// One `ExtensionRangeOptions.Declaration`.
#[derive(Debug, Clone, Default)]
struct Declaration {
    number: Option<i32>,
    full_name: Option<String>,
    ty: Option<String>,
    reserved: bool,
    repeated: bool,
}

/// The declarations of a message's extension ranges (empty when it has none).
pub(crate) fn of_message(m: &DescriptorProto) -> Vec<RangeDeclarations> {
    let mut out = Vec::new();
    for r in &m.extension_range {
        let Some(o) = &r.options else {
            continue;
        };
        out.push(RangeDeclarations {
            start: r.start(),
            end: r.end(),
            verification: encoded_varint(&o.encoded, VERIFICATION),
            declarations: each_bytes(&o.encoded, DECLARATION)
                .iter()
                .map(|d| Declaration {
                    number: encoded_varint(d, 1).map(|v| v as i32),
                    full_name: encoded_bytes(d, 2).map(|b| String::from_utf8_lossy(&b).into()),
                    ty: encoded_bytes(d, 3).map(|b| String::from_utf8_lossy(&b).into()),
                    reserved: encoded_varint(d, 5).is_some_and(|v| v != 0),
                    repeated: encoded_varint(d, 6).is_some_and(|v| v != 0),
                })
                .collect(),
        });
    }
    out
}

/// Every occurrence of the length-delimited field `field`, separately.
fn each_bytes(mut buf: &[u8], field: u32) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let Ok(key) = prost::encoding::decode_varint(&mut buf) else {
            break;
        };
        let ok = match key & 7 {
            0 => prost::encoding::decode_varint(&mut buf).is_ok(),
            1 => buf.get(8..).map(|b| buf = b).is_some(),
            2 => match prost::encoding::decode_varint(&mut buf)
                .ok()
                .and_then(|l| usize::try_from(l).ok())
            {
                Some(len) if len <= buf.len() => {
                    if key >> 3 == u64::from(field) {
                        out.push(buf[..len].to_vec());
                    }
                    buf = &buf[len..];
                    true
                }
                _ => false,
            },
            5 => buf.get(4..).map(|b| buf = b).is_some(),
            _ => false,
        };
        if !ok {
            break;
        }
    }
    out
}

/// Every message of a file with declarations, by full name.
pub(crate) fn of_file(
    file: &crate::descriptor::FileDescriptorProto,
) -> FxMap<Box<str>, Vec<RangeDeclarations>> {
    fn visit(m: &DescriptorProto, scope: &str, out: &mut FxMap<Box<str>, Vec<RangeDeclarations>>) {
        let name = join(scope, m.name());
        let decls = of_message(m);
        for n in &m.nested_type {
            visit(n, &name, out);
        }
        if !decls.is_empty() {
            out.insert(name.into_boxed_str(), decls);
        }
    }
    let mut out = FxMap::default();
    for m in &file.message_type {
        visit(m, file.package(), &mut out);
    }
    out
}

impl Linker {
    /// protoc's `ValidateExtensionRangeOptions` for every message of the file, and
    /// `CheckExtensionDeclaration` for every extension.
    pub(super) fn check_declarations(&mut self) {
        let own = of_file(&self.proto);
        let mut pending: Vec<(Vec<i32>, At, String)> = Vec::new();
        let mut full_names: FxMap<String, ()> = FxMap::default();
        fn ranges(
            m: &DescriptorProto,
            path: Vec<i32>,
            scope: &str,
            own: &FxMap<Box<str>, Vec<RangeDeclarations>>,
            full_names: &mut FxMap<String, ()>,
            pending: &mut Vec<(Vec<i32>, At, String)>,
        ) {
            let name = join(scope, m.name());
            if let Some(decls) = own.get(name.as_str()) {
                full_names.clear();
                let mut index = 0;
                for (i, r) in m.extension_range.iter().enumerate() {
                    if r.options.is_none() {
                        continue;
                    }
                    let Some(range) = decls.get(index) else {
                        break;
                    };
                    index += 1;
                    let at = [&path[..], &[5, i as i32]].concat();
                    if range.declarations.is_empty() {
                        continue;
                    }
                    if range.verification == Some(UNVERIFIED) {
                        pending.push((
                            at,
                            At::Nowhere,
                            "Cannot mark the extension range as UNVERIFIED when it has \
                             extension(s) declared."
                                .into(),
                        ));
                        return;
                    }
                    let mut numbers = Vec::new();
                    for d in &range.declarations {
                        let n = d.number.unwrap_or(0);
                        if n < range.start || n >= range.end {
                            pending.push((
                                at.clone(),
                                At::Part(1),
                                format!("Extension declaration number {n} is not in the extension range."),
                            ));
                        }
                        if numbers.contains(&n) {
                            pending.push((
                                at.clone(),
                                At::Part(1),
                                format!(
                                    "Extension declaration number {n} is declared multiple times."
                                ),
                            ));
                        }
                        numbers.push(n);
                        if let Some(full) = &d.full_name {
                            if !full.starts_with('.') {
                                pending.push((
                                    at.clone(),
                                    At::Nowhere,
                                    format!(
                                        "\"{full}\" must have a leading dot to indicate the \
                                         fully-qualified scope."
                                    ),
                                ));
                            }
                        }
                        if let Some(ty) = &d.ty {
                            if !is_scalar_name(ty) && !ty.starts_with('.') {
                                pending.push((
                                    at.clone(),
                                    At::Nowhere,
                                    format!(
                                        "\"{ty}\" must have a leading dot to indicate the \
                                         fully-qualified scope."
                                    ),
                                ));
                            }
                        }
                        match (&d.full_name, &d.ty) {
                            (Some(full), Some(_)) => {
                                if full_names.insert(full.clone(), ()).is_some() {
                                    pending.push((
                                        at.clone(),
                                        At::Nowhere,
                                        format!(
                                            "Extension field name \"{full}\" is declared multiple times."
                                        ),
                                    ));
                                    return;
                                }
                            }
                            (f, t) => {
                                if f.is_some() != t.is_some() || !d.reserved {
                                    pending.push((
                                        at.clone(),
                                        At::Nowhere,
                                        format!(
                                            "Extension declaration #{n} should have both \"full_name\" and \"type\" set."
                                        ),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            for (i, n) in m.nested_type.iter().enumerate() {
                ranges(
                    n,
                    [&path[..], &[3, i as i32]].concat(),
                    &name,
                    own,
                    full_names,
                    pending,
                );
            }
        }
        let package = self.proto.package().to_string();
        if !own.is_empty() {
            for (i, m) in self.proto.message_type.iter().enumerate() {
                ranges(
                    m,
                    vec![4, i as i32],
                    &package,
                    &own,
                    &mut full_names,
                    &mut pending,
                );
            }
        }

        // Extensions against their extendee's declarations.
        let mut extensions: Vec<(Vec<i32>, &FieldDescriptorProto, String)> = Vec::new();
        fn collect<'p>(
            m: &'p DescriptorProto,
            path: Vec<i32>,
            scope: &str,
            out: &mut Vec<(Vec<i32>, &'p FieldDescriptorProto, String)>,
        ) {
            let name = join(scope, m.name());
            for (i, f) in m.extension.iter().enumerate() {
                out.push((
                    [&path[..], &[6, i as i32]].concat(),
                    f,
                    join(&name, f.name()),
                ));
            }
            for (i, n) in m.nested_type.iter().enumerate() {
                collect(n, [&path[..], &[3, i as i32]].concat(), &name, out);
            }
        }
        for (i, f) in self.proto.extension.iter().enumerate() {
            extensions.push((vec![7, i as i32], f, join(&package, f.name())));
        }
        for (i, m) in self.proto.message_type.iter().enumerate() {
            collect(m, vec![4, i as i32], &package, &mut extensions);
        }
        for (path, f, full_name) in extensions {
            let Some(extendee) = f.extendee.as_deref().and_then(|e| e.strip_prefix('.')) else {
                continue;
            };
            let imported;
            let decls = match own.get(extendee) {
                Some(d) => d,
                None => {
                    imported = self.find_imported(&[Table::Declarations], extendee, |d| {
                        d.declarations.contains_key(extendee)
                    });
                    match imported.as_ref().and_then(|d| d.declarations.get(extendee)) {
                        Some(d) => d,
                        None => continue,
                    }
                }
            };
            let n = f.number();
            let Some(range) = decls.iter().find(|r| r.start <= n && n < r.end) else {
                continue;
            };
            let at = (path.clone(), At::Part(2));
            match range.declarations.iter().find(|d| d.number == Some(n)) {
                Some(d) if d.reserved => pending.push((
                    at.0,
                    at.1,
                    format!(
                        "Cannot use number {n} for extension field {full_name}, as it is reserved \
                         in the extension declarations for message {extendee}."
                    ),
                )),
                Some(d) => {
                    if let Some(expected) = &d.ty {
                        let actual = match f.r#type {
                            Some(11) | Some(14) | Some(10) => f.type_name().to_string(),
                            t => scalar_name(t.unwrap_or(0)).to_string(),
                        };
                        let expected = if is_scalar_name(expected) || expected.starts_with('.') {
                            expected.clone()
                        } else {
                            format!(".{expected}")
                        };
                        if expected != actual {
                            pending.push((
                                at.0.clone(),
                                at.1,
                                format!(
                                    "\"{extendee}\" extension field {n} is expected to be type \
                                     \"{expected}\", not \"{actual}\"."
                                ),
                            ));
                        }
                    }
                    if let Some(expected) = &d.full_name {
                        let actual = format!(".{full_name}");
                        if *expected != actual {
                            pending.push((
                                at.0.clone(),
                                at.1,
                                format!(
                                    "\"{extendee}\" extension field {n} is expected to have field \
                                     name \"{expected}\", not \"{actual}\"."
                                ),
                            ));
                        }
                    }
                    if d.repeated != (f.label == Some(3)) {
                        pending.push((
                            at.0,
                            at.1,
                            format!(
                                "\"{extendee}\" extension field {n} is expected to be {}.",
                                if d.repeated { "repeated" } else { "optional" }
                            ),
                        ));
                    }
                }
                None => {
                    if !range.declarations.is_empty()
                        || range.verification == Some(DECLARATION_STATE)
                    {
                        // At the extendee, which protoc only has a position for on the
                        // first extension of an `extend` block.
                        pending.push((
                            at.0,
                            at.1,
                            format!(
                                "Missing extension declaration for field {full_name} with number \
                                 {n} in extendee message {extendee}. An extension range must \
                                 declare for all extension fields if its verification state is \
                                 DECLARATION or there's any declaration in the range already. \
                                 Otherwise, consider splitting up the range."
                            ),
                        ));
                    }
                }
            }
        }
        for (path, at, message) in pending {
            self.error(&path, at, message);
        }
    }
}

fn scalar_name(t: i32) -> &'static str {
    match t {
        1 => "double",
        2 => "float",
        3 => "int64",
        4 => "uint64",
        5 => "int32",
        6 => "fixed64",
        7 => "fixed32",
        8 => "bool",
        9 => "string",
        10 => "group",
        11 => "message",
        12 => "bytes",
        13 => "uint32",
        14 => "enum",
        15 => "sfixed32",
        16 => "sfixed64",
        17 => "sint32",
        18 => "sint64",
        _ => "",
    }
}

fn is_scalar_name(s: &str) -> bool {
    (1..=18).any(|t| t != 10 && t != 11 && t != 14 && scalar_name(t) == s)
}
