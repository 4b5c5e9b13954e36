//! Evidence documents (pièces justificatives): what an event records of a
//! file — its SHA-256, the name it was sent under, its type and size — and
//! the types accepted, recognized from the bytes themselves, never from the
//! name or from what the sender claims.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A file as an event records it; its bytes are stored apart, under
/// `sha256`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Document {
    /// The SHA-256 of the bytes, in lowercase hexadecimal.
    pub sha256: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
}

/// The types a document may have: PDF, images and office documents. HTML,
/// SVG, scripts and archives are refused: a document is only ever
/// downloaded, and none of these needs to be evidence.
const ACCEPTED: [&str; 14] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/rtf",
];

/// The accepted type of these bytes, read from their content; none when
/// they are of no accepted type.
pub fn recognize(bytes: &[u8]) -> Option<&'static str> {
    let found = infer::get(bytes)?.mime_type();
    ACCEPTED.iter().copied().find(|accepted| *accepted == found)
}

/// Whether `media_type` is one of the accepted types.
pub fn accepted(media_type: &str) -> bool {
    ACCEPTED.contains(&media_type)
}

/// What kind of document a type is: `pdf`, `image`, `text` (Word, Writer),
/// `spreadsheet` (Excel, Calc) or `presentation`; the catalogue names it.
pub fn kind(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        t if t.starts_with("image/") => "image",
        t if t.contains("spreadsheet") || t == "application/vnd.ms-excel" => "spreadsheet",
        t if t.contains("presentation") || t == "application/vnd.ms-powerpoint" => "presentation",
        _ => "text",
    }
}

/// The SHA-256 of `bytes` in lowercase hexadecimal.
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Whether `s` reads as a SHA-256 in lowercase hexadecimal.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The name a file is kept under: its last path component, without control
/// characters, at most 120 characters; `document` when nothing is left.
pub fn file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        "document".into()
    } else {
        clean.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_the_bytes() {
        assert_eq!(
            recognize(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
            Some("application/pdf")
        );
        assert_eq!(
            recognize(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(recognize(b"<!DOCTYPE html><html><script>"), None);
        assert_eq!(
            recognize(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            None
        );
        assert_eq!(recognize(b"PK\x03\x04 an archive"), None);
        assert_eq!(recognize(b""), None);
    }

    #[test]
    fn names_keep_their_last_component_only() {
        assert_eq!(
            file_name("C:\\Users\\a\\PV du comité.pdf"),
            "PV du comité.pdf"
        );
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\u{0}b\r\n.pdf"), "ab.pdf");
        assert_eq!(file_name(".."), "document");
        assert_eq!(file_name(""), "document");
        assert_eq!(file_name(&"x".repeat(500)).chars().count(), 120);
    }

    #[test]
    fn hashes_are_lowercase_hexadecimal() {
        let h = sha256(b"abc");
        assert!(is_sha256(&h));
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!is_sha256(&h.to_uppercase()));
        assert!(!is_sha256("abc"));
    }
}
