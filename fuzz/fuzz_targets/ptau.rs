#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zkcomply_testkit::fuzz::run("ptau", data));
