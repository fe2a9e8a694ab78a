//! Safe Rust API of libfusecanon: FUSE messages between CPU architectures.
//!
//! FUSE carries architecture-specific Linux constants on the wire (open flags, errno values, lock types, poll
//! events, ioctl numbers) and the byte order of every field.  A [`Session`] translates them, in place, between
//! the wire and this side, and negotiates during FUSE_INIT which side translates.
//!
//! A server calls [`Session::server_recv`] on every message it receives and [`Session::server_send`] (or
//! [`Session::server_send_iov`]) on every reply it sends; a client mirrors that with [`Session::client_send`] and
//! [`Session::client_recv`]:
//!
//! ```no_run
//! use std::io::{Read, Write};
//! use fusecanon::{Config, Received};
//!
//! fn serve(dev: &mut std::fs::File, handle: impl Fn(&[u8], &mut [u8]) -> usize) -> Result<(), Box<dyn std::error::Error>> {
//!     let session = Config::server().build()?;
//!     let (mut req, mut reply) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
//!     loop {
//!         let n = dev.read(&mut req)?;
//!         match session.server_recv(&mut req[..n]) {
//!             Ok(Received::Dispatch) => {
//!                 let len = handle(&req[..n], &mut reply); // the filesystem, in this host's terms
//!                 let len = session.server_send(&mut reply[..len])?;
//!                 dev.write_all(&reply[..len])?;
//!             }
//!             Ok(Received::Answered(len)) => dev.write_all(&req[..len])?, // the library answered it
//!             Err(_) => {}                                                 // nothing to answer
//!         }
//!     }
//! }
//! ```
//!
//! The advanced tier is here too: the INIT calls, the per-message and batch calls, and [`Plan`], the header's inline
//! helpers reimplemented over the library's own tables.  See `include/fusecanon.h` for every rule.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod arch;
mod batch;
mod config;
mod describe;
mod error;
mod plan;
mod session;

pub use arch::{Arch, Group};
pub use batch::{BatchReply, CHUNK};
pub use config::{Config, Profile, Role, UnknownPolicy, Wire};
pub use error::{Error, Untranslated};
pub use plan::{Direction, Plan};
pub use session::{Mode, Received, Session, SessionInfo, Stats};

/// The raw bindings this crate is built on.
pub use fusecanon_sys as sys;

/// OR this into the opcode of a GETXATTR/LISTXATTR reply whose request asked for the size.
pub const REPLY_XATTR_SIZE: u32 = sys::FUSECANON_REPLY_XATTR_SIZE;

/// The lock type an unknown lock type becomes: no lock type on any arch.
pub const LOCK_INVALID: u32 = sys::FUSECANON_PLAN_LOCK_INVALID;

/// The version of the library loaded at run time: MAJOR*10000 + MINOR*100 + PATCH.
pub fn version() -> u32 {
    // SAFETY: takes no arguments, never fails.
    unsafe { sys::fusecanon_version() }
}

/// The same version as text, e.g. `"1.1.0"`.
pub fn version_string() -> &'static str {
    // SAFETY: returns a static NUL-terminated string.
    error::static_str(unsafe { sys::fusecanon_version_string() })
}
