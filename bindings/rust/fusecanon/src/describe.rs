//! The describe functions' text, grown until it fits.
use std::os::raw::c_char;

use crate::error::{check, Error};

/// Calls `f(buf, len)` with a growing buffer until the text fits, and returns it.
pub(crate) fn text(mut f: impl FnMut(*mut c_char, usize) -> i32) -> Result<String, Error> {
    let mut buf = vec![0u8; 256];
    loop {
        let code = f(buf.as_mut_ptr().cast(), buf.len());
        match check(code) {
            Ok(n) => {
                buf.truncate(n as usize);
                return Ok(String::from_utf8_lossy(&buf).into_owned());
            }
            Err(Error::BufferTooSmall) if buf.len() < 1 << 20 => buf.resize(buf.len() * 4, 0),
            Err(e) => return Err(e),
        }
    }
}
