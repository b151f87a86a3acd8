//! Literal decoding as protoc's tokenizer does it.

use protokit_syntax::{parse_int, unescape_string};

#[test]
fn upper_case_hex_escapes_decode_like_lower_case_ones() {
    // protoc 35.1 stores `"\X41\x42"` as "AB".
    assert_eq!(unescape_string(r#""\X41\x42""#), b"AB");
}

#[test]
fn integers_in_every_base() {
    assert_eq!(parse_int("0x1F"), Some(31));
    assert_eq!(parse_int("017"), Some(15));
    assert_eq!(parse_int("08"), None);
    assert_eq!(parse_int("18446744073709551616"), None);
}
