//! Lint and breaking configuration, as `buf.yaml` (v1beta1, v1, v2) and `buf.work.yaml`
//! express it, read exactly as buf 1.75.0 reads them: the same keys per version, the same
//! defaults, the same errors (with buf's texts, plus the file, line and column).
//!
//! Entry points: [`load_workspace`] (a directory), [`find_workspace`] (the workspace around an
//! input directory, as `buf lint DIR` finds it), [`parse_buf_yaml`] (one file's text) and
//! [`load_config_arg`] (the `--config` flag).

use std::collections::BTreeMap;

mod buf_yaml;
mod paths;
mod yaml;

/// The `breaking` block of one module (defined with the breaking-change rules; `use_ids`
/// empty means `FILE`).
pub use crate::breaking::BreakingConfig;
pub use buf_yaml::{
    find_workspace, load_config_arg, load_workspace, parse_buf_yaml, ConfigError, ModuleConfig,
    Workspace,
};

/// A `buf.yaml` `version`. Rule categories and defaults differ between them (see
/// [`crate::lint::registry`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub enum ConfigVersion {
    /// `version: v1beta1`.
    V1Beta1,
    /// `version: v1`.
    V1,
    /// `version: v2`. (With no `buf.yaml` at all buf 1.75.0 lints with v1's rules and
    /// without comment ignores, whatever its docs say: see [`load_workspace`].)
    #[default]
    V2,
}

impl ConfigVersion {
    /// Parses `v1beta1`, `v1` or `v2`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "v1beta1" => Some(ConfigVersion::V1Beta1),
            "v1" => Some(ConfigVersion::V1),
            "v2" => Some(ConfigVersion::V2),
            _ => None,
        }
    }

    /// The name as written in `buf.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigVersion::V1Beta1 => "v1beta1",
            ConfigVersion::V1 => "v1",
            ConfigVersion::V2 => "v2",
        }
    }
}

/// The `lint` block of one module, resolved to what the engine needs.
///
/// Paths in `ignore` and `ignore_only` are relative to the module root (buf.yaml v1 and
/// v1beta1 write them that way; for v2 the parser strips the module's directory), and match a
/// file when they equal its name or are a directory prefix of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintConfig {
    /// The config version, which picks the rule categories and defaults.
    pub version: ConfigVersion,
    /// Rule IDs and categories to enable; empty means the version's default (`STANDARD`).
    pub use_ids: Vec<String>,
    /// Rule IDs and categories to disable after `use_ids`.
    pub except: Vec<String>,
    /// Paths (files or directories) no rule reports on.
    pub ignore: Vec<String>,
    /// Rule ID or category → paths that rule does not report on.
    pub ignore_only: BTreeMap<String, Vec<String>>,
    /// `enum_zero_value_suffix` (default `_UNSPECIFIED`).
    pub enum_zero_value_suffix: String,
    /// `rpc_allow_same_request_response`.
    pub rpc_allow_same_request_response: bool,
    /// `rpc_allow_google_protobuf_empty_requests`.
    pub rpc_allow_google_protobuf_empty_requests: bool,
    /// `rpc_allow_google_protobuf_empty_responses`.
    pub rpc_allow_google_protobuf_empty_responses: bool,
    /// `service_suffix` (default `Service`).
    pub service_suffix: String,
    /// Whether `// buf:lint:ignore` comments are honoured: v1's `allow_comment_ignores`
    /// (default false), v2's `!disallow_comment_ignores` (default true).
    pub allow_comment_ignores: bool,
    /// `disable_builtin` (v2): no builtin rules at all, only plugins'.
    pub disable_builtin: bool,
}

impl Default for LintConfig {
    /// The defaults of a `version: v2` `buf.yaml` with no `lint` block: `STANDARD`, comment
    /// ignores allowed. (A directory without `buf.yaml` gets
    /// `LintConfig::for_version(ConfigVersion::V1)` instead, as buf 1.75.0 does.)
    fn default() -> Self {
        LintConfig {
            version: ConfigVersion::V2,
            use_ids: Vec::new(),
            except: Vec::new(),
            ignore: Vec::new(),
            ignore_only: BTreeMap::new(),
            enum_zero_value_suffix: "_UNSPECIFIED".to_string(),
            rpc_allow_same_request_response: false,
            rpc_allow_google_protobuf_empty_requests: false,
            rpc_allow_google_protobuf_empty_responses: false,
            service_suffix: "Service".to_string(),
            allow_comment_ignores: true,
            disable_builtin: false,
        }
    }
}

impl LintConfig {
    /// The defaults of `version` (v1 and v1beta1 disallow comment ignores unless
    /// `allow_comment_ignores: true`).
    pub fn for_version(version: ConfigVersion) -> Self {
        LintConfig {
            version,
            allow_comment_ignores: version == ConfigVersion::V2,
            ..LintConfig::default()
        }
    }
}

/// Whether `pattern` (a config path, relative to the module root) covers file `name`: equal,
/// or a directory prefix of it (`foo` covers `foo/a.proto`, not `foobar/a.proto`). `.` covers
/// everything.
pub fn path_matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    if pattern.is_empty() || pattern == "." {
        return true;
    }
    name == pattern
        || (name.len() > pattern.len()
            && name.starts_with(pattern)
            && name.as_bytes()[pattern.len()] == b'/')
}
