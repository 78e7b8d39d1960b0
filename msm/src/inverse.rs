//! Batch inversion, per field: Montgomery's trick in a prime field; in a quadratic
//! extension, the trick over the elements' norms in the base field
//! (`1/a = ā / N(a)`, `N(a) = a·ā`), which costs about a third less than running it on the
//! extension's own multiplication (G2's batch additions spend most of their time here).

use ark_ff::{batch_inversion, Field, Fp, FpConfig, QuadExtConfig, QuadExtField, Zero};

/// Fields whose elements can be inverted many at a time.
pub trait BatchInverse: Field {
    /// Replaces each nonzero element of `values` by its inverse; zeros stay zero.
    fn batch_inverse(values: &mut [Self]);
}

impl<P: FpConfig<N>, const N: usize> BatchInverse for Fp<P, N> {
    fn batch_inverse(values: &mut [Self]) {
        batch_inversion(values);
    }
}

impl<P: QuadExtConfig> BatchInverse for QuadExtField<P>
where
    P::BaseField: BatchInverse,
{
    fn batch_inverse(values: &mut [Self]) {
        let mut norms: Vec<P::BaseField> = values.iter().map(QuadExtField::norm).collect();
        P::BaseField::batch_inverse(&mut norms);
        for (value, norm) in values.iter_mut().zip(&norms) {
            if !value.is_zero() {
                value.conjugate_in_place().mul_assign_by_basefield(norm);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ark_bn254::{Fq, Fq2};
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;

    fn inverts<F: BatchInverse>(seed: u64) {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut values: Vec<F> = (0..100).map(|_| F::rand(&mut rng)).collect();
        values[3] = F::zero();
        values[7] = F::one();
        let expected: Vec<F> = values
            .iter()
            .map(|v| v.inverse().unwrap_or_else(F::zero))
            .collect();
        F::batch_inverse(&mut values);
        assert_eq!(values, expected);
        F::batch_inverse(&mut []);
    }

    #[test]
    fn equals_one_inversion_at_a_time() {
        inverts::<Fq>(1);
        inverts::<Fq2>(2);
    }
}
