//! Result codes of the C API as a Rust error type.
use std::ffi::CStr;
use std::fmt;

use fusecanon_sys as sys;

/// A `FUSECANON_E_*` result code of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// A required argument is missing or outside its documented range.
    InvalidArgument,
    /// A struct's size field is too small (cannot happen through this crate).
    StructSize,
    /// An arch id is neither a known uname -m hash nor the canonical pseudo arch.
    UnknownArch,
    /// A value has no meaning in the source architecture (unknown flag bits, errno, lock type, ioctl).
    UnknownValue,
    /// The message is shorter than its header, or than its opcode's body at the negotiated minor.
    Truncated,
    /// The header's len field disagrees with the length of the buffer.
    LengthMismatch,
    /// The opcode is not one of the FUSE protocol version the library knows.
    UnknownOpcode,
    /// The call is not allowed in the session's current state or role.
    BadState,
    /// The session refused its peer during INIT; [`Session::reason`](crate::Session::reason) says why.
    Rejected,
    /// Memory could not be allocated.
    NoMemory,
    /// An unexpected failure inside the library, contained there.
    Internal,
    /// A field of the message is invalid, e.g. a reply error that is positive or <= -512.
    BadMessage,
    /// Valid, but not supported by this version of the library.
    Unsupported,
    /// An output buffer is too small.
    BufferTooSmall,
    /// A reply names a unique the connection tier holds no request for.
    UnknownUnique,
    /// More requests await their reply than the configured `max_in_flight` allows.
    TooManyInFlight,
    /// A negative code this crate does not know (a newer library).
    Other(i32),
}

impl Error {
    /// The error of a negative result code; `None` for 0 and positive values (success).
    pub fn from_code(code: i32) -> Option<Error> {
        Some(match code {
            c if c >= 0 => return None,
            sys::FUSECANON_E_INVALID_ARGUMENT => Error::InvalidArgument,
            sys::FUSECANON_E_STRUCT_SIZE => Error::StructSize,
            sys::FUSECANON_E_UNKNOWN_ARCH => Error::UnknownArch,
            sys::FUSECANON_E_UNKNOWN_VALUE => Error::UnknownValue,
            sys::FUSECANON_E_TRUNCATED => Error::Truncated,
            sys::FUSECANON_E_LENGTH_MISMATCH => Error::LengthMismatch,
            sys::FUSECANON_E_UNKNOWN_OPCODE => Error::UnknownOpcode,
            sys::FUSECANON_E_BAD_STATE => Error::BadState,
            sys::FUSECANON_E_REJECTED => Error::Rejected,
            sys::FUSECANON_E_NO_MEMORY => Error::NoMemory,
            sys::FUSECANON_E_INTERNAL => Error::Internal,
            sys::FUSECANON_E_BAD_MESSAGE => Error::BadMessage,
            sys::FUSECANON_E_UNSUPPORTED => Error::Unsupported,
            sys::FUSECANON_E_BUFFER_TOO_SMALL => Error::BufferTooSmall,
            sys::FUSECANON_E_UNKNOWN_UNIQUE => Error::UnknownUnique,
            sys::FUSECANON_E_TOO_MANY_IN_FLIGHT => Error::TooManyInFlight,
            other => Error::Other(other),
        })
    }

    /// The C result code, e.g. `FUSECANON_E_TRUNCATED` (-5).
    pub fn code(self) -> i32 {
        match self {
            Error::InvalidArgument => sys::FUSECANON_E_INVALID_ARGUMENT,
            Error::StructSize => sys::FUSECANON_E_STRUCT_SIZE,
            Error::UnknownArch => sys::FUSECANON_E_UNKNOWN_ARCH,
            Error::UnknownValue => sys::FUSECANON_E_UNKNOWN_VALUE,
            Error::Truncated => sys::FUSECANON_E_TRUNCATED,
            Error::LengthMismatch => sys::FUSECANON_E_LENGTH_MISMATCH,
            Error::UnknownOpcode => sys::FUSECANON_E_UNKNOWN_OPCODE,
            Error::BadState => sys::FUSECANON_E_BAD_STATE,
            Error::Rejected => sys::FUSECANON_E_REJECTED,
            Error::NoMemory => sys::FUSECANON_E_NO_MEMORY,
            Error::Internal => sys::FUSECANON_E_INTERNAL,
            Error::BadMessage => sys::FUSECANON_E_BAD_MESSAGE,
            Error::Unsupported => sys::FUSECANON_E_UNSUPPORTED,
            Error::BufferTooSmall => sys::FUSECANON_E_BUFFER_TOO_SMALL,
            Error::UnknownUnique => sys::FUSECANON_E_UNKNOWN_UNIQUE,
            Error::TooManyInFlight => sys::FUSECANON_E_TOO_MANY_IN_FLIGHT,
            Error::Other(code) => code,
        }
    }

    /// The library's symbolic name of the code, e.g. `"FUSECANON_E_TRUNCATED"`.
    pub fn name(self) -> &'static str {
        // SAFETY: fusecanon_error_name takes any int and returns a static NUL-terminated string, never NULL.
        static_str(unsafe { sys::fusecanon_error_name(self.code()) })
    }
}

/// A static string of the library (error names, arch names, the version): valid for the life of the process.
pub(crate) fn static_str(p: *const std::os::raw::c_char) -> &'static str {
    if p.is_null() {
        return "";
    }
    // SAFETY: the header documents these strings as static, NUL-terminated and never freed; they are ASCII.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap_or("")
}

/// `Ok(value)` for a nonnegative code, the error otherwise.
pub(crate) fn check(code: i32) -> Result<i32, Error> {
    match Error::from_code(code) {
        None => Ok(code),
        Some(e) => Err(e),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: fusecanon_strerror takes any int and returns a static NUL-terminated string, never NULL.
        let text = static_str(unsafe { sys::fusecanon_strerror(self.code()) });
        write!(f, "{} ({})", text, self.name())
    }
}

impl std::error::Error for Error {}

/// A value that could not be translated completely, with what the translation gave all the same (the known bits
/// of flags, the destination's EIO for an errno, `FUSECANON_PLAN_LOCK_INVALID` for a lock type, the command
/// unchanged for an ioctl).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Untranslated<T> {
    /// Why: [`Error::UnknownValue`] or, for the scalar translators, [`Error::UnknownArch`] / [`Error::InvalidArgument`].
    pub error: Error,
    /// What the library wrote to its output all the same.
    pub value: T,
}

impl<T: fmt::Debug> fmt::Display for Untranslated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (fallback value {:?})", self.error, self.value)
    }
}

impl<T: fmt::Debug> std::error::Error for Untranslated<T> {}
