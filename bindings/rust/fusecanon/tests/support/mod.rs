//! What the tests share: the kernel's FUSE structs (generated from <linux/fuse.h> by FuseCanon.BindGen, see
//! fuse_wire.h), a message builder that writes fields at the offsets clang computed, and constants looked up
//! by name in the library's generated tables.
#![allow(dead_code)]

#[rustfmt::skip]
pub mod fuse_wire;

use fusecanon::{Arch, Group};
pub use fuse_wire::*;

/// The size of what a raw pointer points to, without reading it.
pub fn size_of_pointee<T>(_: *const T) -> usize {
    std::mem::size_of::<T>()
}

/// `(offset, size)` of a field (path) of a wire struct, from the generated layout (measured on a zeroed value).
#[macro_export]
macro_rules! field {
    ($t:ty, $($f:tt)+) => {{
        let value = <$t>::default();
        let base = std::ptr::addr_of!(value) as usize;
        let p = std::ptr::addr_of!(value.$($f)+);
        (p as usize - base, $crate::support::size_of_pointee(p))
    }};
}

pub const IN: usize = std::mem::size_of::<fuse_in_header>();
pub const OUT: usize = std::mem::size_of::<fuse_out_header>();

/// A FUSE message as bytes, in little- or big-endian order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub buf: Vec<u8>,
    pub big: bool,
}

impl Msg {
    /// A request: fuse_in_header (len, opcode, unique, nodeid) and a zeroed body.
    pub fn request(opcode: u32, unique: u64, nodeid: u64, body: usize, big: bool) -> Msg {
        let mut m = Msg { buf: vec![0; IN + body], big };
        let len = m.buf.len() as u64;
        m.put(0, field!(fuse_in_header, len), len);
        m.put(0, field!(fuse_in_header, opcode), u64::from(opcode));
        m.put(0, field!(fuse_in_header, unique), unique);
        m.put(0, field!(fuse_in_header, nodeid), nodeid);
        m
    }

    /// A reply: fuse_out_header (len, error, unique) and a zeroed body.
    pub fn reply(unique: u64, error: i32, body: usize, big: bool) -> Msg {
        let mut m = Msg { buf: vec![0; OUT + body], big };
        let len = m.buf.len() as u64;
        m.put(0, field!(fuse_out_header, len), len);
        m.put(0, field!(fuse_out_header, error), error as u32 as u64);
        m.put(0, field!(fuse_out_header, unique), unique);
        m
    }

    /// An INIT request as a 7.x kernel sends it (minor 37 body of the machine's header), no arch_id, no flag.
    pub fn init_request(unique: u64, big: bool) -> Msg {
        let mut m = Msg::request(FUSE_INIT as u32, unique, 0, std::mem::size_of::<fuse_init_in>(), big);
        m.put(IN, field!(fuse_init_in, major), FW_KERNEL_VERSION as u64);
        m.put(IN, field!(fuse_init_in, minor), FW_KERNEL_MINOR_VERSION as u64);
        m.put(IN, field!(fuse_init_in, flags), (FW_ASYNC_READ | FW_POSIX_LOCKS | FW_INIT_EXT) as u64);
        m
    }

    /// An INIT reply with a full fuse_init_out.
    pub fn init_reply(unique: u64, big: bool) -> Msg {
        let mut m = Msg::reply(unique, 0, std::mem::size_of::<fuse_init_out>(), big);
        m.put(OUT, field!(fuse_init_out, major), FW_KERNEL_VERSION as u64);
        m.put(OUT, field!(fuse_init_out, minor), FW_KERNEL_MINOR_VERSION as u64);
        m.put(OUT, field!(fuse_init_out, flags), (FW_POSIX_LOCKS | FW_INIT_EXT) as u64);
        m
    }

    pub fn put(&mut self, at: usize, (off, size): (usize, usize), v: u64) {
        let bytes = if self.big { v.to_be_bytes() } else { v.to_le_bytes() };
        let src = if self.big { &bytes[8 - size..] } else { &bytes[..size] };
        self.buf[at + off..at + off + size].copy_from_slice(src);
    }

    pub fn get(&self, at: usize, (off, size): (usize, usize)) -> u64 {
        let mut bytes = [0u8; 8];
        let field = &self.buf[at + off..at + off + size];
        if self.big {
            bytes[8 - size..].copy_from_slice(field);
            u64::from_be_bytes(bytes)
        } else {
            bytes[..size].copy_from_slice(field);
            u64::from_le_bytes(bytes)
        }
    }

    /// The reply's error field.
    pub fn error(&self) -> i32 {
        self.get(0, field!(fuse_out_header, error)) as u32 as i32
    }
}

/// The value of a named open flag on `arch`, found in the library's generated tables (the single bit whose
/// description names it).
pub fn open_flag(arch: Arch, name: &str) -> u32 {
    (0..32)
        .map(|b| 1u32 << b)
        .find(|&v| arch.describe(Group::OpenFlags, v as i64).unwrap().split('|').any(|n| n == name))
        .unwrap_or_else(|| panic!("{} has no open flag {}", arch, name))
}

/// The value of a named constant of a scalar group (errno, lock type) on `arch`.
pub fn scalar(arch: Arch, group: Group, name: &str) -> u32 {
    (0..1200)
        .find(|&v| arch.describe(group, v as i64).unwrap() == name)
        .unwrap_or_else(|| panic!("{} has no {:?} {}", arch, group, name)) as u32
}

pub fn arch(name: &str) -> Arch {
    Arch::from_name(name).unwrap()
}
