//! A user's identity: an address key and a random secret known only to the user.
//!
//! The registry holds `id = H(T_id, key, pk)` with the public key `pk = H(T_pk, secret)`
//! (docs/SPEC.md §5): the user hands the operator `pk`, never the secret, and the operator
//! computes `id` from the account it checked ([`crate::registration`]).

use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use crate::{address::AddressKey, commitment, error::Result, field, Error, Fr};

const FORMAT: &str = "zkcomply-identity/2";
/// Version 1 identity files committed to `H(key, secret)`: an operator could not check the key.
const FORMAT_V1: &str = "zkcomply-identity/1";

/// An identity: the key of the user's address and the user's secret.
///
/// Keep it private: whoever holds the secret can prove as this identity.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The address key.
    pub key: AddressKey,
    /// The secret, a uniformly random field element.
    #[serde(with = "field::hex_serde")]
    pub secret: Fr,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("key", &self.key)
            .field("secret", &"<hidden>")
            .finish()
    }
}

#[derive(Serialize, Deserialize)]
struct IdentityJson {
    format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(flatten)]
    identity: Identity,
    #[serde(with = "field::hex_serde")]
    public_key: Fr,
    #[serde(with = "field::hex_serde")]
    commitment: Fr,
}

impl Identity {
    /// A fresh identity for `key` with a secret drawn from `rng`.
    pub fn random<R: RngCore + CryptoRng>(key: AddressKey, rng: &mut R) -> Self {
        use ark_std::UniformRand;
        Self {
            key,
            secret: Fr::rand(rng),
        }
    }

    /// The public key `pk = H(T_pk, secret)`, which the user gives the registry operator.
    pub fn public_key(&self) -> Fr {
        commitment::public_key(self.secret)
    }

    /// The identity commitment the registry holds: `H(T_id, key, pk)`.
    pub fn commitment(&self) -> Fr {
        commitment::identity_commitment(&self.key, self.public_key())
    }

    /// The nullifier of this identity in `scope`.
    pub fn nullifier(&self, scope: Fr) -> Fr {
        commitment::nullifier(self.secret, scope)
    }

    /// The identity file (`zkcomply-identity/2`), with the address for reference.
    pub fn to_json(&self, address: Option<&str>) -> String {
        let j = IdentityJson {
            format: FORMAT.into(),
            address: address.map(str::to_string),
            identity: self.clone(),
            public_key: self.public_key(),
            commitment: self.commitment(),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Reads an identity file, checking its format and that the commitment matches.
    ///
    /// # Errors
    /// [`Error::Json`] or [`Error::Artefact`].
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let j: IdentityJson = crate::artefact::json::parse(what, json)?;
        let bad = |reason: String| Error::Artefact {
            what: what.to_string(),
            reason,
        };
        if j.format == FORMAT_V1 {
            return Err(bad(format!(
                "format {FORMAT_V1:?} commits to the secret, which no registry can check \
                 against the account: make a new identity ({FORMAT:?})"
            )));
        }
        if j.format != FORMAT {
            return Err(bad(format!("format {:?}, expected {FORMAT:?}", j.format)));
        }
        if let Some(address) = &j.address {
            if AddressKey::parse(address)? != j.identity.key {
                return Err(bad(format!("key does not belong to address {address}")));
            }
        }
        if j.identity.public_key() != j.public_key {
            return Err(bad("public_key does not match the secret".into()));
        }
        if j.identity.commitment() != j.commitment {
            return Err(bad("commitment does not match key and public key".into()));
        }
        Ok(j.identity)
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;

    const ADDRESS: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    fn me() -> Identity {
        let key = AddressKey::parse(ADDRESS).unwrap();
        Identity::random(key, &mut ChaCha20Rng::seed_from_u64(0x1d))
    }

    #[test]
    fn files_round_trip_and_carry_the_public_key() {
        let me = me();
        let json = me.to_json(Some(ADDRESS));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["public_key"], field::to_hex(&me.public_key()).as_str());
        assert_eq!(Identity::from_json("id", &json).unwrap(), me);
        // The commitment is a function of the key and pk, not of the secret directly.
        assert_eq!(
            me.commitment(),
            commitment::identity_commitment(&me.key, commitment::public_key(me.secret))
        );
    }

    #[test]
    fn stale_or_inconsistent_files_are_refused_by_name() {
        let me = me();
        let json = me.to_json(Some(ADDRESS));
        let v1 = json.replace(FORMAT, FORMAT_V1);
        let e = Identity::from_json("id", &v1).unwrap_err().to_string();
        assert!(
            e.contains("zkcomply-identity/1") && e.contains("make a new identity"),
            "{e}"
        );
        let other = field::to_hex(&Fr::from(5u64));
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["public_key"] = other.clone().into();
        let e = Identity::from_json("id", &v.to_string())
            .unwrap_err()
            .to_string();
        assert!(e.contains("public_key does not match"), "{e}");
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["commitment"] = other.into();
        let e = Identity::from_json("id", &v.to_string())
            .unwrap_err()
            .to_string();
        assert!(e.contains("commitment does not match"), "{e}");
    }
}
