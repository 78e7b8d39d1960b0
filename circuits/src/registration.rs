//! Registration: how a registry operator learns, without the user's secret, which account an
//! identity commitment belongs to (docs/SPEC.md §5).
//!
//! The user keeps `secret` and hands the operator the public key `pk = H(T_pk, secret)`.
//! The operator inserts `id = H(T_id, key, pk)`, computed from the account it checked, so a
//! user cannot register a key other than their account's and keep proving "not sanctioned"
//! after that account is listed. Control of the account is shown by one of:
//!
//! - an EVM account: an EIP-191 `personal_sign` signature by the address over
//!   [`RegistrationRequest::message`], which names the account, `pk`, the registry and the
//!   chain, so a signature cannot be replayed for another registry, chain or key
//!   ([`RegistrationRequest::verify`]);
//! - an on-chain registry contract: `register(pk)` computes the leaf from `msg.sender`
//!   (`IdentityRegistry.sol`);
//! - any other chain: the operator's own attestation ([`Attestation`]), which zkcomply
//!   cannot check and names as such.
//!
//! ```
//! use zkcomply_circuits::{registration::RegistrationRequest, Fr, Identity, address::AddressKey};
//! # fn main() -> Result<(), zkcomply_circuits::Error> {
//! let wallet = k256::ecdsa::SigningKey::from_slice(&[7u8; 32]).expect("a valid key");
//! let address = RegistrationRequest::address_of(&wallet);
//! let me = Identity::random(AddressKey::parse(&address)?, &mut rand::rngs::OsRng);
//! // The user signs with the account's key ...
//! let request = RegistrationRequest::new(&address, me.public_key(), "kyc.example/main", 1)?;
//! let signature = request.sign(&wallet)?;
//! // ... the operator checks the signature and gets the commitment to insert.
//! assert_eq!(request.verify(&signature)?, me.commitment());
//! # Ok(())
//! # }
//! ```

use alloy_primitives::{Address, Signature, U256};
use serde::{Deserialize, Serialize};

use crate::{address::AddressKey, commitment, error::Result, field, Error, Fr};

/// Half the order of secp256k1's group: signatures with a larger `s` are refused (EIP-2), as
/// wallets never make them.
const SECP256K1_HALF_ORDER: U256 = U256::from_be_slice(&[
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]);

/// The longest registry name a request may carry (it is shown to the user by their wallet).
pub const MAX_REGISTRY_NAME: usize = 128;

/// What an EVM account signs to register `public_key` with one registry on one chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationRequest {
    /// The account, EIP-55 checksummed.
    pub address: String,
    /// The identity's public key `pk = H(T_pk, secret)`.
    pub public_key: Fr,
    /// The registry's name, chosen by its operator (e.g. `kyc.example/main`).
    pub registry: String,
    /// The EVM chain id the registry serves.
    pub chain_id: u64,
}

impl RegistrationRequest {
    /// A request for the EVM account `address` (`0x` + 40 hex digits; an address in mixed
    /// case must carry a valid EIP-55 checksum).
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] for an address that is not an EVM address, and
    /// [`Error::InvalidRegistration`] for an empty or overlong registry name, or one with
    /// control characters.
    pub fn new(address: &str, public_key: Fr, registry: &str, chain_id: u64) -> Result<Self> {
        let account = evm_address(address)?;
        if registry.is_empty()
            || registry.len() > MAX_REGISTRY_NAME
            || registry.chars().any(char::is_control)
        {
            return Err(Error::InvalidRegistration {
                reason: format!(
                    "registry name {registry:?}: expected 1 to {MAX_REGISTRY_NAME} bytes \
                     without control characters"
                ),
            });
        }
        Ok(Self {
            address: account.to_checksum(None),
            public_key,
            registry: registry.to_string(),
            chain_id,
        })
    }

    /// The EIP-55 address of the account that holds `key`.
    pub fn address_of(key: &k256::ecdsa::SigningKey) -> String {
        Address::from_private_key(key).to_checksum(None)
    }

    /// The text the account signs with `personal_sign` (EIP-191 version `0x45`):
    ///
    /// ```text
    /// zkcomply registration
    /// registry: <registry>
    /// chain: <chain id, decimal>
    /// account: <0x EIP-55 address>
    /// public key: <0x + 64 hex digits>
    /// ```
    pub fn message(&self) -> String {
        format!(
            "zkcomply registration\nregistry: {}\nchain: {}\naccount: {}\npublic key: {}",
            self.registry,
            self.chain_id,
            self.address,
            field::to_hex(&self.public_key)
        )
    }

    /// The identity commitment this request registers: `H(T_id, key(address), pk)`.
    ///
    /// # Errors
    /// [`Error::InvalidAddress`] if the address's key is 0 (probability 2^-252).
    pub fn commitment(&self) -> Result<Fr> {
        Ok(commitment::identity_commitment(
            &AddressKey::parse(&self.address)?,
            self.public_key,
        ))
    }

    /// Signs [`Self::message`] with the account's key, as a wallet's `personal_sign` does:
    /// 65 bytes `r ‖ s ‖ v` with `v` 27 or 28 and a low `s`.
    ///
    /// # Errors
    /// [`Error::InvalidRegistration`] if `key` is not the request's account's key.
    pub fn sign(&self, key: &k256::ecdsa::SigningKey) -> Result<[u8; 65]> {
        let signer = Self::address_of(key);
        if signer != self.address {
            return Err(Error::InvalidRegistration {
                reason: format!(
                    "the signing key is account {signer}'s, the request is for {}",
                    self.address
                ),
            });
        }
        let hash = alloy_primitives::eip191_hash_message(self.message());
        let (sig, recovery) = key.sign_prehash_recoverable(hash.as_slice()).map_err(|e| {
            Error::InvalidRegistration {
                reason: format!("signing failed: {e}"),
            }
        })?;
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&sig.to_bytes());
        out[64] = 27 + u8::from(recovery.is_y_odd());
        Ok(out)
    }

    /// Checks that `signature` (65 bytes `r ‖ s ‖ v`, `v` ∈ {0, 1, 27, 28}) is the account's
    /// `personal_sign` of [`Self::message`], and returns the commitment to insert.
    ///
    /// # Errors
    /// [`Error::InvalidRegistration`] naming what is wrong: a malformed signature, a high `s`,
    /// or a signature by another account (which is also what a signature over another public
    /// key, registry or chain gives).
    pub fn verify(&self, signature: &[u8]) -> Result<Fr> {
        let bad = |reason: String| Error::InvalidRegistration { reason };
        if signature.len() != 65 {
            return Err(bad(format!(
                "a signature is 65 bytes (r, s, v), found {}",
                signature.len()
            )));
        }
        if !matches!(signature[64], 0 | 1 | 27 | 28) {
            return Err(bad(format!(
                "malformed signature: v is {}, expected 27 or 28 (or 0 or 1)",
                signature[64]
            )));
        }
        let sig =
            Signature::from_raw(signature).map_err(|e| bad(format!("malformed signature: {e}")))?;
        if sig.s() > SECP256K1_HALF_ORDER {
            return Err(bad(
                "the signature's s is in the upper half of the group order (EIP-2): \
                 wallets sign with a low s"
                    .into(),
            ));
        }
        let signer = sig
            .recover_address_from_msg(self.message())
            .map_err(|e| bad(format!("no account recovers from this signature: {e}")))?
            .to_checksum(None);
        if signer != self.address {
            return Err(bad(format!(
                "signed by {signer}, not by the account {} (or signed over another public \
                 key, registry or chain)",
                self.address
            )));
        }
        self.commitment()
    }
}

const FORMAT: &str = "zkcomply-registration/1";

/// A signed request, as the user hands it to the operator (file `zkcomply-registration/1`:
/// `{format, address, public_key, registry, chain_id, signature}`, the signature as 0x + 130
/// hex digits). It holds no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    /// What was signed.
    pub request: RegistrationRequest,
    /// The account's `personal_sign` of [`RegistrationRequest::message`].
    pub signature: [u8; 65],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedRequestJson {
    format: String,
    address: String,
    #[serde(with = "field::hex_serde")]
    public_key: Fr,
    registry: String,
    chain_id: u64,
    signature: String,
}

impl SignedRequest {
    /// The request file's JSON.
    pub fn to_json(&self) -> String {
        let r = &self.request;
        let j = SignedRequestJson {
            format: FORMAT.into(),
            address: r.address.clone(),
            public_key: r.public_key,
            registry: r.registry.clone(),
            chain_id: r.chain_id,
            signature: format!("0x{}", hex::encode(self.signature)),
        };
        serde_json::to_string_pretty(&j).unwrap_or_default()
    }

    /// Reads a request file. The signature is not checked here: see [`Self::verify`].
    ///
    /// # Errors
    /// [`Error::Json`], [`Error::Artefact`] for another format or a signature that is not
    /// 65 bytes of hex, and the errors of [`RegistrationRequest::new`].
    pub fn from_json(what: &str, json: &str) -> Result<Self> {
        let j: SignedRequestJson = crate::artefact::json::parse(what, json)?;
        let bad = |reason: String| Error::Artefact {
            what: what.to_string(),
            reason,
        };
        if j.format != FORMAT {
            return Err(bad(format!("format {:?}, expected {FORMAT:?}", j.format)));
        }
        let signature = parse_signature(&j.signature).map_err(bad)?;
        let request = RegistrationRequest::new(&j.address, j.public_key, &j.registry, j.chain_id)?;
        Ok(Self { request, signature })
    }

    /// Checks the signature, and that the request is for this operator's `registry` and
    /// `chain_id`; returns the commitment to insert.
    ///
    /// # Errors
    /// [`Error::InvalidRegistration`] for a request made for another registry or chain, and
    /// the errors of [`RegistrationRequest::verify`].
    pub fn verify(&self, registry: &str, chain_id: u64) -> Result<Fr> {
        let r = &self.request;
        if r.registry != registry || r.chain_id != chain_id {
            return Err(Error::InvalidRegistration {
                reason: format!(
                    "the request is for registry {:?} on chain {}, this is {registry:?} on chain \
                     {chain_id}",
                    r.registry, r.chain_id
                ),
            });
        }
        r.verify(&self.signature)
    }
}

/// Parses a signature written as hex (`0x` optional): 65 bytes `r ‖ s ‖ v`.
///
/// # Errors
/// A message naming what is wrong.
pub fn parse_signature(text: &str) -> std::result::Result<[u8; 65], String> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    let bytes = hex::decode(digits).map_err(|e| format!("signature {text:?} is not hex: {e}"))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("a signature is 65 bytes (r, s, v), found {}", b.len()))
}

/// A registration the operator vouches for itself (an account of a chain whose signatures
/// zkcomply does not check): the operator's attestation that the user controls the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attestation {
    /// The account's key.
    pub key: AddressKey,
    /// The identity's public key.
    pub public_key: Fr,
}

impl Attestation {
    /// The identity commitment `H(T_id, key, pk)` the operator attests.
    pub fn commitment(&self) -> Fr {
        commitment::identity_commitment(&self.key, self.public_key)
    }
}

/// Parses an EVM address: `0x` + 40 hex digits, EIP-55 checksummed when in mixed case.
fn evm_address(address: &str) -> Result<Address> {
    crate::address::parse_evm(address).map(Address::from)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;
    use crate::Identity;

    fn wallet(byte: u8) -> k256::ecdsa::SigningKey {
        k256::ecdsa::SigningKey::from_slice(&[byte; 32]).unwrap()
    }

    fn request(key: &k256::ecdsa::SigningKey, pk: Fr) -> RegistrationRequest {
        RegistrationRequest::new(&RegistrationRequest::address_of(key), pk, "kyc.test", 1).unwrap()
    }

    #[test]
    fn a_signed_request_gives_the_identity_commitment() {
        let mut rng = ChaCha20Rng::seed_from_u64(0x5e9);
        let alice = wallet(1);
        let address = RegistrationRequest::address_of(&alice);
        let me = Identity::random(AddressKey::parse(&address).unwrap(), &mut rng);
        let req = request(&alice, me.public_key());
        let sig = req.sign(&alice).unwrap();
        assert!(sig[64] == 27 || sig[64] == 28);
        assert_eq!(req.verify(&sig).unwrap(), me.commitment());
        // v as 0/1 (some signers) is the same signature.
        let mut raw = sig;
        raw[64] -= 27;
        assert_eq!(req.verify(&raw).unwrap(), me.commitment());
    }

    #[test]
    fn signatures_for_anything_else_are_refused() {
        let (alice, mallory) = (wallet(1), wallet(2));
        let pk = Fr::from(1234u64);
        let req = request(&alice, pk);
        assert!(req.verify(&req.sign(&alice).unwrap()).is_ok());
        let refused = |r: &RegistrationRequest, s: &[u8], why: &str| {
            let e = r.verify(s).expect_err(why).to_string();
            assert!(
                e.contains("signed by") || e.contains("signature"),
                "{why}: {e}"
            );
            e
        };
        // Mallory signs the message of a request for Alice's account: the signer recovered is
        // Mallory.
        let forged = {
            let hash = alloy_primitives::eip191_hash_message(req.message());
            let (sig, recovery) = mallory.sign_prehash_recoverable(hash.as_slice()).unwrap();
            let mut out = [0u8; 65];
            out[..64].copy_from_slice(&sig.to_bytes());
            out[64] = 27 + u8::from(recovery.is_y_odd());
            out
        };
        let e = refused(&req, &forged, "signed by another account");
        assert!(
            e.contains(&RegistrationRequest::address_of(&mallory)),
            "{e}"
        );
        // Alice's signature over another pk, registry or chain does not register this one.
        let other_pk = request(&alice, Fr::from(1235u64)).sign(&alice).unwrap();
        refused(&req, &other_pk, "another public key");
        let other_registry = RegistrationRequest::new(&req.address, pk, "kyc.other", 1)
            .unwrap()
            .sign(&alice)
            .unwrap();
        refused(&req, &other_registry, "another registry");
        let other_chain = RegistrationRequest::new(&req.address, pk, "kyc.test", 10)
            .unwrap()
            .sign(&alice)
            .unwrap();
        refused(&req, &other_chain, "another chain");
        // Signing a request for someone else's account is refused up front.
        assert!(req.sign(&mallory).is_err());
    }

    #[test]
    fn malformed_signatures_are_refused_by_name() {
        let alice = wallet(3);
        let req = request(&alice, Fr::from(9u64));
        let sig = req.sign(&alice).unwrap();
        assert!(req
            .verify(&sig[..64])
            .unwrap_err()
            .to_string()
            .contains("65 bytes"));
        for v in [2, 26, 29, 37, 38] {
            let mut bad_v = sig;
            bad_v[64] = v;
            let e = req.verify(&bad_v).unwrap_err().to_string();
            assert!(e.contains("malformed signature: v is"), "v = {v}: {e}");
        }
        // The high-s twin of a valid signature (s' = n - s, parity flipped) is refused.
        let s = U256::from_be_slice(&sig[32..64]);
        let n = SECP256K1_HALF_ORDER * U256::from(2u8) + U256::from(1u8);
        let mut high = sig;
        high[32..64].copy_from_slice(&(n - s).to_be_bytes::<32>());
        high[64] = if sig[64] == 27 { 28 } else { 27 };
        assert!(req.verify(&high).unwrap_err().to_string().contains("EIP-2"));
        // Zero r and s recover nothing.
        let mut zero = [0u8; 65];
        zero[64] = 27;
        assert!(req.verify(&zero).is_err());
    }

    #[test]
    fn request_files_round_trip_and_name_the_operator() {
        let alice = wallet(4);
        let req = request(&alice, Fr::from(77u64));
        let signed = SignedRequest {
            signature: req.sign(&alice).unwrap(),
            request: req,
        };
        let json = signed.to_json();
        let back = SignedRequest::from_json("req", &json).unwrap();
        assert_eq!(back, signed);
        assert!(back.verify("kyc.test", 1).is_ok());
        let e = back.verify("kyc.test", 5).unwrap_err().to_string();
        assert!(e.contains("chain 1") && e.contains("chain 5"), "{e}");
        assert!(back.verify("kyc.other", 1).is_err());
        let cut = json.replace(&hex::encode(signed.signature)[..4], "");
        assert!(SignedRequest::from_json("req", &cut)
            .unwrap_err()
            .to_string()
            .contains("65 bytes"));
        let extra = json.replacen('{', "{\"secret\": \"0x1\",", 1);
        assert!(SignedRequest::from_json("req", &extra).is_err());
    }

    #[test]
    fn requests_check_the_address_and_registry() {
        let pk = Fr::from(5u64);
        for bad in [
            "8589427373D6D84E98730D7795D8f6f8731FDA16",
            "0x8589427373D6D84E98730D7795D8f6f8731FDA1",
            "0x8589427373D6D84E98730D7795D8f6f8731FDA17",
            "bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6",
        ] {
            assert!(
                RegistrationRequest::new(bad, pk, "r", 1).is_err(),
                "{bad} accepted"
            );
        }
        let lower = "0x8589427373d6d84e98730d7795d8f6f8731fda16";
        let req = RegistrationRequest::new(lower, pk, "r", 1).unwrap();
        assert_eq!(req.address, "0x8589427373D6D84E98730D7795D8f6f8731FDA16");
        for name in ["", "a\nb", &"x".repeat(MAX_REGISTRY_NAME + 1)] {
            assert!(RegistrationRequest::new(lower, pk, name, 1).is_err());
        }
    }
}
