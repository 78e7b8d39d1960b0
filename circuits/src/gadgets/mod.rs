//! R1CS gadgets: the in-circuit twins of the native primitives.
//!
//! Each gadget mirrors a native function of the same name and argument order
//! (`poseidon::hash` ↔ `gadgets::poseidon::hash`), and is tested against it.

pub mod commitment;
pub mod indexed;
pub mod merkle;
pub mod poseidon;
pub mod range;

/// The field variable type of zkcomply's circuits.
pub type FrVar = ark_r1cs_std::fields::fp::FpVar<crate::Fr>;
