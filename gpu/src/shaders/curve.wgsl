// BN254 G1 (y^2 = x^3 + 3) in Jacobian coordinates: (X, Y, Z) is the affine point
// (X / Z^2, Y / Z^3), and any point with Z = 0 is the identity. These are the coordinates
// of ark-bn254's `G1Projective`, so points cross to the host unchanged.
// Formulas for a = 0 from the Explicit-Formulas Database (dbl-2009-l, add-2007-bl,
// madd-2007-bl), with the cases they exclude (identity, P + P, P + (-P)) handled first.

struct Jac {
    x: Fe,
    y: Fe,
    z: Fe,
}

fn jac_identity() -> Jac {
    return Jac(fe_one(), fe_one(), fe_zero());
}

fn jac_is_identity(p: Jac) -> bool {
    return fe_is_zero(p.z);
}

fn jac_double(p: Jac) -> Jac {
    if (jac_is_identity(p)) {
        return jac_identity();
    }
    let a = fe_sqr(p.x);
    let b = fe_sqr(p.y);
    let c = fe_sqr(b);
    let d = fe_double(fe_sub(fe_sub(fe_sqr(fe_add(p.x, b)), a), c));
    let e = fe_add(fe_double(a), a);
    let f = fe_sqr(e);
    let x3 = fe_sub(f, fe_double(d));
    let c8 = fe_double(fe_double(fe_double(c)));
    let y3 = fe_sub(fe_mul(e, fe_sub(d, x3)), c8);
    let z3 = fe_double(fe_mul(p.y, p.z));
    return Jac(x3, y3, z3);
}

fn jac_add(p: Jac, q: Jac) -> Jac {
    if (jac_is_identity(p)) {
        return q;
    }
    if (jac_is_identity(q)) {
        return p;
    }
    let z1z1 = fe_sqr(p.z);
    let z2z2 = fe_sqr(q.z);
    let u1 = fe_mul(p.x, z2z2);
    let u2 = fe_mul(q.x, z1z1);
    let s1 = fe_mul(fe_mul(p.y, q.z), z2z2);
    let s2 = fe_mul(fe_mul(q.y, p.z), z1z1);
    let h = fe_sub(u2, u1);
    let rr = fe_sub(s2, s1);
    if (fe_is_zero(h)) {
        if (fe_is_zero(rr)) {
            return jac_double(p);
        }
        return jac_identity();
    }
    let i = fe_sqr(fe_double(h));
    let j = fe_mul(h, i);
    let r = fe_double(rr);
    let v = fe_mul(u1, i);
    let x3 = fe_sub(fe_sub(fe_sqr(r), j), fe_double(v));
    let y3 = fe_sub(fe_mul(r, fe_sub(v, x3)), fe_double(fe_mul(s1, j)));
    let z3 = fe_mul(fe_sub(fe_sub(fe_sqr(fe_add(p.z, q.z)), z1z1), z2z2), h);
    return Jac(x3, y3, z3);
}

// p + (x2, y2), where (x2, y2) is an affine point (never the identity).
fn jac_add_affine(p: Jac, x2: Fe, y2: Fe) -> Jac {
    if (jac_is_identity(p)) {
        return Jac(x2, y2, fe_one());
    }
    let z1z1 = fe_sqr(p.z);
    let u2 = fe_mul(x2, z1z1);
    let s2 = fe_mul(fe_mul(y2, p.z), z1z1);
    let h = fe_sub(u2, p.x);
    let rr = fe_sub(s2, p.y);
    if (fe_is_zero(h)) {
        if (fe_is_zero(rr)) {
            return jac_double(p);
        }
        return jac_identity();
    }
    let hh = fe_sqr(h);
    let i = fe_double(fe_double(hh));
    let j = fe_mul(h, i);
    let r = fe_double(rr);
    let v = fe_mul(p.x, i);
    let x3 = fe_sub(fe_sub(fe_sqr(r), j), fe_double(v));
    let y3 = fe_sub(fe_mul(r, fe_sub(v, x3)), fe_double(fe_mul(p.y, j)));
    let z3 = fe_sub(fe_sub(fe_sqr(fe_add(p.z, h)), z1z1), hh);
    return Jac(x3, y3, z3);
}
