//! `zkcomply info` (alias `circuits`): what each policy proves and what it costs.

use anyhow::Result;
use clap::Args;
use serde_json::json;
use zkcomply::{circuits::policy::constraint_count, Policy, Shape};

use super::{parse_depth, Ctx, Exit};
use crate::ui;

/// Arguments of `info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Depth of the sanctions tree to count constraints at.
    #[arg(long, default_value_t = 32, value_parser = parse_depth)]
    pub sanctions_depth: usize,
    /// Depth of the registry to count constraints at.
    #[arg(long, default_value_t = 20, value_parser = parse_depth)]
    pub registry_depth: usize,
    /// Depth of the state tree of allowance notes to count constraints at.
    #[arg(long, default_value_t = 24, value_parser = parse_depth)]
    pub state_depth: usize,
}

/// Runs `info`.
///
/// # Errors
/// Constraint synthesis failures.
pub fn run(ctx: Ctx, args: InfoArgs) -> Result<Exit> {
    let shape = Shape {
        sanctions_depth: args.sanctions_depth,
        registry_depth: args.registry_depth,
        state_depth: args.state_depth,
    };
    let mut policies = Vec::new();
    for policy in Policy::ALL {
        let (constraints, _) = ui::timed(format!("counting the constraints of {policy}"), || {
            constraint_count(policy, shape)
        })?;
        policies.push((policy, constraints));
    }
    if ctx.json {
        let list: Vec<_> = policies
            .iter()
            .map(|(p, n)| {
                json!({
                    "name": p.name(),
                    "id": p.id(),
                    "version": p.version(),
                    "public_inputs": p.inputs().iter().map(|i| i.name()).collect::<Vec<_>>(),
                    "constraints": n,
                })
            })
            .collect();
        ui::print_json(&json!({
            "sanctions_depth": shape.sanctions_depth,
            "registry_depth": shape.registry_depth,
            "state_depth": shape.state_depth,
            "policies": list,
        }));
        return Ok(Exit::Success);
    }
    say!(
        "policies at sanctions depth {}, registry depth {}, state depth {} (Groth16 over BN254):",
        shape.sanctions_depth,
        shape.registry_depth,
        shape.state_depth
    );
    for (p, n) in &policies {
        say!();
        say!("{} (id {}, v{})", p.name(), p.id(), p.version());
        say!("  constraints: {n}");
        say!("  public inputs, in order:");
        for (i, input) in p.inputs().iter().enumerate() {
            say!("    {}. {input}", i + 1);
        }
    }
    Ok(Exit::Success)
}
