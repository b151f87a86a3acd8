//! Generator options: the `KEY[=VALUE]` strings of `protokit generate --opt` (and of the
//! plugin's parameter), parsed into [`Options`].

use std::fmt;
use std::str::FromStr;

/// What to generate and how. Build one with [`Options::default`] and [`Options::set`] (or
/// [`Options::parse`]), or through [`crate::configure`] in a build script.
///
/// Keys (`PATH` is a fully-qualified proto name such as `.pkg.Msg.field`, `.pkg` or `.` for
/// everything, as in prost-build; a leading `.` is optional):
///
/// | key | value | effect |
/// |---|---|---|
/// | `no_client` / `no_server` | – | skip the `<service>_client` / `<service>_server` modules |
/// | `no_transport` | – | no `connect` constructor (for clients without `tonic/transport`) |
/// | `default_unimplemented` | – | server trait methods get a default body answering UNIMPLEMENTED |
/// | `client_trait` | – | a `<Service>ClientApi` trait per client, implemented by the client (for mocks) |
/// | `file_descriptor_set` | – | `mod.rs` embeds `FILE_DESCRIPTOR_SET` (encoded descriptors) for tonic-reflection |
/// | `codec_path` | Rust path | the codec type, default `::tonic_prost::ProstCodec` |
/// | `client_attribute`, `server_attribute`, `trait_attribute`, `client_mod_attribute`, `server_mod_attribute` | `PATH=ATTR` | an attribute on the client struct, server struct, server trait, client module, server module of matching services |
/// | `bytes`, `btree_map`, `boxed`, `disable_comments`, `skip_debug` | `PATH` (default `.`) | as prost-build's methods of the same name |
/// | `type_attribute`, `field_attribute`, `enum_attribute`, `message_attribute` | `PATH=ATTR` | as prost-build |
/// | `extern_path` | `PROTO_PATH=RUST_PATH` | as prost-build |
/// | `compile_well_known_types`, `enable_type_names` | – | as prost-build |
/// | `mod_file` | `true` (default), `false`, `only` | whether to write `mod.rs`: `false` writes only the package files, `only` only `mod.rs` (without generating any code) |
/// | `layout` | `package` (default), `directory` | where package code goes: `<package>.rs`, or `<dir>/<package>.rs` per directory of `.proto` files (see [`Layout`]) |
///
/// `mod_file` and `layout` exist for generators run once per directory or per target (buf's
/// `strategy: directory`, Bazel): each run writes its directories' files with
/// `mod_file=false,layout=directory`, and one run over everything writes `mod.rs` with
/// `mod_file=only,layout=directory`; together they are the files of one run with
/// `layout=directory`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `no_client`.
    pub no_client: bool,
    /// `no_server`.
    pub no_server: bool,
    /// `no_transport`.
    pub no_transport: bool,
    /// `default_unimplemented`.
    pub default_unimplemented: bool,
    /// `client_trait`.
    pub client_trait: bool,
    /// `file_descriptor_set`.
    pub file_descriptor_set: bool,
    /// `codec_path`, `None` for `::tonic_prost::ProstCodec`.
    pub codec_path: Option<String>,
    /// Service attributes (`client_attribute=PATH=ATTR`, …), in the order given.
    pub service_attributes: Vec<(ServiceAttribute, String, String)>,
    /// prost-build settings (`bytes`, `type_attribute`, …), in the order given.
    pub prost: Vec<(ProstOption, String, String)>,
    /// `compile_well_known_types`.
    pub compile_well_known_types: bool,
    /// `enable_type_names`.
    pub enable_type_names: bool,
    /// `mod_file`.
    pub mod_file: ModFile,
    /// `layout`.
    pub layout: Layout,
}

/// Whether a run writes `mod.rs` (option `mod_file`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ModFile {
    /// `mod_file=true` (the default): `mod.rs` and the package files.
    #[default]
    Write,
    /// `mod_file=false`: the package files only.
    Skip,
    /// `mod_file=only`: `mod.rs` only. No code is generated, so this is cheap; `mod.rs`
    /// includes the files a run without it would write for the same files to generate.
    Only,
}

/// Where each package's code goes (option `layout`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// `layout=package` (the default): one `<package>.rs` per package (`_.rs` without a
    /// package), next to `mod.rs`.
    #[default]
    Package,
    /// `layout=directory`: one `<dir>/<package>.rs` per directory and package, `<dir>` being
    /// the directory of the `.proto` files in their import names (`acme/v1/shop.proto` →
    /// `acme/v1/acme.v1.rs`); files at the root go to `<package>.rs`. `mod.rs` includes
    /// every file of a package in that package's module, so a package spread over several
    /// directories is still one Rust module, and separate runs per directory write disjoint
    /// files.
    Directory,
}

/// Where a `*_attribute` option puts its attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceAttribute {
    /// `client_attribute`: on the client struct.
    Client,
    /// `server_attribute`: on the server struct.
    Server,
    /// `trait_attribute`: on the server trait.
    Trait,
    /// `client_mod_attribute`: on the client module.
    ClientMod,
    /// `server_mod_attribute`: on the server module.
    ServerMod,
}

/// A prost-build setting taking a path (and for some an attribute or Rust path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProstOption {
    /// `bytes=PATH`.
    Bytes,
    /// `btree_map=PATH`.
    BTreeMap,
    /// `boxed=PATH`.
    Boxed,
    /// `type_attribute=PATH=ATTR`.
    TypeAttribute,
    /// `field_attribute=PATH=ATTR`.
    FieldAttribute,
    /// `enum_attribute=PATH=ATTR`.
    EnumAttribute,
    /// `message_attribute=PATH=ATTR`.
    MessageAttribute,
    /// `extern_path=PROTO=RUST`.
    ExternPath,
    /// `disable_comments=PATH`.
    DisableComments,
    /// `skip_debug=PATH`.
    SkipDebug,
}

/// An option string that could not be used: an unknown key, a missing or unexpected value,
/// or an attribute that is not Rust syntax. The message names the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    message: String,
}

impl OptionError {
    fn new(message: impl Into<String>) -> Self {
        OptionError {
            message: message.into(),
        }
    }

    /// The message, e.g. `unknown option "no_clint"`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OptionError {}

/// All option keys, in the order of the table in [`Options`].
pub const KEYS: &[&str] = &[
    "no_client",
    "no_server",
    "no_transport",
    "default_unimplemented",
    "client_trait",
    "file_descriptor_set",
    "codec_path",
    "client_attribute",
    "server_attribute",
    "trait_attribute",
    "client_mod_attribute",
    "server_mod_attribute",
    "bytes",
    "btree_map",
    "boxed",
    "type_attribute",
    "field_attribute",
    "enum_attribute",
    "message_attribute",
    "extern_path",
    "compile_well_known_types",
    "enable_type_names",
    "disable_comments",
    "skip_debug",
    "mod_file",
    "layout",
];

impl Options {
    /// Options from `KEY[=VALUE]` strings, applied in order (see [`Options::set`]).
    ///
    /// # Errors
    /// The first string that [`Options::set`] rejects.
    pub fn parse<S: AsRef<str>>(options: &[S]) -> Result<Options, OptionError> {
        let mut o = Options::default();
        for s in options {
            o.set(s.as_ref())?;
        }
        Ok(o)
    }

    /// Options from a protoc plugin parameter (`--rust_opt=a,b=c`): `KEY[=VALUE]` items
    /// separated by commas, except commas inside brackets, parentheses, braces or quotes
    /// (`type_attribute=.p=#[derive(Eq, Hash)],no_server` is two items).
    ///
    /// # Errors
    /// As [`Options::parse`].
    pub fn parse_parameter(parameter: &str) -> Result<Options, OptionError> {
        let mut items = Vec::new();
        let (mut depth, mut quoted, mut start) = (0i32, false, 0);
        let mut chars = parameter.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if quoted => {
                    chars.next();
                }
                '"' => quoted = !quoted,
                '[' | '(' | '{' if !quoted => depth += 1,
                ']' | ')' | '}' if !quoted => depth -= 1,
                ',' if !quoted && depth <= 0 => {
                    items.push(&parameter[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&parameter[start..]);
        let items: Vec<&str> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
        Options::parse(&items)
    }

    /// Applies one `KEY[=VALUE]` string: flags take no value (`no_client`; `=true`/`=false`
    /// also accepted), path options take `PATH` (default `.`), attribute options `PATH=ATTR`.
    ///
    /// # Errors
    /// An unknown key (`unknown option "x"`), a value where none is allowed, a missing one,
    /// or an attribute (or codec path) that does not parse as Rust.
    pub fn set(&mut self, option: &str) -> Result<(), OptionError> {
        let (key, value) = match option.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (option.trim(), None),
        };
        let flag = |value: Option<&str>| -> Result<bool, OptionError> {
            match value {
                None | Some("true") => Ok(true),
                Some("false") => Ok(false),
                Some(v) => Err(OptionError::new(format!(
                    "option \"{key}\" takes no value (got \"{v}\")"
                ))),
            }
        };
        let path_attr = |value: Option<&str>| -> Result<(String, String), OptionError> {
            let v = value.ok_or_else(|| {
                OptionError::new(format!("option \"{key}\" needs a value: {key}=PATH=VALUE"))
            })?;
            let (p, a) = v.split_once('=').ok_or_else(|| {
                OptionError::new(format!(
                    "option \"{key}\" needs a path and a value: {key}=PATH=VALUE (got \"{v}\")"
                ))
            })?;
            Ok((p.trim().to_string(), a.trim().to_string()))
        };
        let attribute = |attr: &str| -> Result<(), OptionError> {
            proc_macro2::TokenStream::from_str(attr)
                .ok()
                .and_then(|t| syn::parse2::<AttrList>(t).ok())
                .map(|_| ())
                .ok_or_else(|| {
                    OptionError::new(format!(
                        "option \"{key}\": \"{attr}\" is not a Rust attribute such as #[derive(Hash)]"
                    ))
                })
        };
        let service_attr = |which| -> Result<(ServiceAttribute, String, String), OptionError> {
            let (p, a) = path_attr(value)?;
            attribute(&a)?;
            Ok((which, p, a))
        };
        match key {
            "no_client" => self.no_client = flag(value)?,
            "no_server" => self.no_server = flag(value)?,
            "no_transport" => self.no_transport = flag(value)?,
            "default_unimplemented" => self.default_unimplemented = flag(value)?,
            "client_trait" => self.client_trait = flag(value)?,
            "file_descriptor_set" => self.file_descriptor_set = flag(value)?,
            "compile_well_known_types" => self.compile_well_known_types = flag(value)?,
            "enable_type_names" => self.enable_type_names = flag(value)?,
            "mod_file" => {
                self.mod_file = match value {
                    None | Some("true") => ModFile::Write,
                    Some("false") => ModFile::Skip,
                    Some("only") => ModFile::Only,
                    Some(v) => {
                        return Err(OptionError::new(format!(
                            "option \"mod_file\" is true, false or only (got \"{v}\")"
                        )))
                    }
                }
            }
            "layout" => {
                self.layout =
                    match value {
                        Some("package") => Layout::Package,
                        Some("directory") => Layout::Directory,
                        Some(v) => {
                            return Err(OptionError::new(format!(
                                "option \"layout\" is package or directory (got \"{v}\")"
                            )))
                        }
                        None => return Err(OptionError::new(
                            "option \"layout\" needs a value: layout=package or layout=directory",
                        )),
                    }
            }
            "codec_path" => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(|| {
                    OptionError::new("option \"codec_path\" needs a Rust path: codec_path=PATH")
                })?;
                if syn::parse_str::<syn::Path>(v).is_err() {
                    return Err(OptionError::new(format!(
                        "option \"codec_path\": \"{v}\" is not a Rust path"
                    )));
                }
                self.codec_path = Some(v.to_string());
            }
            "client_attribute" => self
                .service_attributes
                .push(service_attr(ServiceAttribute::Client)?),
            "server_attribute" => self
                .service_attributes
                .push(service_attr(ServiceAttribute::Server)?),
            "trait_attribute" => self
                .service_attributes
                .push(service_attr(ServiceAttribute::Trait)?),
            "client_mod_attribute" => self
                .service_attributes
                .push(service_attr(ServiceAttribute::ClientMod)?),
            "server_mod_attribute" => self
                .service_attributes
                .push(service_attr(ServiceAttribute::ServerMod)?),
            "bytes" | "btree_map" | "boxed" | "disable_comments" | "skip_debug" => {
                let which = match key {
                    "bytes" => ProstOption::Bytes,
                    "btree_map" => ProstOption::BTreeMap,
                    "boxed" => ProstOption::Boxed,
                    "disable_comments" => ProstOption::DisableComments,
                    _ => ProstOption::SkipDebug,
                };
                let p = value.filter(|v| !v.is_empty()).unwrap_or(".");
                self.prost.push((which, p.to_string(), String::new()));
            }
            "type_attribute" | "field_attribute" | "enum_attribute" | "message_attribute" => {
                let which = match key {
                    "type_attribute" => ProstOption::TypeAttribute,
                    "field_attribute" => ProstOption::FieldAttribute,
                    "enum_attribute" => ProstOption::EnumAttribute,
                    _ => ProstOption::MessageAttribute,
                };
                let (p, a) = path_attr(value)?;
                attribute(&a)?;
                self.prost.push((which, p, a));
            }
            "extern_path" => {
                let (p, r) = path_attr(value)?;
                if syn::parse_str::<syn::Path>(&r).is_err() {
                    return Err(OptionError::new(format!(
                        "option \"extern_path\": \"{r}\" is not a Rust path"
                    )));
                }
                self.prost.push((ProstOption::ExternPath, p, r));
            }
            _ => {
                return Err(OptionError::new(format!(
                    "unknown option \"{key}\" (known options: {})",
                    KEYS.join(", ")
                )))
            }
        }
        Ok(())
    }

    /// The attributes of `which` for the service with fully-qualified name `full_name`
    /// (`pkg.Service`), as Rust tokens.
    pub(crate) fn service_attrs(
        &self,
        which: ServiceAttribute,
        full_name: &str,
    ) -> proc_macro2::TokenStream {
        self.service_attributes
            .iter()
            .filter(|(w, p, _)| *w == which && path_matches(p, full_name))
            .filter_map(|(_, _, a)| proc_macro2::TokenStream::from_str(a).ok())
            .collect()
    }
}

/// Whether option path `pattern` selects the element named `full_name` (without a leading
/// dot): `.` selects everything, `.a.b` selects `a.b` and everything inside it, and a path
/// without a leading dot also matches as a suffix (`Service` selects `pkg.Service`), as
/// prost-build's paths do.
pub(crate) fn path_matches(pattern: &str, full_name: &str) -> bool {
    if pattern == "." || pattern.is_empty() {
        return true;
    }
    if let Some(abs) = pattern.strip_prefix('.') {
        return full_name == abs
            || full_name
                .strip_prefix(abs)
                .is_some_and(|rest| rest.starts_with('.'));
    }
    full_name == pattern
        || full_name
            .strip_suffix(pattern)
            .is_some_and(|rest| rest.ends_with('.'))
        || path_matches(&format!(".{pattern}"), full_name)
}

/// Zero or more outer attributes (`#[a] #[b]`), for validating attribute options.
struct AttrList;

impl syn::parse::Parse for AttrList {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        if attrs.is_empty() || !input.is_empty() {
            return Err(input.error("expected attributes"));
        }
        Ok(AttrList)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags_paths_and_attributes() {
        let o = Options::parse(&[
            "no_client",
            "bytes",
            "btree_map=.pkg.Msg",
            "type_attribute=.pkg=#[derive(Hash)]",
            "server_attribute=Greeter=#[allow(dead_code)]",
            "codec_path=::my::Codec",
        ])
        .unwrap();
        assert!(o.no_client && !o.no_server);
        assert_eq!(o.prost[0], (ProstOption::Bytes, ".".into(), String::new()));
        assert_eq!(o.prost[1].1, ".pkg.Msg");
        assert_eq!(o.prost[2].2, "#[derive(Hash)]");
        assert_eq!(o.codec_path.as_deref(), Some("::my::Codec"));
        assert!(!o
            .service_attrs(ServiceAttribute::Server, "pkg.Greeter")
            .is_empty());
        assert!(o
            .service_attrs(ServiceAttribute::Server, "pkg.Greeter2")
            .is_empty());
    }

    #[test]
    fn rejects_bad_options() {
        let e = Options::parse(&["no_clint"]).unwrap_err();
        assert!(
            e.message().starts_with("unknown option \"no_clint\""),
            "{e}"
        );
        let e = Options::parse(&["no_client=yes"]).unwrap_err();
        assert!(e.message().contains("takes no value"), "{e}");
        let e = Options::parse(&["type_attribute=.a"]).unwrap_err();
        assert!(e.message().contains("PATH=VALUE"), "{e}");
        let e = Options::parse(&["type_attribute=.a=derive(Hash)"]).unwrap_err();
        assert!(e.message().contains("not a Rust attribute"), "{e}");
        assert!(Options::parse(&["codec_path=1 2"]).is_err());
        let e = Options::parse(&["mod_file=maybe"]).unwrap_err();
        assert!(e.message().starts_with("option \"mod_file\""), "{e}");
        let e = Options::parse(&["layout=flat"]).unwrap_err();
        assert!(e.message().starts_with("option \"layout\""), "{e}");
        assert!(Options::parse(&["layout"]).is_err());
    }

    #[test]
    fn mod_file_and_layout() {
        let o = Options::parse(&["mod_file=only", "layout=directory"]).unwrap();
        assert_eq!((o.mod_file, o.layout), (ModFile::Only, Layout::Directory));
        let o = Options::parse(&["mod_file=false", "layout=package"]).unwrap();
        assert_eq!((o.mod_file, o.layout), (ModFile::Skip, Layout::Package));
        assert_eq!(
            Options::parse(&["mod_file"]).unwrap().mod_file,
            ModFile::Write
        );
        assert_eq!(Options::default().mod_file, ModFile::Write);
    }

    #[test]
    fn plugin_parameters_split_outside_brackets() {
        let o = Options::parse_parameter(
            "type_attribute=.p=#[derive(Eq, Hash)],no_server,field_attribute=.p.M.f=#[doc = \"a, b\"]",
        )
        .unwrap();
        assert!(o.no_server);
        assert_eq!(o.prost[0].2, "#[derive(Eq, Hash)]");
        assert_eq!(o.prost[1].2, "#[doc = \"a, b\"]");
        assert_eq!(Options::parse_parameter("").unwrap(), Options::default());
        assert!(Options::parse_parameter("no_server,bogus").is_err());
    }

    #[test]
    fn path_matching() {
        assert!(path_matches(".", "a.B"));
        assert!(path_matches(".a", "a.B"));
        assert!(!path_matches(".a", "ab.B"));
        assert!(path_matches("B", "a.B"));
        assert!(path_matches("a.B", "a.B"));
        assert!(!path_matches("B", "a.AB"));
    }
}
