//! Option interpretation, as protoc's `DescriptorBuilder::OptionInterpreter` does it.
//!
//! Lowering leaves every `option` statement and `[…]` compact option of a file in
//! [`Options::uninterpreted`]; [`interpret_file_options`] turns them into the encoded options
//! messages protoc writes, reports protoc's errors, and rewrites the source locations of the
//! statements to the paths of the options they set.
//!
//! What protoc does, and so what this does:
//! - Options are interpreted in two passes over the file: first every statement whose name
//!   starts with a plain field (builtin options, `features.…`), then every statement whose
//!   name starts with an extension (`(foo)…`). An error in the first pass skips the second.
//!   Within one element, the first error stops the rest of that element's statements.
//! - Each statement becomes one encoded record (`(foo).a.b = 1` is `foo { a { b: 1 } }`);
//!   a statement whose leaf field is not repeated is rejected when an earlier statement of the
//!   element already wrote that leaf along the same path ("was already set").
//! - Aggregate values (`{ … }`) are parsed as text format into a dynamic message of the
//!   option's type and serialized.
//! - Before writing a descriptor set, protoc re-reads each options message with every type and
//!   extension of the compilation known and serializes it again. The result is canonical:
//!   fields and extensions by number, repeated occurrences of a message option merged into
//!   one, repeated scalars packed or not as their field says, defaults of fields without
//!   presence dropped. [`Options::encoded`] holds exactly those bytes.
//! - `SourceCodeInfo`: the location of statement `i` of an element (path `[…, 999, i]`)
//!   takes the path of what it set (`[…, number, sub-number…]`, plus the index among the
//!   values of a repeated leaf), and locations nested in it that follow it are dropped.
//!
//! - Extensions of a `message_set_wire_format` message are written as MessageSet items, and a
//!   message literal may name such an item by its message type.
//!
//! Known differences: text-format errors that quote a token ("Expected integer, got: …")
//! spell numbers in decimal and strings double-quoted, since the literal's original spelling
//! is not kept (protoc quotes `0x10`, `1e5`, `'x'` as written); a hexadecimal integer given for
//! a float field in a literal is accepted (protoc: "Expect a decimal number"); literals nested
//! more than 100 deep are rejected here, where protoc crashes.
//!
//! [`Options::uninterpreted`]: crate::descriptor::Options::uninterpreted
//! [`Options::encoded`]: crate::descriptor::Options::encoded

pub(crate) mod dynamic;
pub(crate) mod literal;
pub(crate) mod schema;
pub(crate) mod source;
pub(crate) mod types;
pub(crate) mod wire;

#[cfg(test)]
mod tests;

use crate::link::FxMap as HashMap;
use std::sync::Arc;

use crate::descriptor::{FileDescriptorProto, OptionValue, Options, UninterpretedOption};
use crate::error::CompileError;

#[cfg(test)]
use schema::ListSchema;
pub(crate) use schema::OptionSchema;
use schema::SymbolIndex;

use dynamic::Val;
use schema::{join, parent_scope, Symbol};
use types::{ty, FieldInfo, Lookup, MessageInfo, Types};

/// Field number of `uninterpreted_option` in every options message; the parser records option
/// statements under it in source locations.
const UNINTERPRETED_OPTION: i32 = 999;

/// Interprets the options of `file` (linked: every type name fully qualified) in place.
///
/// `schema` describes the other files of the compilation as seen from `file` (see
/// [`OptionSchema`]); `file` itself is indexed here. On success, every
/// [`Options::uninterpreted`](crate::descriptor::Options::uninterpreted) list is empty, every
/// [`Options::encoded`](crate::descriptor::Options::encoded) holds protoc's bytes, and the
/// option locations in `locations` carry interpreted paths.
///
/// On error, the errors are returned (protoc's messages, at the option's name or value; at
/// most one per element, as protoc stops at an element's first bad statement, and none from
/// the extension pass when the builtin pass failed). The uninterpreted options are put back
/// and `locations` is unchanged, but `encoded` may already hold the builtin pass's results:
/// the file is not fit for output, as with protoc, which writes nothing then.
///
/// protoc interprets options only when the file had no earlier error; callers should do the
/// same. Never panics.
pub(crate) fn interpret_file_options(
    file: &mut FileDescriptorProto,
    locations: &mut impl source::OptionLocations,
    file_name: &str,
    schema: &dyn OptionSchema,
) -> Vec<CompileError> {
    let mut jobs = Vec::new();
    visit_options(file, &mut |path, kind, scope, options| {
        if let Some(o) = options.as_mut() {
            if !o.uninterpreted.is_empty() {
                jobs.push(Job {
                    path: path.to_vec(),
                    kind,
                    scope: scope.to_string(),
                    uninterpreted: std::mem::take(&mut o.uninterpreted),
                    encoded: o.encoded.clone(),
                    as_written: None,
                    records: Vec::new(),
                    pass_records: Vec::new(),
                });
            }
        }
    });
    if jobs.is_empty() {
        return Vec::new();
    }

    let mut errors = Vec::new();
    let mut paths = PathMap::default();
    // The file's own symbols, indexed once for both passes (unbound from the file while the
    // first pass's options are written back).
    let mut index: Option<SymbolIndex<'static>> = None;
    let mut known = types::Known::default();
    for pass in [Pass::Fields, Pass::Extensions] {
        let needed = jobs
            .iter()
            .any(|j| j.uninterpreted.iter().any(|o| Pass::of(o) == pass));
        if !needed {
            continue;
        }
        {
            let local = match index.take() {
                Some(index) => index.rebind(&[&*file]),
                None => SymbolIndex::new(&[&*file]),
            };
            let types = Types::with_known(local, schema, std::mem::take(&mut known));
            for job in &mut jobs {
                job.pass_records.clear();
                let mut ok = true;
                let statements = std::mem::take(&mut job.uninterpreted);
                for (i, opt) in statements.iter().enumerate() {
                    if Pass::of(opt) != pass {
                        continue;
                    }
                    if let Err(e) = interpret_one(&types, job, opt, i, &mut paths) {
                        errors.push(CompileError::new(file_name, e.span, e.message));
                        ok = false;
                        break;
                    }
                }
                job.uninterpreted = statements;
                if ok && !job.pass_records.is_empty() {
                    let mut bytes = std::mem::take(&mut job.encoded);
                    bytes.extend_from_slice(&job.pass_records);
                    job.encoded = dynamic::canonicalize(&types, job.kind.type_name(), &bytes);
                    // protoc re-reads custom options only when it writes without them kept.
                    if pass == Pass::Extensions && bytes != job.encoded {
                        job.as_written = Some(bytes);
                    }
                }
            }
            let (local, learnt) = types.into_parts();
            index = Some(local.rebind(&[]));
            known = learnt;
        }
        if !errors.is_empty() {
            restore(file, jobs);
            return errors;
        }
        write_back(file, &jobs);
    }
    locations.update(&paths.interpreted);
    errors
}

/// Puts the uninterpreted options back, after an error.
fn restore(file: &mut FileDescriptorProto, jobs: Vec<Job>) {
    let mut by_path: HashMap<Vec<i32>, Job> =
        jobs.into_iter().map(|j| (j.path.clone(), j)).collect();
    visit_options(file, &mut |path, _, _, options| {
        if let (Some(o), Some(job)) = (options.as_mut(), by_path.remove(path)) {
            o.uninterpreted = job.uninterpreted;
        }
    });
}

fn write_back(file: &mut FileDescriptorProto, jobs: &[Job]) {
    let by_path: HashMap<&[i32], &Job> = jobs.iter().map(|j| (j.path.as_slice(), j)).collect();
    visit_options(file, &mut |path, _, _, options| {
        if let (Some(o), Some(job)) = (options.as_mut(), by_path.get(path)) {
            o.encoded.clone_from(&job.encoded);
            o.as_written.clone_from(&job.as_written);
        }
    });
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pass {
    /// Statements whose name starts with a plain field.
    Fields,
    /// Statements whose name starts with an extension.
    Extensions,
}

impl Pass {
    /// The pass that interprets `opt`. protoc's first pass defers statements it cannot name
    /// (no name, or the reserved `uninterpreted_option`) to the second, which reports them.
    fn of(opt: &UninterpretedOption) -> Pass {
        match opt.name.first() {
            Some(first) if !first.is_extension && first.name != "uninterpreted_option" => {
                Pass::Fields
            }
            _ => Pass::Extensions,
        }
    }
}

/// The kinds of options messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    File,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    ExtensionRange,
    Service,
    Method,
}

impl Kind {
    /// The options message's full name.
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            Kind::File => "google.protobuf.FileOptions",
            Kind::Message => "google.protobuf.MessageOptions",
            Kind::Field => "google.protobuf.FieldOptions",
            Kind::Oneof => "google.protobuf.OneofOptions",
            Kind::Enum => "google.protobuf.EnumOptions",
            Kind::EnumValue => "google.protobuf.EnumValueOptions",
            Kind::ExtensionRange => "google.protobuf.ExtensionRangeOptions",
            Kind::Service => "google.protobuf.ServiceOptions",
            Kind::Method => "google.protobuf.MethodOptions",
        }
    }
}

/// The options of one element and the state of their interpretation.
struct Job {
    /// Path of the options field (e.g. `[4, 0, 2, 1, 8]`).
    path: Vec<i32>,
    kind: Kind,
    /// protoc's `name_scope`: names in options resolve from its parent scope outward.
    scope: String,
    uninterpreted: Vec<UninterpretedOption>,
    /// The options message so far.
    encoded: Vec<u8>,
    /// See [`Options::as_written`].
    as_written: Option<Vec<u8>>,
    /// Every record written by a statement, for "already set" checks.
    records: Vec<u8>,
    /// Records written in the current pass.
    pass_records: Vec<u8>,
}

#[derive(Default)]
struct PathMap {
    /// `[…, 999, i]` to the interpreted path.
    interpreted: HashMap<Vec<i32>, Vec<i32>>,
    /// Values written so far to each repeated option path (for the index in the path).
    repeated_counts: HashMap<Vec<i32>, i32>,
}

struct Failure {
    span: protokit_diagnostics::Span,
    message: String,
}

/// protoc's `InterpretSingleOption`.
fn interpret_one(
    types: &Types<'_>,
    job: &mut Job,
    opt: &UninterpretedOption,
    index: usize,
    paths: &mut PathMap,
) -> Result<(), Failure> {
    let name_error = |message: String| Failure {
        span: opt.name_span,
        message,
    };
    let Some(first) = opt.name.first() else {
        return Err(name_error("Option must have a name.".to_string()));
    };
    if first.name == "uninterpreted_option" {
        return Err(name_error(
            "Option must not use reserved name \"uninterpreted_option\".".to_string(),
        ));
    }

    types.note_used(job.kind.type_name());
    let Some(mut message) = types.message(job.kind.type_name()) else {
        return Ok(());
    };
    let mut debug = String::new();
    let mut fields: Vec<Arc<FieldInfo>> = Vec::with_capacity(opt.name.len());
    for (i, part) in opt.name.iter().enumerate() {
        if !debug.is_empty() {
            debug.push('.');
        }
        let field = if part.is_extension {
            debug.push('(');
            debug.push_str(&part.name);
            debug.push(')');
            match types.lookup_scoped(&part.name, &job.scope) {
                Lookup::Found(Symbol::Field(f)) => {
                    let extendee = if f.is_extension {
                        f.proto.extendee().trim_start_matches('.').to_string()
                    } else {
                        message_full_name(&f)
                    };
                    if extendee != message.full_name {
                        return Err(name_error(format!(
                            "Option field \"{debug}\" is not a field or extension of message \"{}\".",
                            message.name
                        )));
                    }
                    types.field_by_number(&message, f.proto.number())
                }
                Lookup::Undefined(resolved) => {
                    return Err(name_error(format!(
                        "Option \"{debug}\" is resolved to \"({resolved})\", which is not defined. \
                         The innermost scope is searched first in name resolution. Consider using \
                         a leading '.'(i.e., \"(.{}\") to start from the outermost scope.",
                        debug.get(1..).unwrap_or_default()
                    )));
                }
                _ => None,
            }
        } else {
            debug.push_str(&part.name);
            message.field_by_name(&part.name).cloned()
        };
        let Some(field) = field else {
            return Err(name_error(format!(
                "Option \"{debug}\" unknown. Ensure that your proto definition file imports the \
                 proto which defines the option (i.e. via import option after edition 2024)."
            )));
        };
        if i + 1 < opt.name.len() {
            if !field.is_message() {
                return Err(name_error(format!(
                    "Option \"{debug}\" is an atomic type, not a message."
                )));
            }
            if field.repeated {
                return Err(name_error(format!(
                    "Option field \"{debug}\" is a repeated message. Repeated message options \
                     must be initialized using an aggregate value."
                )));
            }
            message = match types.message(&field.type_name) {
                Some(m) => m,
                None => Arc::new(MessageInfo::empty()),
            };
        }
        fields.push(field);
    }
    let Some(leaf) = fields.pop() else {
        return Ok(());
    };

    if !leaf.repeated && already_set(&job.records, &fields, leaf.number) {
        return Err(name_error(format!("Option \"{debug}\" was already set.")));
    }

    let mut record = Vec::new();
    set_option_value(types, &leaf, opt, &mut record)?;
    for f in fields.iter().rev() {
        let mut outer = Vec::with_capacity(record.len() + 8);
        if f.ty == ty::GROUP {
            wire::put_tag(&mut outer, f.number, wire::START_GROUP);
            outer.extend_from_slice(&record);
            wire::put_tag(&mut outer, f.number, wire::END_GROUP);
        } else {
            wire::put_len(&mut outer, f.number, &record);
        }
        record = outer;
    }
    job.records.extend_from_slice(&record);
    job.pass_records.extend_from_slice(&record);

    let mut dest = job.path.clone();
    dest.extend(fields.iter().map(|f| f.number));
    dest.push(leaf.number);
    if leaf.repeated {
        let count = paths.repeated_counts.entry(dest.clone()).or_insert(0);
        let i = *count;
        *count += 1;
        dest.push(i);
    }
    let mut src = job.path.clone();
    src.push(UNINTERPRETED_OPTION);
    src.push(index as i32);
    paths.interpreted.insert(src, dest);
    Ok(())
}

/// The full name of the message containing non-extension field `f`.
fn message_full_name(f: &schema::FieldRef<'_>) -> String {
    parent_scope(&f.full_name).to_string()
}

/// protoc's `ExamineIfOptionIsSet`: whether `records` already hold field `leaf` inside the
/// messages along `path`.
fn already_set(records: &[u8], path: &[Arc<FieldInfo>], leaf: i32) -> bool {
    // Iterative: option names can be arbitrarily long.
    let mut level: Vec<&[u8]> = vec![records];
    for head in path {
        let mut next = Vec::new();
        for bytes in level {
            for r in wire::records(bytes).unwrap_or_default() {
                if r.number != head.number {
                    continue;
                }
                match (head.ty == ty::GROUP, r.value) {
                    (false, wire::WireValue::Len(b)) | (true, wire::WireValue::Group(b)) => {
                        next.push(b);
                    }
                    _ => {}
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        level = next;
    }
    level.iter().any(|bytes| {
        wire::records(bytes)
            .unwrap_or_default()
            .iter()
            .any(|r| r.number == leaf)
    })
}

/// protoc's `SetOptionValue`: checks the value against the field's type and writes its record.
fn set_option_value(
    types: &Types<'_>,
    f: &Arc<FieldInfo>,
    opt: &UninterpretedOption,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let value_error = |message: String| Failure {
        span: opt.value_span,
        message,
    };
    let full = &f.full_name;
    let v = &opt.value;
    let val = match f.ty {
        ty::INT32 | ty::SINT32 | ty::SFIXED32 => {
            let range = "-2147483648 to 2147483647";
            let n = match v {
                OptionValue::PositiveInt(n) if *n <= i32::MAX as u64 => *n as i32,
                OptionValue::NegativeInt(n) if *n >= i64::from(i32::MIN) => *n as i32,
                OptionValue::PositiveInt(_) | OptionValue::NegativeInt(_) => {
                    return Err(value_error(format!(
                        "Value out of range, {range}, for int32 option \"{full}\"."
                    )))
                }
                _ => {
                    return Err(value_error(format!(
                        "Value must be integer, from {range}, for int32 option \"{full}\"."
                    )))
                }
            };
            match f.ty {
                ty::INT32 => Val::Int(i64::from(n) as u64),
                ty::SINT32 => Val::Int(wire::zigzag32(n)),
                _ => Val::F32(n as u32),
            }
        }
        ty::INT64 | ty::SINT64 | ty::SFIXED64 => {
            let range = "-9223372036854775808 to 9223372036854775807";
            let n = match v {
                OptionValue::PositiveInt(n) if *n <= i64::MAX as u64 => *n as i64,
                OptionValue::NegativeInt(n) => *n,
                OptionValue::PositiveInt(_) => {
                    return Err(value_error(format!(
                        "Value out of range, {range}, for int64 option \"{full}\"."
                    )))
                }
                _ => {
                    return Err(value_error(format!(
                        "Value must be integer, from {range}, for int64 option \"{full}\"."
                    )))
                }
            };
            match f.ty {
                ty::INT64 => Val::Int(n as u64),
                ty::SINT64 => Val::Int(wire::zigzag64(n)),
                _ => Val::F64(n as u64),
            }
        }
        ty::UINT32 | ty::FIXED32 => {
            let range = "0 to 4294967295";
            let n = match v {
                OptionValue::PositiveInt(n) if *n <= u64::from(u32::MAX) => *n as u32,
                OptionValue::PositiveInt(_) => {
                    return Err(value_error(format!(
                        "Value out of range, {range}, for uint32 option \"{full}\"."
                    )))
                }
                _ => {
                    return Err(value_error(format!(
                        "Value must be integer, from {range}, for uint32 option \"{full}\"."
                    )))
                }
            };
            if f.ty == ty::UINT32 {
                Val::Int(u64::from(n))
            } else {
                Val::F32(n)
            }
        }
        ty::UINT64 | ty::FIXED64 => {
            let OptionValue::PositiveInt(n) = v else {
                return Err(value_error(format!(
                    "Value must be integer, from 0 to 18446744073709551615, for uint64 option \"{full}\"."
                )));
            };
            if f.ty == ty::UINT64 {
                Val::Int(*n)
            } else {
                Val::F64(*n)
            }
        }
        ty::FLOAT | ty::DOUBLE => {
            let float = f.ty == ty::FLOAT;
            let name = if float { "float" } else { "double" };
            // protoc converts integers straight to the field's type; the parser never keeps
            // the sign of a NaN.
            let bits64 = |d: f64| literal::double_bits(if d.is_nan() { f64::NAN } else { d });
            let bits32 = |d: f32| if d.is_nan() { 0x7fc0_0000 } else { d.to_bits() };
            match v {
                OptionValue::Double(d) if float => Val::F32(bits32(*d as f32)),
                OptionValue::Double(d) => Val::F64(bits64(*d)),
                OptionValue::PositiveInt(n) if float => Val::F32(bits32(*n as f32)),
                OptionValue::PositiveInt(n) => Val::F64(bits64(*n as f64)),
                OptionValue::NegativeInt(n) if float => Val::F32(bits32(*n as f32)),
                OptionValue::NegativeInt(n) => Val::F64(bits64(*n as f64)),
                OptionValue::Identifier(s) if s == "inf" || s == "nan" => {
                    let d = if s == "inf" { f64::INFINITY } else { f64::NAN };
                    if float {
                        Val::F32(bits32(d as f32))
                    } else {
                        Val::F64(bits64(d))
                    }
                }
                _ => {
                    return Err(value_error(format!(
                        "Value must be number for {name} option \"{full}\"."
                    )))
                }
            }
        }
        ty::BOOL => match v {
            OptionValue::Identifier(s) if s == "true" => Val::Int(1),
            OptionValue::Identifier(s) if s == "false" => Val::Int(0),
            OptionValue::Identifier(_) => {
                return Err(value_error(format!(
                    "Value must be \"true\" or \"false\" for boolean option \"{full}\"."
                )))
            }
            _ => {
                return Err(value_error(format!(
                    "Value must be identifier for boolean option \"{full}\"."
                )))
            }
        },
        ty::ENUM => {
            let OptionValue::Identifier(name) = v else {
                return Err(value_error(format!(
                    "Value must be identifier for enum-valued option \"{full}\"."
                )));
            };
            let enum_name = f.type_name.as_str();
            // Enum values are siblings of their enum in the name space.
            let value_name = join(parent_scope(enum_name), name);
            types.note_used(&value_name);
            match types.find_anywhere(&value_name) {
                Some(Symbol::EnumValue(e)) if e.full_name == enum_name => {
                    let number = e
                        .proto
                        .value
                        .iter()
                        .find(|v| v.name() == name)
                        .map_or(0, |v| v.number());
                    Val::Int(i64::from(number) as u64)
                }
                Some(Symbol::EnumValue(_)) => {
                    return Err(value_error(format!(
                        "Enum type \"{enum_name}\" has no value named \"{name}\" for option \
                         \"{full}\". This appears to be a value from a sibling type."
                    )))
                }
                _ => {
                    return Err(value_error(format!(
                        "Enum type \"{enum_name}\" has no value named \"{name}\" for option \"{full}\"."
                    )))
                }
            }
        }
        ty::STRING | ty::BYTES => match v {
            OptionValue::String(b) => Val::Bytes(b.clone()),
            _ => {
                return Err(value_error(format!(
                    "Value must be quoted string for string option \"{full}\"."
                )))
            }
        },
        ty::MESSAGE | ty::GROUP => {
            let OptionValue::Aggregate(lit) = v else {
                let name = &f.name;
                return Err(value_error(format!(
                    "Option \"{full}\" is a message. To set the entire message, use syntax like \
                     \"{name} = {{ <proto text format> }}\". To set fields within it, use syntax \
                     like \"{name}.foo = value\"."
                )));
            };
            let info = types
                .message(&f.type_name)
                .unwrap_or_else(|| Arc::new(MessageInfo::empty()));
            match literal::parse(types, info, lit) {
                Ok(m) => Val::Msg(m),
                Err(e) => {
                    return Err(value_error(format!(
                        "Error while parsing option value for \"{}\": {e}",
                        f.name
                    )))
                }
            }
        }
        _ => return Ok(()),
    };
    dynamic::put_value(out, f, &val);
    Ok(())
}

type Visitor<'v> = dyn FnMut(&[i32], Kind, &str, &mut Option<Options>) + 'v;

/// Calls `f` with every options field of the file: its path, kind, protoc's name scope for
/// names in it, and the field.
fn visit_options(file: &mut FileDescriptorProto, f: &mut Visitor<'_>) {
    let package = file.package.clone().unwrap_or_default();
    let mut path = vec![8];
    f(
        &path,
        Kind::File,
        &format!("{package}.dummy"),
        &mut file.options,
    );
    for (i, m) in file.message_type.iter_mut().enumerate() {
        path.clear();
        path.extend([4, i as i32]);
        visit_message(m, &package, &mut path, f);
    }
    for (i, e) in file.enum_type.iter_mut().enumerate() {
        path.clear();
        path.extend([5, i as i32]);
        visit_enum(e, &package, &mut path, f);
    }
    for (i, x) in file.extension.iter_mut().enumerate() {
        path.clear();
        path.extend([7, i as i32, 8]);
        f(
            &path,
            Kind::Field,
            &join(&package, x.name()),
            &mut x.options,
        );
    }
    for (i, s) in file.service.iter_mut().enumerate() {
        let sname = join(&package, s.name());
        path.clear();
        path.extend([6, i as i32, 3]);
        f(&path, Kind::Service, &sname, &mut s.options);
        for (j, m) in s.method.iter_mut().enumerate() {
            path.clear();
            path.extend([6, i as i32, 2, j as i32, 4]);
            f(&path, Kind::Method, &join(&sname, m.name()), &mut m.options);
        }
    }
}

fn visit_message(
    m: &mut crate::descriptor::DescriptorProto,
    scope: &str,
    path: &mut Vec<i32>,
    f: &mut Visitor<'_>,
) {
    let name = join(scope, m.name());
    let base = path.len();
    path.push(7);
    f(path, Kind::Message, &name, &mut m.options);
    path.truncate(base);
    for (i, x) in m.field.iter_mut().enumerate() {
        path.extend([2, i as i32, 8]);
        f(path, Kind::Field, &join(&name, x.name()), &mut x.options);
        path.truncate(base);
    }
    for (i, x) in m.nested_type.iter_mut().enumerate() {
        path.extend([3, i as i32]);
        visit_message(x, &name, path, f);
        path.truncate(base);
    }
    for (i, x) in m.enum_type.iter_mut().enumerate() {
        path.extend([4, i as i32]);
        visit_enum(x, &name, path, f);
        path.truncate(base);
    }
    for (i, x) in m.extension_range.iter_mut().enumerate() {
        path.extend([5, i as i32, 3]);
        f(path, Kind::ExtensionRange, &name, &mut x.options);
        path.truncate(base);
    }
    for (i, x) in m.extension.iter_mut().enumerate() {
        path.extend([6, i as i32, 8]);
        f(path, Kind::Field, &join(&name, x.name()), &mut x.options);
        path.truncate(base);
    }
    for (i, x) in m.oneof_decl.iter_mut().enumerate() {
        path.extend([8, i as i32, 2]);
        f(path, Kind::Oneof, &join(&name, x.name()), &mut x.options);
        path.truncate(base);
    }
}

fn visit_enum(
    e: &mut crate::descriptor::EnumDescriptorProto,
    scope: &str,
    path: &mut Vec<i32>,
    f: &mut Visitor<'_>,
) {
    let base = path.len();
    path.push(3);
    f(path, Kind::Enum, &join(scope, e.name()), &mut e.options);
    path.truncate(base);
    for (i, v) in e.value.iter_mut().enumerate() {
        path.extend([2, i as i32, 3]);
        // Enum values are siblings of their enum.
        f(
            path,
            Kind::EnumValue,
            &join(scope, v.name()),
            &mut v.options,
        );
        path.truncate(base);
    }
}
