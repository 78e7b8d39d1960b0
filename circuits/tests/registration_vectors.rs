//! Identity v2 and registration against independent vectors (circomlibjs Poseidon, js-sha3,
//! ethers 5: `tools/registration_vectors.js`): the tags, `pk`, the account key, the
//! commitment, the EIP-191 message and its hash, and the signature. Fix the code, never the
//! fixture.

use serde_json::Value;
use zkcomply_circuits::{
    address::AddressKey, domain::Domain, field, registration::RegistrationRequest, Fr, Identity,
};

fn fr(v: &Value) -> Fr {
    field::parse("vector", v.as_str().expect("a string")).expect("a field element")
}

fn hex_bytes(v: &Value) -> Vec<u8> {
    let s = v.as_str().expect("a string");
    hex::decode(s.strip_prefix("0x").unwrap_or(s)).expect("hex")
}

#[test]
fn identity_and_registration_match_ethers_and_circomlibjs() {
    let path = format!(
        "{}/tests/vectors/registration.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("vectors")).expect("JSON");
    assert_eq!(Domain::PublicKey.tag(), fr(&v["tags"]["public_key"]));
    assert_eq!(Domain::Identity.tag(), fr(&v["tags"]["identity"]));
    let cases = v["cases"].as_array().expect("cases");
    assert!(cases.len() >= 4);
    for case in cases {
        let address = case["address"].as_str().expect("address");
        let key = AddressKey::parse(address).expect("address key");
        assert_eq!(key.to_field(), fr(&case["key"]), "key of {address}");
        let me = Identity {
            key,
            secret: fr(&case["secret"]),
        };
        assert_eq!(me.public_key(), fr(&case["public_key"]), "pk of {address}");
        assert_eq!(me.commitment(), fr(&case["commitment"]), "id of {address}");

        // The request from the lower-case address checksums it as ethers does.
        let request = RegistrationRequest::new(
            case["address_lower"].as_str().expect("lower"),
            me.public_key(),
            case["registry"].as_str().expect("registry"),
            case["chain_id"].as_u64().expect("chain id"),
        )
        .expect("request");
        assert_eq!(request.address, address);
        assert_eq!(
            request.message(),
            case["message"].as_str().expect("message")
        );
        assert_eq!(
            alloy_primitives::eip191_hash_message(request.message()).as_slice(),
            hex_bytes(&case["eip191_hash"])
        );
        let signature = hex_bytes(&case["signature"]);
        assert_eq!(
            request.verify(&signature).expect("ethers' signature"),
            me.commitment()
        );
        // RFC 6979 with a low s: our signature is byte for byte ethers'.
        let wallet = k256::ecdsa::SigningKey::from_slice(&hex_bytes(&case["private_key"]))
            .expect("private key");
        assert_eq!(RegistrationRequest::address_of(&wallet), address);
        assert_eq!(
            request.sign(&wallet).expect("sign").to_vec(),
            signature,
            "{address}"
        );
    }
}
