//! `zkcomply`: the command-line tool of zkcomply. It builds and updates sanctions lists
//! and identity registries, runs setups, proves, verifies, exports keys and proofs for
//! snarkjs and Solidity (verifier and gate contracts, calldata), and narrates a full demo.
//!
//! Exit status: 0 on success (and for `verify`, an accepted proof); 1 when a proof is
//! rejected (`verify`) or the demo sees an unexpected result; 2 for any error (bad
//! arguments, unreadable or malformed files, refused witnesses).
#![forbid(unsafe_code)]

#[macro_use]
mod ui;
mod cmd;
mod io;
mod ofac;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    let json = cli.json;
    match cmd::run(cli) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            ui::error(&e, json);
            ExitCode::from(cmd::Exit::Error.code())
        }
    }
}
