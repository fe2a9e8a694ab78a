//! Session configuration as a builder over `struct fusecanon_config`.
use fusecanon_sys as sys;

use crate::arch::Arch;
use crate::error::Error;
use crate::session::Session;

/// Which side of the FUSE connection the session is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Receives requests: decodes requests, encodes replies (libfuse, virtiofsd, a DPU).
    Server,
    /// Sends requests: encodes requests, decodes replies (a kernel, a proxy's upstream side).
    Client,
}

/// What travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// Decided by the INIT exchange (the default).
    Negotiate,
    /// Fixed: the canonical format, no INIT negotiation.
    Canonical,
    /// Fixed: the given arch's own format (the arch told out of band, the DPU case).
    Arch(Arch),
}

/// What a translation does with a value the source arch does not define.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownPolicy {
    /// Fail the message (the server tier answers it with EIO itself). The default.
    Reject,
    /// Translate what is known, keep the unknown bits or value.
    Pass,
    /// Translate what is known, clear unknown flag bits; scalars reject.
    Drop,
}

/// Where the canonical flag and arch_id travel in INIT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// INIT flag bit 63 and `fuse_init_in.unused[10]` (the default).
    Default,
    /// The June 2024 draft: bit 40 and `unused[0]`.
    Seed2024,
}

/// A session's configuration; every setting not made keeps the library's default.
///
/// ```no_run
/// use fusecanon::{Config, UnknownPolicy};
/// let session = Config::server().unknown_policy(UnknownPolicy::Pass).build()?;
/// # Ok::<(), fusecanon::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Config {
    raw: sys::fusecanon_config,
}

impl Config {
    fn new(role: u32) -> Config {
        let size = std::mem::size_of::<sys::fusecanon_config>() as u32;
        Config { raw: sys::fusecanon_config { size, role, ..Default::default() } }
    }

    /// A server's configuration: negotiate by INIT, this host's arch, reject unknown values.
    pub fn server() -> Config {
        Config::new(sys::FUSECANON_ROLE_SERVER)
    }

    /// A client's configuration.
    pub fn client() -> Config {
        Config::new(sys::FUSECANON_ROLE_CLIENT)
    }

    /// The configured role.
    pub fn role(&self) -> Role {
        if self.raw.role == sys::FUSECANON_ROLE_CLIENT {
            Role::Client
        } else {
            Role::Server
        }
    }

    /// This side's arch (default: the host's).
    pub fn local_arch(mut self, arch: Arch) -> Config {
        self.raw.local_arch = arch.id();
        self
    }

    /// The wire format (default: [`Wire::Negotiate`]).
    pub fn wire(mut self, wire: Wire) -> Config {
        self.raw.wire = match wire {
            Wire::Negotiate => sys::FUSECANON_WIRE_NEGOTIATE,
            Wire::Canonical => sys::FUSECANON_ARCH_CANONICAL,
            Wire::Arch(a) => a.id(),
        };
        self
    }

    /// Server: the arch assumed for a legacy client (one that sends no arch_id).
    pub fn legacy_peer_arch(mut self, arch: Arch) -> Config {
        self.raw.legacy_peer_arch = arch.id();
        self
    }

    /// What to do with values the source arch does not define.
    pub fn unknown_policy(mut self, policy: UnknownPolicy) -> Config {
        self.raw.unknown_policy = match policy {
            UnknownPolicy::Reject => sys::FUSECANON_UNKNOWN_REJECT,
            UnknownPolicy::Pass => sys::FUSECANON_UNKNOWN_PASS,
            UnknownPolicy::Drop => sys::FUSECANON_UNKNOWN_DROP,
        };
        self
    }

    fn flag(mut self, bit: u32, on: bool) -> Config {
        if on {
            self.raw.flags |= bit;
        } else {
            self.raw.flags &= !bit;
        }
        self
    }

    /// Re-encode ioctl commands (default: leave them as the client sent them).
    pub fn translate_ioctl(self, on: bool) -> Config {
        self.flag(sys::FUSECANON_CFG_TRANSLATE_IOCTL, on)
    }

    /// Server: refuse a foreign arch that offers no canonical flag.
    pub fn refuse_peer(self, on: bool) -> Config {
        self.flag(sys::FUSECANON_CFG_REFUSE_PEER, on)
    }

    /// Server: refuse an unknown arch that offers no canonical flag.
    pub fn refuse_unknown(self, on: bool) -> Config {
        self.flag(sys::FUSECANON_CFG_REFUSE_UNKNOWN, on)
    }

    /// Client: local messages are big-endian (testing a big-endian client on a little-endian host).
    pub fn local_big_endian(self, on: bool) -> Config {
        self.flag(sys::FUSECANON_CFG_LOCAL_BIG_ENDIAN, on)
    }

    /// The INIT profile (default: [`Profile::Default`]).
    pub fn profile(mut self, profile: Profile) -> Config {
        self.raw.profile = match profile {
            Profile::Default => sys::FUSECANON_PROFILE_DEFAULT,
            Profile::Seed2024 => sys::FUSECANON_PROFILE_SEED_2024,
        };
        self
    }

    /// Connection tier: how many requests may await their reply at once (0: the library's default, 16384).
    pub fn max_in_flight(mut self, n: u32) -> Config {
        self.raw.max_in_flight = n;
        self
    }

    /// Creates the session (`fusecanon_session_create()`).
    pub fn build(&self) -> Result<Session, Error> {
        Session::create(&self.raw)
    }
}
