//! TLS protocol versions known to be broken, shared by B502 and B503.

/// Bandit's default `bad_protocol_versions`, shared with B503.
pub const BAD_PROTOCOL_VERSIONS: &[&str] = &[
    "PROTOCOL_SSLv2",
    "SSLv2_METHOD",
    "SSLv23_METHOD",
    "PROTOCOL_SSLv3",
    "PROTOCOL_TLSv1",
    "SSLv3_METHOD",
    "TLSv1_METHOD",
    "PROTOCOL_TLSv1_1",
    "TLSv1_1_METHOD",
];
