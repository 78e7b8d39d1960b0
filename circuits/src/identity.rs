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

    /// The identity file (`zkcomply-identity/1`), with the address for reference.
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
        let j: IdentityJson = serde_json::from_str(json).map_err(|source| Error::Json {
            what: what.to_string(),
            source,
        })?;
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
