//! The one JSON reader of zkcomply's files and requests.
//!
//! serde keeps the last of two equal keys inside maps it reads as `Map`/`Value` (the
//! `public_inputs` of a proof, a request's fields), so a file could say two things at once.
//! Every document is first walked once and refused if any object, at any depth, repeats a
//! key; then it is read into its type. serde_json's nesting limit (128) still applies.

use std::collections::HashSet;

use serde::{
    de::{DeserializeOwned, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor},
    Deserializer,
};

use crate::{error::Result, Error};

/// Parses `text` as a `T`, refusing duplicate keys anywhere; `what` names the document in
/// errors.
///
/// # Errors
/// [`Error::Json`] with the parser's message (line and column included).
pub fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    let json = |source| Error::Json {
        what: what.into(),
        source,
    };
    check_unique_keys(text).map_err(json)?;
    serde_json::from_str(text).map_err(json)
}

/// Parses `bytes` (which must be UTF-8) as a `T`, as [`parse`] does.
///
/// # Errors
/// [`Error::Artefact`] if not UTF-8, [`Error::Json`].
pub fn parse_slice<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T> {
    parse(what, text(what, bytes)?)
}

/// The bytes of a text file as UTF-8.
///
/// # Errors
/// [`Error::Artefact`] naming the first invalid byte.
pub fn text<'a>(what: &str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        Error::Artefact {
            what: what.into(),
            reason: format!(
                "not UTF-8 text (byte 0x{:02x} at offset {at}, line {line})",
                bytes[at]
            ),
        }
    })
}

/// Walks the document once, failing on the first object that repeats a key.
fn check_unique_keys(text: &str) -> serde_json::Result<()> {
    let mut de = serde_json::Deserializer::from_str(text);
    Unique.deserialize(&mut de)?;
    de.end()
}

/// A visitor that reads any value and checks each object's keys.
#[derive(Clone, Copy)]
struct Unique;

impl<'de> DeserializeSeed<'de> for Unique {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(A::Error::custom(format!("duplicate key {key:?}")));
            }
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn duplicate_keys_are_refused_at_every_depth() {
        let ok: Value = parse("doc", r#"{"a": {"b": 1, "c": [{"b": 2}, {"b": 3}]}}"#).unwrap();
        assert_eq!(ok["a"]["c"][1]["b"], 3);
        for text in [
            r#"{"a": 1, "a": 2}"#,
            r#"{"x": {"b": "0x1", "b": "0x2"}}"#,
            r#"[{"k": 1}, {"k": 1, "k": 1}]"#,
            r#"{"public_inputs": {"limit": "r", "limit": "1000"}}"#,
        ] {
            let err = parse::<Value>("doc.json", text).unwrap_err().to_string();
            assert!(
                err.contains("doc.json: invalid JSON: duplicate key"),
                "{err}"
            );
        }
        assert!(parse::<Value>("doc", "{} trailing").is_err());
        let deep = "[".repeat(100_000);
        assert!(
            parse::<Value>("doc", &deep).is_err(),
            "deep nesting refused"
        );
    }
}
