//! The registry: every lint rule with its categories and defaults per config version.
//!
//! The table is buf 1.75.0's (`buf config ls-lint-rules --include-deprecated --version V`):
//! IDs, purposes and categories are facts users rely on in their `buf.yaml`.

use crate::config::{ConfigVersion, LintConfig};
use crate::lint::{rules, ConfigError, LintRule};

/// Documentation of a rule, rendered into `docs/rules/<RULE_ID>.md` and `protokit explain`.
#[derive(Clone, Copy, Debug)]
pub struct RuleDocs {
    /// *What it checks*: one paragraph.
    pub what: &'static str,
    /// *Why*: the reason the rule exists.
    pub why: &'static str,
    /// *Example*: a `.proto` snippet the rule reports (a whole file, compilable on its own
    /// at path `example.proto`... see each rule for the path it expects).
    pub example: &'static str,
    /// *Use instead*: the same snippet fixed.
    pub use_instead: &'static str,
    /// Import path the examples are compiled at (e.g. `foo/v1/foo.proto`), so that layout
    /// rules see the directory they need.
    pub example_path: &'static str,
}

/// One row of the registry.
#[derive(Clone, Copy)]
pub struct RuleMeta {
    /// The rule ID, e.g. `FIELD_LOWER_SNAKE_CASE`.
    pub id: &'static str,
    /// One-line purpose, as `buf config ls-lint-rules` prints it.
    pub purpose: &'static str,
    /// Whether buf lists it only with `--include-deprecated`.
    pub deprecated: bool,
    /// Categories per config version, indexed v1beta1, v1, v2; `None` when the rule does not
    /// exist in that version. Includes the deprecated category aliases `DEFAULT` and
    /// `STYLE_DEFAULT` (see [`DEPRECATED_CATEGORIES`]).
    pub categories: [Option<&'static [&'static str]>; 3],
    /// Its documentation.
    pub docs: &'static RuleDocs,
    /// The check; `None` for rules protokit does not implement yet (`PROTOVALIDATE`).
    pub check: Option<&'static dyn LintRule>,
}

impl std::fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleMeta")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl RuleMeta {
    /// The rule's categories in `version`, `None` when it does not exist there.
    pub fn categories(&self, version: ConfigVersion) -> Option<&'static [&'static str]> {
        self.categories[version_index(version)]
    }

    /// The categories `protokit rules` shows: without the deprecated aliases.
    pub fn listed_categories(&self, version: ConfigVersion) -> Vec<&'static str> {
        self.categories(version)
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(|c| !DEPRECATED_CATEGORIES.contains(c))
            .collect()
    }

    /// Whether the rule is on when `buf.yaml` of `version` says nothing (it is in `STANDARD`).
    pub fn is_default(&self, version: ConfigVersion) -> bool {
        self.categories(version)
            .is_some_and(|c| c.contains(&"STANDARD"))
    }
}

/// Category names buf still accepts but no longer lists: `DEFAULT` (= `STANDARD`) and, in
/// v1beta1, `STYLE_DEFAULT` (= `STYLE_STANDARD`).
pub const DEPRECATED_CATEGORIES: &[&str] = &["DEFAULT", "STYLE_DEFAULT"];

fn version_index(version: ConfigVersion) -> usize {
    match version {
        ConfigVersion::V1Beta1 => 0,
        ConfigVersion::V1 => 1,
        ConfigVersion::V2 => 2,
    }
}

/// Every lint rule, in buf's listing order.
pub static RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "DIRECTORY_SAME_PACKAGE",
        purpose: "Checks that all files in a given directory are in the same package.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "FILE_LAYOUT"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::directory_same_package::DOCS,
        check: Some(&rules::directory_same_package::RULE),
    },
    RuleMeta {
        id: "PACKAGE_DIRECTORY_MATCH",
        purpose: "Checks that all files are in a directory that matches their package name.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "FILE_LAYOUT"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_directory_match::DOCS,
        check: Some(&rules::package_directory_match::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_DIRECTORY",
        purpose: "Checks that all files with a given package are in the same directory.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "FILE_LAYOUT"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_directory::DOCS,
        check: Some(&rules::package_same_directory::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_CSHARP_NAMESPACE",
        purpose: "Checks that all files with a given package have the same value for the csharp_namespace option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_csharp_namespace::DOCS,
        check: Some(&rules::package_same_csharp_namespace::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_GO_PACKAGE",
        purpose: "Checks that all files with a given package have the same value for the go_package option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_go_package::DOCS,
        check: Some(&rules::package_same_go_package::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_JAVA_MULTIPLE_FILES",
        purpose: "Checks that all files with a given package have the same value for the java_multiple_files option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_java_multiple_files::DOCS,
        check: Some(&rules::package_same_java_multiple_files::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_JAVA_PACKAGE",
        purpose: "Checks that all files with a given package have the same value for the java_package option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_java_package::DOCS,
        check: Some(&rules::package_same_java_package::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_PHP_NAMESPACE",
        purpose: "Checks that all files with a given package have the same value for the php_namespace option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_php_namespace::DOCS,
        check: Some(&rules::package_same_php_namespace::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_RUBY_PACKAGE",
        purpose: "Checks that all files with a given package have the same value for the ruby_package option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_ruby_package::DOCS,
        check: Some(&rules::package_same_ruby_package::RULE),
    },
    RuleMeta {
        id: "PACKAGE_SAME_SWIFT_PREFIX",
        purpose: "Checks that all files with a given package have the same value for the swift_prefix option.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "PACKAGE_AFFINITY"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_same_swift_prefix::DOCS,
        check: Some(&rules::package_same_swift_prefix::RULE),
    },
    RuleMeta {
        id: "ENUM_NO_ALLOW_ALIAS",
        purpose: "Checks that enums do not have the allow_alias option set.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "SENSIBLE"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::enum_no_allow_alias::DOCS,
        check: Some(&rules::enum_no_allow_alias::RULE),
    },
    RuleMeta {
        id: "FIELD_NO_DESCRIPTOR",
        purpose: "Checks that field names are not any capitalization of \"descriptor\" with any number of prefix or suffix underscores.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "SENSIBLE"]), None, None],
        docs: &rules::field_no_descriptor::DOCS,
        check: Some(&rules::field_no_descriptor::RULE),
    },
    RuleMeta {
        id: "IMPORT_NO_PUBLIC",
        purpose: "Checks that imports are not public.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "SENSIBLE"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::import_no_public::DOCS,
        check: Some(&rules::import_no_public::RULE),
    },
    RuleMeta {
        id: "PACKAGE_DEFINED",
        purpose: "Checks that all files have a package defined.",
        deprecated: false,
        categories: [Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD", "SENSIBLE"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_defined::DOCS,
        check: Some(&rules::package_defined::RULE),
    },
    RuleMeta {
        id: "ENUM_PASCAL_CASE",
        purpose: "Checks that enums are PascalCase.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::enum_pascal_case::DOCS,
        check: Some(&rules::enum_pascal_case::RULE),
    },
    RuleMeta {
        id: "ENUM_VALUE_UPPER_SNAKE_CASE",
        purpose: "Checks that enum values are UPPER_SNAKE_CASE.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::enum_value_upper_snake_case::DOCS,
        check: Some(&rules::enum_value_upper_snake_case::RULE),
    },
    RuleMeta {
        id: "FIELD_LOWER_SNAKE_CASE",
        purpose: "Checks that field names are lower_snake_case.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::field_lower_snake_case::DOCS,
        check: Some(&rules::field_lower_snake_case::RULE),
    },
    RuleMeta {
        id: "MESSAGE_PASCAL_CASE",
        purpose: "Checks that messages are PascalCase.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::message_pascal_case::DOCS,
        check: Some(&rules::message_pascal_case::RULE),
    },
    RuleMeta {
        id: "ONEOF_LOWER_SNAKE_CASE",
        purpose: "Checks that oneof names are lower_snake_case.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::oneof_lower_snake_case::DOCS,
        check: Some(&rules::oneof_lower_snake_case::RULE),
    },
    RuleMeta {
        id: "PACKAGE_LOWER_SNAKE_CASE",
        purpose: "Checks that packages are lower_snake.case.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_lower_snake_case::DOCS,
        check: Some(&rules::package_lower_snake_case::RULE),
    },
    RuleMeta {
        id: "RPC_PASCAL_CASE",
        purpose: "Checks that RPCs are PascalCase.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::rpc_pascal_case::DOCS,
        check: Some(&rules::rpc_pascal_case::RULE),
    },
    RuleMeta {
        id: "SERVICE_PASCAL_CASE",
        purpose: "Checks that services are PascalCase.",
        deprecated: false,
        categories: [Some(&["BASIC", "DEFAULT", "STANDARD", "STYLE_BASIC", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::service_pascal_case::DOCS,
        check: Some(&rules::service_pascal_case::RULE),
    },
    RuleMeta {
        id: "ENUM_VALUE_PREFIX",
        purpose: "Checks that enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::enum_value_prefix::DOCS,
        check: Some(&rules::enum_value_prefix::RULE),
    },
    RuleMeta {
        id: "ENUM_ZERO_VALUE_SUFFIX",
        purpose: "Checks that enum zero values have a consistent suffix (configurable, default suffix is \"_UNSPECIFIED\").",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::enum_zero_value_suffix::DOCS,
        check: Some(&rules::enum_zero_value_suffix::RULE),
    },
    RuleMeta {
        id: "FILE_LOWER_SNAKE_CASE",
        purpose: "Checks that filenames are lower_snake_case.",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::file_lower_snake_case::DOCS,
        check: Some(&rules::file_lower_snake_case::RULE),
    },
    RuleMeta {
        id: "PACKAGE_VERSION_SUFFIX",
        purpose: "Checks that the last component of all packages is a version of the form v\\d+, v\\d+test.*, v\\d+(alpha|beta)\\d+, or v\\d+p\\d+(alpha|beta)\\d+, where numbers are >=1.",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::package_version_suffix::DOCS,
        check: Some(&rules::package_version_suffix::RULE),
    },
    RuleMeta {
        id: "RPC_REQUEST_RESPONSE_UNIQUE",
        purpose: "Checks that RPC request and response types are only used in one RPC (configurable).",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::rpc_request_response_unique::DOCS,
        check: Some(&rules::rpc_request_response_unique::RULE),
    },
    RuleMeta {
        id: "RPC_REQUEST_STANDARD_NAME",
        purpose: "Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable).",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::rpc_request_standard_name::DOCS,
        check: Some(&rules::rpc_request_standard_name::RULE),
    },
    RuleMeta {
        id: "RPC_RESPONSE_STANDARD_NAME",
        purpose: "Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable).",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::rpc_response_standard_name::DOCS,
        check: Some(&rules::rpc_response_standard_name::RULE),
    },
    RuleMeta {
        id: "SERVICE_SUFFIX",
        purpose: "Checks that services have a consistent suffix (configurable, default suffix is \"Service\").",
        deprecated: false,
        categories: [Some(&["DEFAULT", "STANDARD", "STYLE_DEFAULT", "STYLE_STANDARD"]), Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::service_suffix::DOCS,
        check: Some(&rules::service_suffix::RULE),
    },
    RuleMeta {
        id: "COMMENT_ENUM",
        purpose: "Checks that enums have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_enum::DOCS,
        check: Some(&rules::comment_enum::RULE),
    },
    RuleMeta {
        id: "COMMENT_ENUM_VALUE",
        purpose: "Checks that enum values have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_enum_value::DOCS,
        check: Some(&rules::comment_enum_value::RULE),
    },
    RuleMeta {
        id: "COMMENT_FIELD",
        purpose: "Checks that fields have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_field::DOCS,
        check: Some(&rules::comment_field::RULE),
    },
    RuleMeta {
        id: "COMMENT_MESSAGE",
        purpose: "Checks that messages have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_message::DOCS,
        check: Some(&rules::comment_message::RULE),
    },
    RuleMeta {
        id: "COMMENT_ONEOF",
        purpose: "Checks that oneofs have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_oneof::DOCS,
        check: Some(&rules::comment_oneof::RULE),
    },
    RuleMeta {
        id: "COMMENT_RPC",
        purpose: "Checks that RPCs have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_rpc::DOCS,
        check: Some(&rules::comment_rpc::RULE),
    },
    RuleMeta {
        id: "COMMENT_SERVICE",
        purpose: "Checks that services have non-empty comments.",
        deprecated: false,
        categories: [Some(&["COMMENTS"]), Some(&["COMMENTS"]), Some(&["COMMENTS"])],
        docs: &rules::comment_service::DOCS,
        check: Some(&rules::comment_service::RULE),
    },
    RuleMeta {
        id: "RPC_NO_CLIENT_STREAMING",
        purpose: "Checks that RPCs are not client streaming.",
        deprecated: false,
        categories: [Some(&["UNARY_RPC"]), Some(&["UNARY_RPC"]), Some(&["UNARY_RPC"])],
        docs: &rules::rpc_no_client_streaming::DOCS,
        check: Some(&rules::rpc_no_client_streaming::RULE),
    },
    RuleMeta {
        id: "RPC_NO_SERVER_STREAMING",
        purpose: "Checks that RPCs are not server streaming.",
        deprecated: false,
        categories: [Some(&["UNARY_RPC"]), Some(&["UNARY_RPC"]), Some(&["UNARY_RPC"])],
        docs: &rules::rpc_no_server_streaming::DOCS,
        check: Some(&rules::rpc_no_server_streaming::RULE),
    },
    RuleMeta {
        id: "ENUM_FIRST_VALUE_ZERO",
        purpose: "Checks that all first values of enums have a numeric value of 0.",
        deprecated: false,
        categories: [Some(&["OTHER"]), Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::enum_first_value_zero::DOCS,
        check: Some(&rules::enum_first_value_zero::RULE),
    },
    RuleMeta {
        id: "IMPORT_NO_WEAK",
        purpose: "Checks that imports are not weak.",
        deprecated: true,
        categories: [Some(&[]), Some(&[]), Some(&[])],
        docs: &rules::import_no_weak::DOCS,
        check: Some(&rules::import_no_weak::RULE),
    },
    RuleMeta {
        id: "IMPORT_USED",
        purpose: "Checks that imports are used.",
        deprecated: false,
        categories: [None, Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::import_used::DOCS,
        check: Some(&rules::import_used::RULE),
    },
    RuleMeta {
        id: "SYNTAX_SPECIFIED",
        purpose: "Checks that all files have a syntax specified.",
        deprecated: false,
        categories: [None, Some(&["BASIC", "DEFAULT", "STANDARD"]), Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::syntax_specified::DOCS,
        check: Some(&rules::syntax_specified::RULE),
    },
    RuleMeta {
        id: "PROTOVALIDATE",
        purpose: "Checks that protovalidate rules are valid and all CEL expressions compile.",
        deprecated: false,
        categories: [None, Some(&["DEFAULT", "STANDARD"]), Some(&["DEFAULT", "STANDARD"])],
        docs: &rules::protovalidate::DOCS,
        check: None,
    },
    RuleMeta {
        id: "PACKAGE_NO_IMPORT_CYCLE",
        purpose: "Checks that packages do not have import cycles.",
        deprecated: false,
        categories: [None, Some(&[]), Some(&["MINIMAL", "BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::package_no_import_cycle::DOCS,
        check: Some(&rules::package_no_import_cycle::RULE),
    },
    RuleMeta {
        id: "FIELD_NOT_REQUIRED",
        purpose: "Checks that fields are not configured to be required.",
        deprecated: false,
        categories: [None, None, Some(&["BASIC", "DEFAULT", "STANDARD"])],
        docs: &rules::field_not_required::DOCS,
        check: Some(&rules::field_not_required::RULE),
    },
    RuleMeta {
        id: "STABLE_PACKAGE_NO_IMPORT_UNSTABLE",
        purpose: "Checks that all files that have stable versioned packages do not import packages with unstable version packages.",
        deprecated: false,
        categories: [None, None, Some(&[])],
        docs: &rules::stable_package_no_import_unstable::DOCS,
        check: Some(&rules::stable_package_no_import_unstable::RULE),
    },
];

/// The rule with ID `id`.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.id == id)
}

/// The rules available in `version`.
pub fn rules_for(version: ConfigVersion) -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .filter(move |r| r.categories(version).is_some())
}

/// Whether `key` (a rule ID or a category) selects rule `id` in `version`.
pub fn id_matches(version: ConfigVersion, key: &str, id: &str) -> bool {
    key == id
        || rule(id)
            .and_then(|r| r.categories(version))
            .is_some_and(|c| c.contains(&key))
}

/// Whether `key` names a rule or a category of `version`.
pub fn is_known(version: ConfigVersion, key: &str) -> bool {
    rules_for(version)
        .any(|r| r.id == key || r.categories(version).is_some_and(|c| c.contains(&key)))
}

/// The rules `config` turns on: `use` (default `STANDARD`) minus `except`, in registry order.
/// Rules without a check (`PROTOVALIDATE`) are included; the engine skips them.
///
/// # Errors
/// An unknown rule ID or category in `use`, `except` or `ignore_only`, named as buf does:
/// `"NAME" is not a known rule or category ID`.
pub fn enabled_rules(config: &LintConfig) -> Result<Vec<&'static RuleMeta>, ConfigError> {
    let v = config.version;
    for key in config
        .use_ids
        .iter()
        .chain(&config.except)
        .chain(config.ignore_only.keys())
    {
        if !is_known(v, key) {
            return Err(ConfigError(format!(
                "{key:?} is not a known rule or category ID"
            )));
        }
    }
    if config.disable_builtin {
        return Ok(Vec::new());
    }
    let default_use = ["STANDARD".to_string()];
    let uses: &[String] = if config.use_ids.is_empty() {
        &default_use
    } else {
        &config.use_ids
    };
    Ok(rules_for(v)
        .filter(|r| uses.iter().any(|k| id_matches(v, k, r.id)))
        .filter(|r| !config.except.iter().any(|k| id_matches(v, k, r.id)))
        .collect())
}

/// Rule IDs `config` asks for by name that protokit does not implement yet.
pub fn unsupported_requested(config: &LintConfig) -> Vec<&'static str> {
    config
        .use_ids
        .iter()
        .filter_map(|k| rule(k))
        .filter(|r| r.check.is_none())
        .map(|r| r.id)
        .collect()
}
