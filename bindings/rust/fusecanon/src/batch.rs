//! The batch calls (`fusecanon_*_batch()`): many messages per call into the library, each with exactly the result of
//! the single-message call.  Messages go to the library in chunks of [`CHUNK`] through arrays on the stack, so a batch
//! allocates nothing.
use std::os::raw::c_int;

use fusecanon_sys as sys;

use crate::error::{check, Error};
use crate::session::Session;

/// Messages handed to the library per call.
pub const CHUNK: usize = 64;

type BatchFn = unsafe extern "C" fn(*const sys::fusecanon_session, *const sys::fusecanon_msg, usize, *mut c_int) -> c_int;

/// A reply of a batch: the opcode of the request it answers (OR [`REPLY_XATTR_SIZE`](crate::REPLY_XATTR_SIZE) for
/// an xattr size reply) and the whole message.
#[derive(Debug)]
pub struct BatchReply<'a> {
    /// The answered request's opcode.
    pub opcode: u32,
    /// The reply, translated in place.
    pub msg: &'a mut [u8],
}

impl Session {
    /// Server: [`request_decode`](Session::request_decode) on every message; `results[i]` gets message i's result.
    /// Returns how many succeeded; `Err(InvalidArgument)` (nothing translated) if the lengths differ.
    pub fn request_decode_batch(&self, msgs: &mut [&mut [u8]], results: &mut [Result<(), Error>]) -> Result<usize, Error> {
        let items = msgs.iter_mut().map(|m| (m.as_mut_ptr(), m.len(), 0));
        self.batch(sys::fusecanon_request_decode_batch, items, results)
    }

    /// Client: [`request_encode`](Session::request_encode) on every message.
    pub fn request_encode_batch(&self, msgs: &mut [&mut [u8]], results: &mut [Result<(), Error>]) -> Result<usize, Error> {
        let items = msgs.iter_mut().map(|m| (m.as_mut_ptr(), m.len(), 0));
        self.batch(sys::fusecanon_request_encode_batch, items, results)
    }

    /// Server: [`reply_encode`](Session::reply_encode) on every reply.
    pub fn reply_encode_batch(&self, replies: &mut [BatchReply<'_>], results: &mut [Result<(), Error>]) -> Result<usize, Error> {
        let items = replies.iter_mut().map(|r| (r.msg.as_mut_ptr(), r.msg.len(), r.opcode));
        self.batch(sys::fusecanon_reply_encode_batch, items, results)
    }

    /// Client: [`reply_decode`](Session::reply_decode) on every reply.
    pub fn reply_decode_batch(&self, replies: &mut [BatchReply<'_>], results: &mut [Result<(), Error>]) -> Result<usize, Error> {
        let items = replies.iter_mut().map(|r| (r.msg.as_mut_ptr(), r.msg.len(), r.opcode));
        self.batch(sys::fusecanon_reply_decode_batch, items, results)
    }

    fn batch(
        &self,
        call: BatchFn,
        items: impl ExactSizeIterator<Item = (*mut u8, usize, u32)>,
        results: &mut [Result<(), Error>],
    ) -> Result<usize, Error> {
        if items.len() != results.len() {
            return Err(Error::InvalidArgument);
        }
        let empty = sys::fusecanon_msg { data: std::ptr::null_mut(), len: 0, opcode: 0, reserved: 0 };
        let mut msgs = [empty; CHUNK];
        let mut codes: [c_int; CHUNK] = [0; CHUNK];
        let mut ok = 0usize;
        let mut n = 0usize;
        let mut done = 0usize;
        let mut flush = |n: usize, done: usize, msgs: &[sys::fusecanon_msg; CHUNK], codes: &mut [c_int; CHUNK]| {
            // SAFETY: msgs[..n] point to n disjoint buffers exclusively borrowed (&mut) by the caller for this call;
            // codes has room for n results; neither array overlaps a message.
            let r = self.gate(|_| false, || unsafe { call(self.ptr(), msgs.as_ptr(), n, codes.as_mut_ptr()) });
            let count = check(r)? as usize;
            for (slot, &code) in results[done..done + n].iter_mut().zip(codes[..n].iter()) {
                *slot = check(code).map(|_| ());
            }
            Ok::<usize, Error>(count)
        };
        for (data, len, opcode) in items {
            msgs[n] = sys::fusecanon_msg { data: data.cast(), len, opcode, reserved: 0 };
            n += 1;
            if n == CHUNK {
                ok += flush(n, done, &msgs, &mut codes)?;
                done += n;
                n = 0;
            }
        }
        if n > 0 {
            ok += flush(n, done, &msgs, &mut codes)?;
        }
        Ok(ok)
    }
}
