//! The header's `static inline fusecanon_plan_*()` helpers, reimplemented in safe Rust over the plan the library
//! hands out (`fusecanon_session_plan()`): a field translated with a few table loads, no call into the library.
use fusecanon_sys as sys;

use crate::error::{Error, Untranslated};

/// Which way a plan translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Direction {
    /// Wire -> this side: a server's requests, a client's replies.
    Decode = sys::FUSECANON_DIR_DECODE,
    /// This side -> wire: a client's requests, a server's replies.
    Encode = sys::FUSECANON_DIR_ENCODE,
}

/// One direction of a session's translations, borrowed from the session (see [`crate::Session::plan`]).
///
/// Values are in this host's byte order: on a byte-swapped wire swap the field before decoding and after
/// encoding.  Unknown values are reported, not handled: the error carries what the library's scalar translators
/// would give (the known bits, the destination's EIO, [`LOCK_INVALID`](crate::LOCK_INVALID)); the session's
/// unknown-value policy and its statistics are the caller's business here.
#[derive(Clone, Copy)]
pub struct Plan<'s> {
    raw: &'s sys::fusecanon_plan,
}

impl<'s> Plan<'s> {
    pub(crate) fn new(raw: &'s sys::fusecanon_plan) -> Plan<'s> {
        Plan { raw }
    }

    /// The library's plan itself, read-only.
    pub fn raw(&self) -> &'s sys::fusecanon_plan {
        self.raw
    }

    /// Every group is identity: a message needs validation only.
    pub fn is_identity(&self) -> bool {
        self.raw.all_identity != 0
    }

    /// open(2) flags, as the message calls translate them (`fusecanon_plan_open_flags()`).
    #[inline]
    pub fn open_flags(&self, flags: u32) -> Result<u32, Untranslated<u32>> {
        apply_flags(&self.raw.open_flags, self.raw.open_flags_identity, flags)
    }

    /// poll(2) events (`fusecanon_plan_poll_events()`).
    #[inline]
    pub fn poll_events(&self, events: u32) -> Result<u32, Untranslated<u32>> {
        apply_flags(&self.raw.poll_events, self.raw.poll_events_identity, events)
    }

    /// A positive errno of a reply (negate `fuse_out_header.error` around the call), as the reply calls translate
    /// it (`fusecanon_plan_errno()`): 0 gives 0; no equivalent, or one a reply cannot carry, gives the destination's
    /// EIO as the error's value.
    #[inline]
    pub fn errno(&self, err: i32) -> Result<i32, Untranslated<i32>> {
        if err >= 0 && (err == 0 || self.raw.errno_identity != 0) {
            return Ok(err);
        }
        let mapped = usize::try_from(err).ok().and_then(|e| self.raw.errno_map.map.get(e)).copied().unwrap_or(0);
        if mapped == 0 || i32::from(mapped) >= sys::FUSECANON_PLAN_ERRNO_REPLY_LIMIT {
            return Err(unknown(i32::from(self.raw.errno_map.eio)));
        }
        Ok(i32::from(mapped))
    }

    /// A `struct flock` lock type (`fusecanon_plan_lock_type()`).
    #[inline]
    pub fn lock_type(&self, lock_type: u32) -> Result<u32, Untranslated<u32>> {
        if self.raw.lock_types_identity != 0 {
            return Ok(lock_type);
        }
        let plan = &self.raw.lock_types;
        let count = usize::try_from(plan.count).unwrap_or(0).min(plan.from.len());
        match plan.from[..count].iter().position(|&from| from == lock_type) {
            Some(i) => Ok(plan.to[i]),
            None => Err(unknown(sys::FUSECANON_PLAN_LOCK_INVALID)),
        }
    }
}

#[inline]
fn apply_flags(f: &sys::fusecanon_flag_plan, identity: u8, value: u32) -> Result<u32, Untranslated<u32>> {
    if identity != 0 {
        return Ok(value);
    }
    let [b0, b1, b2, b3] = value.to_le_bytes();
    let out = f.table[0][usize::from(b0)] | f.table[1][usize::from(b1)] | f.table[2][usize::from(b2)] | f.table[3][usize::from(b3)];
    if value & !f.known != 0 {
        Err(unknown(out))
    } else {
        Ok(out)
    }
}

fn unknown<T>(value: T) -> Untranslated<T> {
    Untranslated { error: Error::UnknownValue, value }
}

impl std::fmt::Debug for Plan<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan").field("all_identity", &self.is_identity()).finish()
    }
}
