//! The registry of breaking rules with their categories and defaults per config version.
//!
//! The table is buf 1.75.0's (`buf config ls-breaking-rules --include-deprecated --version V`).
//! The default rule set is the `FILE` category in every version.

use crate::breaking::{rules, BreakingConfig, BreakingDocs, BreakingRule};
use crate::config::ConfigVersion;
use crate::lint::ConfigError;

/// One row of the registry.
#[derive(Clone, Copy)]
pub struct BreakingRuleMeta {
    /// The rule ID, e.g. `FIELD_NO_DELETE`.
    pub id: &'static str,
    /// One-line purpose, as `buf config ls-breaking-rules` prints it.
    pub purpose: &'static str,
    /// Whether buf lists it only with `--include-deprecated`.
    pub deprecated: bool,
    /// For deprecated rules, the rules that replace them (a config naming the deprecated ID
    /// gets these).
    pub replacements: &'static [&'static str],
    /// Categories per config version, indexed v1beta1, v1, v2; `None` when the rule does not
    /// exist in that version.
    pub categories: [Option<&'static [&'static str]>; 3],
    /// Its documentation.
    pub docs: &'static BreakingDocs,
    /// The check.
    pub check: Option<&'static dyn BreakingRule>,
}

impl std::fmt::Debug for BreakingRuleMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BreakingRuleMeta")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl BreakingRuleMeta {
    /// The rule's categories in `version`, `None` when it does not exist there.
    pub fn categories(&self, version: ConfigVersion) -> Option<&'static [&'static str]> {
        self.categories[match version {
            ConfigVersion::V1Beta1 => 0,
            ConfigVersion::V1 => 1,
            ConfigVersion::V2 => 2,
        }]
    }

    /// Whether the rule is on by default (in the `FILE` category) in `version`.
    pub fn is_default(&self, version: ConfigVersion) -> bool {
        self.categories(version)
            .is_some_and(|c| c.contains(&"FILE"))
    }
}

/// Every breaking rule, in buf's listing order.
pub static RULES: &[BreakingRuleMeta] = &[
    BreakingRuleMeta {
        id: "ENUM_NO_DELETE",
        purpose: "Checks that enums are not deleted from a given file.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE"]), Some(&["FILE"]), Some(&["CSR", "FILE"])],
        docs: &rules::enum_no_delete::DOCS,
        check: Some(&rules::enum_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_NO_DELETE",
        purpose: "Checks that files are not deleted.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE"]), Some(&["FILE"]), Some(&["CSR", "FILE"])],
        docs: &rules::file_no_delete::DOCS,
        check: Some(&rules::file_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PACKAGE",
        purpose: "Checks that files have the same package.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::file_same_package::DOCS,
        check: Some(&rules::file_same_package::RULE),
    },
    BreakingRuleMeta {
        id: "MESSAGE_NO_DELETE",
        purpose: "Checks that messages are not deleted from a given file.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE"]), Some(&["FILE"]), Some(&["CSR", "FILE"])],
        docs: &rules::message_no_delete::DOCS,
        check: Some(&rules::message_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "SERVICE_NO_DELETE",
        purpose: "Checks that services are not deleted from a given file.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE"]), Some(&["FILE"]), Some(&["FILE"])],
        docs: &rules::service_no_delete::DOCS,
        check: Some(&rules::service_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_SAME_TYPE",
        purpose: "Checks that enums have the same type (open vs closed).",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::enum_same_type::DOCS,
        check: Some(&rules::enum_same_type::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_VALUE_NO_DELETE",
        purpose: "Checks that enum values are not deleted from a given enum.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::enum_value_no_delete::DOCS,
        check: Some(&rules::enum_value_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "EXTENSION_MESSAGE_NO_DELETE",
        purpose: "Checks that extension ranges are not deleted from a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::extension_message_no_delete::DOCS,
        check: Some(&rules::extension_message_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_NO_DELETE",
        purpose: "Checks that fields are not deleted from a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::field_no_delete::DOCS,
        check: Some(&rules::field_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_CPP_STRING_TYPE",
        purpose: "Checks that fields have the same C++ string type, based on ctype field option or (pb.cpp).string_type feature.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::field_same_cpp_string_type::DOCS,
        check: Some(&rules::field_same_cpp_string_type::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_JAVA_UTF8_VALIDATION",
        purpose: "Checks that fields have the same Java string UTF8 validation, based on java_string_check_utf8 file option or (pb.java).utf8_validation feature.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::field_same_java_utf8_validation::DOCS,
        check: Some(&rules::field_same_java_utf8_validation::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_JSTYPE",
        purpose: "Checks that fields have the same value for the jstype option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::field_same_jstype::DOCS,
        check: Some(&rules::field_same_jstype::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_UTF8_VALIDATION",
        purpose: "Checks that string fields have the same UTF8 validation mode.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::field_same_utf8_validation::DOCS,
        check: Some(&rules::field_same_utf8_validation::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_CC_ENABLE_ARENAS",
        purpose: "Checks that files have the same value for the cc_enable_arenas option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_cc_enable_arenas::DOCS,
        check: Some(&rules::file_same_cc_enable_arenas::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_CC_GENERIC_SERVICES",
        purpose: "Checks that files have the same value for the cc_generic_services option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_cc_generic_services::DOCS,
        check: Some(&rules::file_same_cc_generic_services::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_CSHARP_NAMESPACE",
        purpose: "Checks that files have the same value for the csharp_namespace option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_csharp_namespace::DOCS,
        check: Some(&rules::file_same_csharp_namespace::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_GO_PACKAGE",
        purpose: "Checks that files have the same value for the go_package option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_go_package::DOCS,
        check: Some(&rules::file_same_go_package::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_JAVA_GENERIC_SERVICES",
        purpose: "Checks that files have the same value for the java_generic_services option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_java_generic_services::DOCS,
        check: Some(&rules::file_same_java_generic_services::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_JAVA_MULTIPLE_FILES",
        purpose: "Checks that files have the same value for the java_multiple_files option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_java_multiple_files::DOCS,
        check: Some(&rules::file_same_java_multiple_files::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_JAVA_OUTER_CLASSNAME",
        purpose: "Checks that files have the same value for the java_outer_classname option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_java_outer_classname::DOCS,
        check: Some(&rules::file_same_java_outer_classname::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_JAVA_PACKAGE",
        purpose: "Checks that files have the same value for the java_package option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_java_package::DOCS,
        check: Some(&rules::file_same_java_package::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_OBJC_CLASS_PREFIX",
        purpose: "Checks that files have the same value for the objc_class_prefix option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_objc_class_prefix::DOCS,
        check: Some(&rules::file_same_objc_class_prefix::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_OPTIMIZE_FOR",
        purpose: "Checks that files have the same value for the optimize_for option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_optimize_for::DOCS,
        check: Some(&rules::file_same_optimize_for::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PHP_CLASS_PREFIX",
        purpose: "Checks that files have the same value for the php_class_prefix option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_php_class_prefix::DOCS,
        check: Some(&rules::file_same_php_class_prefix::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PHP_METADATA_NAMESPACE",
        purpose: "Checks that files have the same value for the php_metadata_namespace option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_php_metadata_namespace::DOCS,
        check: Some(&rules::file_same_php_metadata_namespace::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PHP_NAMESPACE",
        purpose: "Checks that files have the same value for the php_namespace option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_php_namespace::DOCS,
        check: Some(&rules::file_same_php_namespace::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PY_GENERIC_SERVICES",
        purpose: "Checks that files have the same value for the py_generic_services option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_py_generic_services::DOCS,
        check: Some(&rules::file_same_py_generic_services::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_RUBY_PACKAGE",
        purpose: "Checks that files have the same value for the ruby_package option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_ruby_package::DOCS,
        check: Some(&rules::file_same_ruby_package::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_SWIFT_PREFIX",
        purpose: "Checks that files have the same value for the swift_prefix option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::file_same_swift_prefix::DOCS,
        check: Some(&rules::file_same_swift_prefix::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_SYNTAX",
        purpose: "Checks that files have the same syntax.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::file_same_syntax::DOCS,
        check: Some(&rules::file_same_syntax::RULE),
    },
    BreakingRuleMeta {
        id: "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
        purpose: "Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::message_no_remove_standard_descriptor_accessor::DOCS,
        check: Some(&rules::message_no_remove_standard_descriptor_accessor::RULE),
    },
    BreakingRuleMeta {
        id: "ONEOF_NO_DELETE",
        purpose: "Checks that oneofs are not deleted from a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::oneof_no_delete::DOCS,
        check: Some(&rules::oneof_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_NO_DELETE",
        purpose: "Checks that rpcs are not deleted from a given service.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::rpc_no_delete::DOCS,
        check: Some(&rules::rpc_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_SAME_JSON_FORMAT",
        purpose: "Checks that enums have the same JSON format support.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON"])],
        docs: &rules::enum_same_json_format::DOCS,
        check: Some(&rules::enum_same_json_format::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_VALUE_SAME_NAME",
        purpose: "Checks that enum values have the same name.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON"])],
        docs: &rules::enum_value_same_name::DOCS,
        check: Some(&rules::enum_value_same_name::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_JSON_NAME",
        purpose: "Checks that fields have the same value for the json_name option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON"])],
        docs: &rules::field_same_json_name::DOCS,
        check: Some(&rules::field_same_json_name::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_NAME",
        purpose: "Checks that fields have the same names in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON"])],
        docs: &rules::field_same_name::DOCS,
        check: Some(&rules::field_same_name::RULE),
    },
    BreakingRuleMeta {
        id: "MESSAGE_SAME_JSON_FORMAT",
        purpose: "Checks that messages have the same JSON format support.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["FILE", "PACKAGE", "WIRE_JSON"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON"])],
        docs: &rules::message_same_json_format::DOCS,
        check: Some(&rules::message_same_json_format::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_CARDINALITY",
        purpose: "Checks that fields have the same cardinalities in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE"]), Some(&["FILE", "PACKAGE"])],
        docs: &rules::field_same_cardinality::DOCS,
        check: Some(&rules::field_same_cardinality::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_ONEOF",
        purpose: "Checks that fields have the same oneofs in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::field_same_oneof::DOCS,
        check: Some(&rules::field_same_oneof::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_TYPE",
        purpose: "Checks that fields have the same types in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE"]), Some(&["CSR", "FILE", "PACKAGE"])],
        docs: &rules::field_same_type::DOCS,
        check: Some(&rules::field_same_type::RULE),
    },
    BreakingRuleMeta {
        id: "MESSAGE_SAME_REQUIRED_FIELDS",
        purpose: "Checks that messages have no added or deleted required fields.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::message_same_required_fields::DOCS,
        check: Some(&rules::message_same_required_fields::RULE),
    },
    BreakingRuleMeta {
        id: "RESERVED_ENUM_NO_DELETE",
        purpose: "Checks that reserved ranges and names are not deleted from a given enum.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::reserved_enum_no_delete::DOCS,
        check: Some(&rules::reserved_enum_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "RESERVED_MESSAGE_NO_DELETE",
        purpose: "Checks that reserved ranges and names are not deleted from a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::reserved_message_no_delete::DOCS,
        check: Some(&rules::reserved_message_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_SAME_CLIENT_STREAMING",
        purpose: "Checks that rpcs have the same client streaming value.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::rpc_same_client_streaming::DOCS,
        check: Some(&rules::rpc_same_client_streaming::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_SAME_IDEMPOTENCY_LEVEL",
        purpose: "Checks that rpcs have the same value for the idempotency_level option.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::rpc_same_idempotency_level::DOCS,
        check: Some(&rules::rpc_same_idempotency_level::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_SAME_REQUEST_TYPE",
        purpose: "Checks that rpcs are have the same request type.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::rpc_same_request_type::DOCS,
        check: Some(&rules::rpc_same_request_type::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_SAME_RESPONSE_TYPE",
        purpose: "Checks that rpcs are have the same response type.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::rpc_same_response_type::DOCS,
        check: Some(&rules::rpc_same_response_type::RULE),
    },
    BreakingRuleMeta {
        id: "RPC_SAME_SERVER_STREAMING",
        purpose: "Checks that rpcs have the same server streaming value.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]), Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::rpc_same_server_streaming::DOCS,
        check: Some(&rules::rpc_same_server_streaming::RULE),
    },
    BreakingRuleMeta {
        id: "PACKAGE_ENUM_NO_DELETE",
        purpose: "Checks that enums are not deleted from a given package.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["PACKAGE"]), Some(&["PACKAGE"]), Some(&["PACKAGE"])],
        docs: &rules::package_enum_no_delete::DOCS,
        check: Some(&rules::package_enum_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "PACKAGE_MESSAGE_NO_DELETE",
        purpose: "Checks that messages are not deleted from a given package.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["PACKAGE"]), Some(&["PACKAGE"]), Some(&["PACKAGE"])],
        docs: &rules::package_message_no_delete::DOCS,
        check: Some(&rules::package_message_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "PACKAGE_NO_DELETE",
        purpose: "Checks that packages are not deleted.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["PACKAGE"]), Some(&["PACKAGE"]), Some(&["PACKAGE"])],
        docs: &rules::package_no_delete::DOCS,
        check: Some(&rules::package_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "PACKAGE_SERVICE_NO_DELETE",
        purpose: "Checks that services are not deleted from a given package.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["PACKAGE"]), Some(&["PACKAGE"]), Some(&["PACKAGE"])],
        docs: &rules::package_service_no_delete::DOCS,
        check: Some(&rules::package_service_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
        purpose: "Checks that enum values are not deleted from a given enum unless the name is reserved.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE_JSON"]), Some(&["WIRE_JSON"]), Some(&["CSR", "WIRE_JSON"])],
        docs: &rules::enum_value_no_delete_unless_name_reserved::DOCS,
        check: Some(&rules::enum_value_no_delete_unless_name_reserved::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
        purpose: "Checks that fields are not deleted from a given message unless the name is reserved.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE_JSON"]), Some(&["WIRE_JSON"]), Some(&["CSR", "WIRE_JSON"])],
        docs: &rules::field_no_delete_unless_name_reserved::DOCS,
        check: Some(&rules::field_no_delete_unless_name_reserved::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        purpose: "Checks that fields have wire and JSON compatible cardinalities in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE_JSON"]), Some(&["WIRE_JSON"]), Some(&["CSR", "WIRE_JSON"])],
        docs: &rules::field_wire_json_compatible_cardinality::DOCS,
        check: Some(&rules::field_wire_json_compatible_cardinality::RULE),
    },
    BreakingRuleMeta {
        id: "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
        purpose: "Checks that enum values are not deleted from a given enum unless the number is reserved.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE_JSON", "WIRE"]), Some(&["WIRE_JSON", "WIRE"]), Some(&["CSR", "WIRE_JSON", "WIRE"])],
        docs: &rules::enum_value_no_delete_unless_number_reserved::DOCS,
        check: Some(&rules::enum_value_no_delete_unless_number_reserved::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        purpose: "Checks that fields are not deleted from a given message unless the number is reserved.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE_JSON", "WIRE"]), Some(&["WIRE_JSON", "WIRE"]), Some(&["CSR", "WIRE_JSON", "WIRE"])],
        docs: &rules::field_no_delete_unless_number_reserved::DOCS,
        check: Some(&rules::field_no_delete_unless_number_reserved::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        purpose: "Checks that fields have wire-compatible cardinalities in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [Some(&["WIRE"]), Some(&["WIRE"]), Some(&["WIRE"])],
        docs: &rules::field_wire_compatible_cardinality::DOCS,
        check: Some(&rules::field_wire_compatible_cardinality::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_CTYPE",
        purpose: "Checks that fields have the same value for the ctype option.",
        deprecated: true,
        replacements: &["FIELD_SAME_CPP_STRING_TYPE"],
        categories: [Some(&[]), Some(&[]), None],
        docs: &rules::field_same_ctype::DOCS,
        check: Some(&rules::field_same_ctype::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_LABEL",
        purpose: "Checks that fields have the same labels in a given message.",
        deprecated: true,
        replacements: &["FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"],
        categories: [Some(&[]), Some(&[]), None],
        docs: &rules::field_same_label::DOCS,
        check: Some(&rules::field_same_label::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_JAVA_STRING_CHECK_UTF8",
        purpose: "Checks that files have the same value for the java_string_check_utf8 option.",
        deprecated: true,
        replacements: &["FIELD_SAME_JAVA_UTF8_VALIDATION"],
        categories: [Some(&[]), Some(&[]), None],
        docs: &rules::file_same_java_string_check_utf8::DOCS,
        check: Some(&rules::file_same_java_string_check_utf8::RULE),
    },
    BreakingRuleMeta {
        id: "FILE_SAME_PHP_GENERIC_SERVICES",
        purpose: "Checks that files have the same value for the php_generic_services option.",
        deprecated: true,
        replacements: &[],
        categories: [Some(&[]), Some(&[]), None],
        docs: &rules::file_same_php_generic_services::DOCS,
        check: Some(&rules::file_same_php_generic_services::RULE),
    },
    BreakingRuleMeta {
        id: "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",
        purpose: "Checks that messages have the same value for the message_set_wire_format option.",
        deprecated: true,
        replacements: &[],
        categories: [Some(&[]), Some(&[]), Some(&[])],
        docs: &rules::message_same_message_set_wire_format::DOCS,
        check: Some(&rules::message_same_message_set_wire_format::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        purpose: "Checks that fields have wire and JSON compatible types in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [None, Some(&["WIRE_JSON"]), Some(&["CSR", "WIRE_JSON"])],
        docs: &rules::field_wire_json_compatible_type::DOCS,
        check: Some(&rules::field_wire_json_compatible_type::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_WIRE_COMPATIBLE_TYPE",
        purpose: "Checks that fields have wire-compatible types in a given message.",
        deprecated: false,
        replacements: &[],
        categories: [None, Some(&["WIRE"]), Some(&["WIRE"])],
        docs: &rules::field_wire_compatible_type::DOCS,
        check: Some(&rules::field_wire_compatible_type::RULE),
    },
    BreakingRuleMeta {
        id: "EXTENSION_NO_DELETE",
        purpose: "Checks that extensions are not deleted from a given file.",
        deprecated: false,
        replacements: &[],
        categories: [None, None, Some(&["FILE"])],
        docs: &rules::extension_no_delete::DOCS,
        check: Some(&rules::extension_no_delete::RULE),
    },
    BreakingRuleMeta {
        id: "FIELD_SAME_DEFAULT",
        purpose: "Checks that fields have the same default value, if a default is specified.",
        deprecated: false,
        replacements: &[],
        categories: [None, None, Some(&["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"])],
        docs: &rules::field_same_default::DOCS,
        check: Some(&rules::field_same_default::RULE),
    },
    BreakingRuleMeta {
        id: "PACKAGE_EXTENSION_NO_DELETE",
        purpose: "Checks that extensions are not deleted from a given package.",
        deprecated: false,
        replacements: &[],
        categories: [None, None, Some(&["PACKAGE"])],
        docs: &rules::package_extension_no_delete::DOCS,
        check: Some(&rules::package_extension_no_delete::RULE),
    },
];

/// The rule with ID `id`.
pub fn rule(id: &str) -> Option<&'static BreakingRuleMeta> {
    RULES.iter().find(|r| r.id == id)
}

/// The rules available in `version`.
pub fn rules_for(version: ConfigVersion) -> impl Iterator<Item = &'static BreakingRuleMeta> {
    RULES
        .iter()
        .filter(move |r| r.categories(version).is_some())
}

/// Whether `key` (a rule ID or category) selects rule `id` in `version`.
pub fn id_matches(version: ConfigVersion, key: &str, id: &str) -> bool {
    key == id
        || rule(id)
            .and_then(|r| r.categories(version))
            .is_some_and(|c| c.contains(&key))
}

/// Whether `key` names a breaking rule or category of `version`.
pub fn is_known(version: ConfigVersion, key: &str) -> bool {
    rules_for(version)
        .any(|r| r.id == key || r.categories(version).is_some_and(|c| c.contains(&key)))
}

/// The rules `config` turns on: `use` (default `FILE`) minus `except`, in registry order.
///
/// # Errors
/// An unknown rule ID or category, in buf's words: `"NAME" is not a known rule or category ID`.
pub fn enabled_rules(
    config: &BreakingConfig,
) -> Result<Vec<&'static BreakingRuleMeta>, ConfigError> {
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
    let default_use = ["FILE".to_string()];
    let uses: &[String] = if config.use_ids.is_empty() {
        &default_use
    } else {
        &config.use_ids
    };
    Ok(rules_for(v)
        .filter(|r| uses.iter().any(|k| selects(v, k, r)))
        .filter(|r| !config.except.iter().any(|k| selects(v, k, r)))
        .collect())
}

/// Like [`id_matches`], with buf's handling of deprecated IDs: a deprecated rule never runs
/// itself; naming it selects its replacements (none for `FILE_SAME_PHP_GENERIC_SERVICES`).
fn selects(version: ConfigVersion, key: &str, r: &BreakingRuleMeta) -> bool {
    if r.deprecated {
        return false;
    }
    id_matches(version, key, r.id)
        || rule(key).is_some_and(|d| d.deprecated && d.replacements.contains(&r.id))
}
