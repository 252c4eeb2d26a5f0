//! Modular exponentiation modulo SRP's 3072-bit N, done by AWS-LC (already linked for TLS):
//! its Montgomery code is hand-written assembly on x86_64 and aarch64, about twice as fast as
//! num-bigint's portable loops, and constant-time (the client secret `a` is an exponent).
//! An SRP sign-in is three of these (g^a, g^x, and S with a ~1024-bit exponent): most of
//! its client CPU.

use std::ptr::NonNull;

use aws_lc_sys::{
    BIGNUM, BN_CTX, BN_CTX_free, BN_CTX_new, BN_MONT_CTX, BN_MONT_CTX_free,
    BN_MONT_CTX_new_for_modulus, BN_bin2bn, BN_bn2bin_padded, BN_clear_free,
    BN_mod_exp_mont_consttime, BN_new, BN_num_bytes,
};

use crate::srp::SrpError;

/// An owned AWS-LC BIGNUM, cleared when dropped (it may hold a secret exponent).
struct Bn(NonNull<BIGNUM>);

impl Bn {
    fn new() -> Result<Self, SrpError> {
        // SAFETY: BN_new has no preconditions; a null return (allocation failure) is an error.
        NonNull::new(unsafe { BN_new() })
            .map(Bn)
            .ok_or(SrpError("out of memory"))
    }

    fn from_be(bytes: &[u8]) -> Result<Self, SrpError> {
        let bn = Bn::new()?;
        // SAFETY: `bytes` is valid for `bytes.len()` reads; `bn` is a live BIGNUM we own.
        let ok = unsafe { BN_bin2bn(bytes.as_ptr(), bytes.len(), bn.0.as_ptr()) };
        if ok.is_null() {
            return Err(SrpError("out of memory"));
        }
        Ok(bn)
    }

    fn to_be(&self) -> Vec<u8> {
        // SAFETY: `self.0` is a live BIGNUM; the buffer holds exactly BN_num_bytes bytes.
        unsafe {
            let len = BN_num_bytes(self.0.as_ptr()) as usize;
            let mut out = vec![0u8; len];
            BN_bn2bin_padded(out.as_mut_ptr(), len, self.0.as_ptr());
            out
        }
    }
}

impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: we own the BIGNUM and nothing else points to it.
        unsafe { BN_clear_free(self.0.as_ptr()) }
    }
}

struct Ctx(NonNull<BN_CTX>);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own the BN_CTX.
        unsafe { BN_CTX_free(self.0.as_ptr()) }
    }
}

struct Mont(NonNull<BN_MONT_CTX>);

impl Drop for Mont {
    fn drop(&mut self) {
        // SAFETY: we own the BN_MONT_CTX.
        unsafe { BN_MONT_CTX_free(self.0.as_ptr()) }
    }
}

/// Exponentiations modulo one odd modulus, sharing its Montgomery constants.
pub(crate) struct ModExp {
    modulus: Bn,
    ctx: Ctx,
    mont: Mont,
}

impl ModExp {
    /// `modulus`: big-endian, odd (SRP's N).
    pub(crate) fn new(modulus: &[u8]) -> Result<Self, SrpError> {
        let modulus = Bn::from_be(modulus)?;
        // SAFETY: BN_CTX_new has no preconditions.
        let ctx = Ctx(NonNull::new(unsafe { BN_CTX_new() }).ok_or(SrpError("out of memory"))?);
        // SAFETY: both pointers are live objects we own; a null return is an error (even modulus).
        let mont = unsafe { BN_MONT_CTX_new_for_modulus(modulus.0.as_ptr(), ctx.0.as_ptr()) };
        let mont = Mont(NonNull::new(mont).ok_or(SrpError("bad SRP modulus"))?);
        Ok(ModExp { modulus, ctx, mont })
    }

    /// base^exp mod modulus, big-endian in and out; `base` must be below the modulus.
    pub(crate) fn pow(&self, base: &[u8], exp: &[u8]) -> Result<Vec<u8>, SrpError> {
        let base = Bn::from_be(base)?;
        let exp = Bn::from_be(exp)?;
        let out = Bn::new()?;
        // SAFETY: every pointer is a live object owned here; `mont` was made for `modulus`,
        // and the caller keeps `base` below the modulus, as the function requires.
        let ok = unsafe {
            BN_mod_exp_mont_consttime(
                out.0.as_ptr(),
                base.0.as_ptr(),
                exp.0.as_ptr(),
                self.modulus.0.as_ptr(),
                self.ctx.0.as_ptr(),
                self.mont.0.as_ptr(),
            )
        };
        if ok != 1 {
            return Err(SrpError("modular exponentiation failed"));
        }
        Ok(out.to_be())
    }
}
