#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zkcomply_testkit::fuzz::run("groth16_proof_bytes", data));
