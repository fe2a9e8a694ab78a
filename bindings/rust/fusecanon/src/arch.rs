//! Architectures, named by the FNV-1a hash of their `uname -m` name, and the scalar translators.
use std::ffi::CString;
use std::fmt;

use fusecanon_sys as sys;

use crate::error::{static_str, Error, Untranslated};

/// One scalar translator: `self` -> `to`, the library's output value also when it reports an error.
macro_rules! xlate {
    ($(#[$doc:meta])* $name:ident, $c:ident, $t:ty) => {
        $(#[$doc])*
        pub fn $name(self, to: Arch, value: $t) -> Result<$t, Untranslated<$t>> {
            let mut out: $t = 0;
            // SAFETY: out is a valid, writable value of the C parameter's type for the duration of the call.
            let code = unsafe { sys::$c(self.0, to.0, value, &mut out) };
            translated(code, out)
        }
    };
}

/// An arch id: the FNV-1a hash of a `uname -m` name, or [`Arch::CANONICAL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Arch(u32);

impl Arch {
    /// The canonical pseudo arch: asm-generic Linux values (= x86-64's and riscv64's), little-endian.
    pub const CANONICAL: Arch = Arch(sys::FUSECANON_ARCH_CANONICAL);

    /// The id of a `uname -m` name, computed by the library; `Err(UnknownArch)` if the library has no
    /// constants for it (riscv32, a typo, an empty name, a name with a NUL byte).
    pub fn from_name(uname_machine: &str) -> Result<Arch, Error> {
        let arch = Arch(Self::hash_name(uname_machine).ok_or(Error::UnknownArch)?);
        if arch.is_known() {
            Ok(arch)
        } else {
            Err(Error::UnknownArch)
        }
    }

    /// The hash of any name, known or not (0 for "" or a name with a NUL byte).
    pub fn hash_name(uname_machine: &str) -> Option<u32> {
        let name = CString::new(uname_machine).ok()?;
        // SAFETY: name is a valid NUL-terminated string that outlives the call; the library only reads it.
        let id = unsafe { sys::fusecanon_arch_id_from_name(name.as_ptr()) };
        if id == 0 {
            None
        } else {
            Some(id)
        }
    }

    /// An arch from its raw id, as found on the wire or in a C struct.
    pub const fn from_id(id: u32) -> Arch {
        Arch(id)
    }

    /// This machine's arch (`uname(2)`); it may be one the library has no constants for.
    pub fn host() -> Arch {
        // SAFETY: takes no arguments, never fails.
        Arch(unsafe { sys::fusecanon_arch_host() })
    }

    /// The raw id.
    pub const fn id(self) -> u32 {
        self.0
    }

    /// Whether the library has constants for this arch (the canonical pseudo arch included).
    pub fn is_known(self) -> bool {
        // SAFETY: takes any u32.
        unsafe { sys::fusecanon_arch_known(self.0) == 1 }
    }

    /// The `uname -m` name this id is the hash of (`"canonical"` for [`Arch::CANONICAL`]); `None` if unknown.
    pub fn name(self) -> Option<&'static str> {
        // SAFETY: takes any u32; returns NULL or a static string valid for the life of the process.
        let p = unsafe { sys::fusecanon_arch_name(self.0) };
        if p.is_null() {
            None
        } else {
            Some(static_str(p))
        }
    }

    xlate!(
        /// Open flags of this arch translated to `to` (`fusecanon_xlate_open_flags()`).
        open_flags_to, fusecanon_xlate_open_flags, u32
    );
    xlate!(
        /// A positive errno of this arch translated to `to` (`fusecanon_xlate_errno()`).
        errno_to, fusecanon_xlate_errno, i32
    );
    xlate!(
        /// A lock type (`struct flock.l_type`) of this arch translated to `to` (`fusecanon_xlate_lock_type()`).
        lock_type_to, fusecanon_xlate_lock_type, u32
    );
    xlate!(
        /// Poll events of this arch translated to `to` (`fusecanon_xlate_poll_events()`).
        poll_events_to, fusecanon_xlate_poll_events, u32
    );
    xlate!(
        /// An ioctl command of this arch re-encoded for `to` (`fusecanon_xlate_ioctl_cmd()`).
        ioctl_cmd_to, fusecanon_xlate_ioctl_cmd, u32
    );

    /// A value in this arch's own names, for logs: e.g. `"O_RDONLY|O_DIRECT"` (`fusecanon_describe_value()`).
    pub fn describe(self, group: Group, value: i64) -> Result<String, Error> {
        crate::describe::text(|buf, len| {
            // SAFETY: buf/len is a writable buffer owned by the caller of the closure.
            unsafe { sys::fusecanon_describe_value(self.0, group as i32, value, buf, len) }
        })
    }

    /// A request (in this host's byte order) in this arch's terms, e.g. `"FUSE_OPEN len=48 unique=7 ..."`.
    pub fn describe_request(self, msg: &[u8]) -> Result<String, Error> {
        crate::describe::text(|buf, len| {
            // SAFETY: msg is readable for msg.len() bytes; buf/len is a writable buffer owned by the caller.
            unsafe { sys::fusecanon_describe_request(self.0, msg.as_ptr().cast(), msg.len(), buf, len) }
        })
    }

    /// A reply to `opcode` (in this host's byte order) in this arch's terms.
    pub fn describe_reply(self, opcode: u32, msg: &[u8]) -> Result<String, Error> {
        crate::describe::text(|buf, len| {
            // SAFETY: msg is readable for msg.len() bytes; buf/len is a writable buffer owned by the caller.
            unsafe { sys::fusecanon_describe_reply(self.0, opcode, msg.as_ptr().cast(), msg.len(), buf, len) }
        })
    }
}

/// The constant groups [`Arch::describe`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Group {
    /// open(2) flags.
    OpenFlags = sys::FUSECANON_GROUP_OPEN_FLAGS,
    /// A positive errno.
    Errno = sys::FUSECANON_GROUP_ERRNO,
    /// A `struct flock` lock type.
    LockType = sys::FUSECANON_GROUP_LOCK_TYPE,
    /// poll(2) events.
    PollEvents = sys::FUSECANON_GROUP_POLL_EVENTS,
}

fn translated<T>(code: i32, value: T) -> Result<T, Untranslated<T>> {
    match Error::from_code(code) {
        None => Ok(value),
        Some(error) => Err(Untranslated { error, value }),
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "arch {:#010x}", self.0),
        }
    }
}

impl std::str::FromStr for Arch {
    type Err = Error;

    fn from_str(s: &str) -> Result<Arch, Error> {
        Arch::from_name(s)
    }
}
