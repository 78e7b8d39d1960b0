//! A proving request as JSON: the public values and the amount of one proof, the form the
//! C API and the WASM package take (`{"amount", "limit", "blinding", "scope", "context",
//! "period"}`).

use ark_std::UniformRand;
use rand::{CryptoRng, RngCore};
use serde_json::Value;

use crate::{error::Result, field, witness::WitnessBuilder, Error, Fr};

/// The values of a request, each optional here: the witness builder names what its policy
/// is missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProveRequest {
    /// The hidden amount.
    pub amount: Option<u64>,
    /// The public limit.
    pub limit: Option<u64>,
    /// The amount commitment's blinding (random when absent).
    pub blinding: Option<Fr>,
    /// The verifier's scope.
    pub scope: Option<Fr>,
    /// The transaction context.
    pub context: Option<Fr>,
    /// The current period (`period_limit`).
    pub period: Option<u64>,
}

const KNOWN: &str = "amount, limit, blinding, scope, context, period";

fn bad(reason: String) -> Error {
    Error::Artefact {
        what: "request".into(),
        reason,
    }
}

fn parse_u64(name: &str, v: &Value) -> Result<u64> {
    let e = || {
        bad(format!(
            "`{name}` must be an integer in 0..2^64, as a JSON number or a decimal string"
        ))
    };
    match v {
        Value::Number(n) => n.as_u64().ok_or_else(e),
        Value::String(s) => s.parse::<u64>().map_err(|_| e()),
        _ => Err(e()),
    }
}

fn parse_field(name: &str, v: &Value) -> Result<Fr> {
    match v {
        Value::Number(n) => n.as_u64().map(Fr::from).ok_or_else(|| {
            bad(format!(
                "`{name}` must be a non-negative integer or a string"
            ))
        }),
        Value::String(s) => field::parse(name, s),
        _ => Err(bad(format!(
            "`{name}` must be a field element (decimal or 0x-hex string)"
        ))),
    }
}

impl ProveRequest {
    /// Parses a request: a JSON object whose values are JSON numbers or strings (decimal
    /// or `0x`-hex for field elements, which must be below the field modulus); `null`
    /// means absent.
    ///
    /// # Errors
    /// [`Error::Artefact`] (`request: …`) for malformed JSON, an unknown field or a bad
    /// value; [`Error::InvalidField`] for a field element ≥ r.
    pub fn from_json(json: &str) -> Result<Self> {
        let v: Value = crate::artefact::json::parse("request", json).map_err(|e| match e {
            Error::Json { source, .. } => bad(format!("invalid JSON: {source}")),
            other => other,
        })?;
        let Value::Object(map) = v else {
            return Err(bad("expected a JSON object".into()));
        };
        let mut r = Self::default();
        for (k, v) in &map {
            if v.is_null() {
                continue;
            }
            match k.as_str() {
                "amount" => r.amount = Some(parse_u64(k, v)?),
                "limit" => r.limit = Some(parse_u64(k, v)?),
                "period" => r.period = Some(parse_u64(k, v)?),
                "blinding" => r.blinding = Some(parse_field(k, v)?),
                "scope" => r.scope = Some(parse_field(k, v)?),
                "context" => r.context = Some(parse_field(k, v)?),
                other => return Err(bad(format!("unknown field `{other}` (known: {KNOWN})"))),
            }
        }
        Ok(r)
    }

    /// Gives the request's values to `builder`; a policy with an amount gets a blinding
    /// drawn from `rng` when the request has none, and a policy with allowance notes the
    /// new note's salt.
    pub fn apply<'a, R: RngCore + CryptoRng>(
        &self,
        mut builder: WitnessBuilder<'a>,
        rng: &mut R,
    ) -> WitnessBuilder<'a> {
        if let Some(v) = self.amount {
            builder = builder.amount(v);
        }
        if let Some(v) = self.limit {
            builder = builder.limit(v);
        }
        if let Some(v) = self.period {
            builder = builder.period(v);
        }
        if let Some(v) = self.scope {
            builder = builder.scope(v);
        }
        if let Some(v) = self.context {
            builder = builder.context(v);
        }
        if builder.policy().uses_amount() {
            builder = builder.blinding(self.blinding.unwrap_or_else(|| Fr::rand(rng)));
        }
        if builder.policy().uses_notes() {
            builder = builder.salt(Fr::rand(rng));
        }
        builder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_strings_and_refuses_bad_values() {
        let r = ProveRequest::from_json(
            r#"{"amount": 900, "limit": "1000", "scope": "0x01", "context": 2, "blinding": null, "period": 7}"#,
        )
        .unwrap();
        assert_eq!(
            r,
            ProveRequest {
                amount: Some(900),
                limit: Some(1000),
                blinding: None,
                scope: Some(Fr::from(1u64)),
                context: Some(Fr::from(2u64)),
                period: Some(7),
            }
        );
        for (json, why) in [
            ("{", "invalid JSON"),
            ("[]", "expected a JSON object"),
            (r#"{"amount": -1}"#, "`amount` must be an integer"),
            (r#"{"amount": 1.5}"#, "`amount` must be an integer"),
            (
                r#"{"amount": "18446744073709551616"}"#,
                "`amount` must be an integer",
            ),
            (r#"{"scope": true}"#, "`scope` must be a field element"),
            (r#"{"x": 1}"#, "unknown field `x`"),
            (
                r#"{"context": "21888242871839275222246405745257275088548364400416034343698204186575808495617"}"#,
                "not below the field modulus",
            ),
        ] {
            let e = ProveRequest::from_json(json).unwrap_err().to_string();
            assert!(e.contains(why), "{json}: {e}");
        }
    }
}
