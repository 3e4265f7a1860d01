//! The limits a file must stay within before and while it is parsed.
//!
//! The XSD engine has no limits of its own by default; these bound memory and time for hostile
//! input (SPEC §4 step 1). Each broken limit is a READ- finding, never a crash.

/// Per-file limits, all configurable from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_attributes: usize,
    pub max_attribute_bytes: usize,
    pub max_text_bytes: usize,
    /// Findings listed per file; the rest are counted.
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_depth: 256,
            max_attributes: 1024,
            max_attribute_bytes: 1024 * 1024,
            max_text_bytes: 16 * 1024 * 1024,
            max_findings: 100,
        }
    }
}

impl Limits {
    pub(crate) fn parse_limits(&self) -> xsd_schema::xml::ParseLimits {
        xsd_schema::xml::ParseLimits::none()
            .with_max_depth(self.max_depth)
            .with_max_attributes(self.max_attributes)
            .with_max_attribute_value_bytes(self.max_attribute_bytes)
            .with_max_text_bytes(self.max_text_bytes)
            .with_max_name_bytes(4096)
            .with_max_namespace_uri_bytes(4096)
            .with_max_namespace_declarations(256)
            .with_max_namespaces_in_scope(1024)
    }
}
