//! `cargo run -p xtask -- <task>`.
//!
//! Tasks:
//! - `poseidon-constants`: write `circuits/src/poseidon/constants.rs` (circomlib Poseidon
//!   widths 14 to 17); with `--check`, write nothing and fail if the file is out of date.

use std::process::ExitCode;

use xtask::poseidon;

const USAGE: &str = "usage: cargo run -p xtask -- poseidon-constants [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["poseidon-constants"] => poseidon_constants(false),
        ["poseidon-constants", "--check"] => poseidon_constants(true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn poseidon_constants(check: bool) -> ExitCode {
    let path = poseidon::generated_path();
    let text = poseidon::render();
    if check {
        return match std::fs::read_to_string(&path) {
            Ok(current) if current == text => ExitCode::SUCCESS,
            Ok(_) => {
                eprintln!(
                    "{} is out of date: run `{}`",
                    path.display(),
                    poseidon::COMMAND
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("cannot read {}: {e}", path.display());
                ExitCode::FAILURE
            }
        };
    }
    match std::fs::write(&path, text) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
