//! A session: the owned handle, the connection tier, the advanced per-message and INIT calls.
use std::io::IoSliceMut;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use fusecanon_sys as sys;

use crate::arch::Arch;
use crate::error::{check, Error};
use crate::plan::{Direction, Plan};

/// Where a session stands (`FUSECANON_MODE_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Waiting for INIT: message calls fail with [`Error::BadState`].
    Pending,
    /// No translation: the peer speaks this side's format (the byte order may still differ).
    None,
    /// The wire carries the canonical format.
    Canonical,
    /// The wire carries the peer's format; this side translates it.
    Peer,
    /// The server refused the peer during INIT.
    Rejected,
}

impl Mode {
    fn from_code(code: i32) -> Mode {
        match code {
            sys::FUSECANON_MODE_NONE => Mode::None,
            sys::FUSECANON_MODE_CANONICAL => Mode::Canonical,
            sys::FUSECANON_MODE_PEER => Mode::Peer,
            sys::FUSECANON_MODE_REJECTED => Mode::Rejected,
            _ => Mode::Pending,
        }
    }
}

/// What [`Session::server_recv`] made of a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    /// The buffer holds the request in this side's format: dispatch it.
    Dispatch,
    /// The library answered the request itself: the first `n` bytes of the buffer are an error reply in the
    /// client's terms; send them as they are and do not dispatch.
    Answered(usize),
}

/// What a session knows about its connection (`struct fusecanon_session_info`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session's mode.
    pub mode: Mode,
    /// This side's arch.
    pub local_arch: Arch,
    /// The peer's arch as far as it is known (0 if unknown).
    pub peer_arch: Arch,
    /// Whose constants travel on the wire (0 while pending or rejected).
    pub wire_arch: Arch,
    /// The negotiated protocol minor (45 for a fixed wire).
    pub minor: u32,
    /// Messages on the wire are big-endian.
    pub wire_big_endian: bool,
    /// The wire's byte order differs from this side's: every message is swapped.
    pub wire_swapped: bool,
    /// The INIT flags of the reply (flags | flags2 << 32), 0 before.
    pub init_flags: u64,
}

/// A session's counters (`struct fusecanon_stats`), read one by one.
pub type Stats = sys::fusecanon_stats;

/// One FUSE connection's translation state, owning the library's handle (destroyed on drop).
///
/// # Threads: `&self` and `&mut self`
///
/// The header allows any number of threads to call the connection tier and the per-message calls on a session
/// once INIT is over, because from then on the session is immutable (the in-flight table of the connection tier
/// is lock-free).  Before that, the INIT exchange changes the session and must not overlap any other call.
/// This type maps that onto Rust as follows:
///
/// * the connection tier ([`server_recv`](Session::server_recv), [`server_send`](Session::server_send),
///   [`server_send_iov`](Session::server_send_iov), [`client_send`](Session::client_send),
///   [`client_recv`](Session::client_recv)) and every query and per-message call take `&self`, and `Session` is
///   `Send + Sync`: share it with `Arc` between the threads of a server loop;
/// * until INIT has settled, those calls are serialised by a mutex inside the session, so an INIT message
///   arriving on one thread can never race with another thread's call; once INIT has settled (the server sent
///   the INIT reply, the client received it, or the wire was fixed at creation) a flag read with one atomic load
///   skips the mutex for good;
/// * the advanced tier's INIT calls ([`server_init_request`](Session::server_init_request) and friends), which the
///   header lists as the calls that change a session, take `&mut self`: the borrow checker proves nobody else
///   is using the session.
pub struct Session {
    handle: NonNull<sys::fusecanon_session>,
    settled: AtomicBool,
    init: Mutex<()>,
}

// SAFETY: the library has no thread affinity: a session may be used and destroyed from any thread.
unsafe impl Send for Session {}
// SAFETY: every &self call is thread-safe on a negotiated session (fusecanon.h, "Lifetime and threads" and
// "ORDER AND THREADS"); before INIT has settled, Session::gate serialises all of them, and the calls that change
// a session outside the connection tier take &mut self.
unsafe impl Sync for Session {}

impl Session {
    pub(crate) fn create(cfg: &sys::fusecanon_config) -> Result<Session, Error> {
        let mut out: *mut sys::fusecanon_session = std::ptr::null_mut();
        // SAFETY: cfg points to a fully initialised config whose size field is its own size; out is writable.
        check(unsafe { sys::fusecanon_session_create(cfg, &mut out) })?;
        let handle = NonNull::new(out).ok_or(Error::Internal)?;
        let session = Session { handle, settled: AtomicBool::new(false), init: Mutex::new(()) };
        // A fixed wire starts in its final mode: there is no INIT to wait for.
        let fixed = cfg.wire != sys::FUSECANON_WIRE_NEGOTIATE;
        session.settled.store(fixed, Ordering::Release);
        Ok(session)
    }

    pub(crate) fn ptr(&self) -> *mut sys::fusecanon_session {
        self.handle.as_ptr()
    }

    /// Runs `f` directly once INIT has settled; before, under the INIT mutex, then checks whether `f` settled it.
    pub(crate) fn gate<R>(&self, settles: impl Fn(&R) -> bool, f: impl FnOnce() -> R) -> R {
        if self.settled.load(Ordering::Acquire) {
            return f();
        }
        let _guard = self.init.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let r = f();
        if settles(&r) && self.raw_mode() != Mode::Pending {
            self.settled.store(true, Ordering::Release);
        }
        r
    }

    fn raw_mode(&self) -> Mode {
        // SAFETY: the handle is live; called under the INIT mutex or after INIT settled.
        Mode::from_code(unsafe { sys::fusecanon_session_mode(self.ptr()) })
    }

    fn settle_now(&mut self) {
        let done = self.raw_mode() != Mode::Pending;
        *self.settled.get_mut() = done;
    }

    /// Whether INIT is over (or the wire was fixed): from now on no call takes the INIT mutex.
    pub fn is_settled(&self) -> bool {
        self.settled.load(Ordering::Acquire)
    }

    // ---- queries ----------------------------------------------------------------------------------------

    /// The session's mode.
    pub fn mode(&self) -> Mode {
        self.gate(|_| false, || self.raw_mode())
    }

    /// The peer's arch as far as it is known: the client's arch_id (server), the configured legacy peer arch or
    /// the fixed wire arch; `None` if unknown.
    pub fn peer_arch(&self) -> Option<Arch> {
        // SAFETY: the handle is live; gated like every call.
        let id = self.gate(|_| false, || unsafe { sys::fusecanon_session_peer_arch(self.ptr()) });
        if id == 0 {
            None
        } else {
            Some(Arch::from_id(id))
        }
    }

    /// Why the session is in its mode, one line of English for the log.
    pub fn reason(&self) -> String {
        self.gate(
            |_| false,
            || {
                // SAFETY: the handle is live; the string is owned by the session and copied before the gate ends.
                let p = unsafe { sys::fusecanon_session_reason(self.ptr()) };
                if p.is_null() {
                    return String::new();
                }
                // SAFETY: p is a NUL-terminated string owned by the live session.
                unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned()
            },
        )
    }

    /// What the session knows about its connection.
    pub fn info(&self) -> SessionInfo {
        let mut raw = sys::fusecanon_session_info {
            size: std::mem::size_of::<sys::fusecanon_session_info>() as u32,
            ..Default::default()
        };
        // SAFETY: raw is writable and its size field says how much; the handle is live.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_session_info(self.ptr(), &mut raw) });
        debug_assert_eq!(code, 0);
        SessionInfo {
            mode: Mode::from_code(raw.mode),
            local_arch: Arch::from_id(raw.local_arch),
            peer_arch: Arch::from_id(raw.peer_arch),
            wire_arch: Arch::from_id(raw.wire_arch),
            minor: raw.minor,
            wire_big_endian: raw.wire_big_endian != 0,
            wire_swapped: raw.wire_swapped != 0,
            init_flags: raw.init_flags,
        }
    }

    /// A snapshot of the session's counters.
    pub fn stats(&self) -> Stats {
        let mut raw = Stats { size: std::mem::size_of::<Stats>() as u32, ..Default::default() };
        // SAFETY: raw is writable and its size field says how much; the handle is live.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_session_stats(self.ptr(), &mut raw) });
        debug_assert_eq!(code, 0);
        raw
    }

    /// Whether the connection needs no translation at all (mode NONE, same byte order): a caller may stop
    /// calling the library for it.  Never changes once true.
    pub fn passthrough(&self) -> bool {
        // SAFETY: the handle is live; gated like every call.
        self.gate(|_| false, || unsafe { sys::fusecanon_session_passthrough(self.ptr()) }) == 1
    }

    /// The session's translation plan for one direction, for the inline helpers of [`Plan`]; `None` while INIT
    /// is pending or after a rejection.  The plan lives as long as the session and never changes.
    pub fn plan(&self, direction: Direction) -> Option<Plan<'_>> {
        let size = std::mem::size_of::<sys::fusecanon_plan>();
        // SAFETY: the handle is live; plan_size is the size this crate was generated with.
        let p = self.gate(|_| false, || unsafe { sys::fusecanon_session_plan(self.ptr(), direction as i32, size) });
        // SAFETY: a non-NULL plan points into the session, stays valid and unchanged until the session is
        // destroyed, which needs `self` by value or &mut: the borrow of self outlives the reference.
        unsafe { p.as_ref() }.map(Plan::new)
    }

    // ---- the connection tier -------------------------------------------------------------------------------

    /// Server: a message was received (`fusecanon_server_recv()`); `msg` is exactly the message.
    pub fn server_recv(&self, msg: &mut [u8]) -> Result<Received, Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_server_recv(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        match check(code)? {
            0 => Ok(Received::Dispatch),
            n => Ok(Received::Answered(n as usize)),
        }
    }

    /// Server: a request whose parts sit apart was received (`fusecanon_server_recv_iov()`): a virtio descriptor
    /// chain, an io_uring ring entry's header, op struct and payload.  The message is the slices in order; only
    /// bytes whose value changes are written.  A library answer is in the message's first `n` bytes.
    pub fn server_recv_iov(&self, iov: &mut [IoSliceMut<'_>]) -> Result<Received, Error> {
        let count = i32::try_from(iov.len()).map_err(|_| Error::InvalidArgument)?;
        // IoSliceMut is guaranteed ABI-compatible with struct iovec on Unix.
        let vec = iov.as_mut_ptr() as *const sys::iovec;
        // SAFETY: vec points to count iovecs whose buffers are exclusively borrowed for the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_server_recv_iov(self.ptr(), vec, count) });
        match check(code)? {
            0 => Ok(Received::Dispatch),
            n => Ok(Received::Answered(n as usize)),
        }
    }

    /// Server: a reply or notification is about to be sent (`fusecanon_server_send()`); returns how many bytes of
    /// `msg` to send (all of it, or 16 for a refused INIT).
    pub fn server_send(&self, msg: &mut [u8]) -> Result<usize, Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|r: &i32| *r > 0, || unsafe { sys::fusecanon_server_send(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|n| n as usize)
    }

    /// Server: [`server_send`](Session::server_send) for a reply scattered over buffers, as `writev(2)` takes
    /// them (`fusecanon_server_send_iov()`).  Only bytes whose value changes are written, yet the slices must be
    /// mutable: which bytes change depends on the peer, so a shared slice could be written.
    pub fn server_send_iov(&self, iov: &mut [IoSliceMut<'_>]) -> Result<usize, Error> {
        let count = i32::try_from(iov.len()).map_err(|_| Error::InvalidArgument)?;
        // IoSliceMut is guaranteed ABI-compatible with struct iovec on Unix.
        let vec = iov.as_mut_ptr() as *const sys::iovec;
        // SAFETY: vec points to count iovecs whose buffers are exclusively borrowed for the call.
        let code = self.gate(|r: &i32| *r > 0, || unsafe { sys::fusecanon_server_send_iov(self.ptr(), vec, count) });
        check(code).map(|n| n as usize)
    }

    /// Client: a request is about to be sent (`fusecanon_client_send()`); returns how many bytes to send.
    pub fn client_send(&self, msg: &mut [u8]) -> Result<usize, Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_client_send(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|n| n as usize)
    }

    /// Client: a reply or notification was received (`fusecanon_client_recv()`); translated in place.
    pub fn client_recv(&self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|r: &i32| *r == 0, || unsafe { sys::fusecanon_client_recv(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|_| ())
    }

    // ---- the advanced tier: per-message calls ------------------------------------------------------------------

    /// Server: translate a request from the wire to this side, in place (`fusecanon_request_decode()`).
    pub fn request_decode(&self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_request_decode(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|_| ())
    }

    /// Client: translate a request from this side to the wire, in place (`fusecanon_request_encode()`).
    pub fn request_encode(&self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_request_encode(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|_| ())
    }

    /// Server: translate a reply to `opcode` from this side to the wire (`fusecanon_reply_encode()`); OR
    /// [`REPLY_XATTR_SIZE`](crate::REPLY_XATTR_SIZE) into `opcode` for a GETXATTR/LISTXATTR size reply.
    pub fn reply_encode(&self, opcode: u32, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_reply_encode(self.ptr(), opcode, msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|_| ())
    }

    /// Client: translate a reply to `opcode` from the wire to this side (`fusecanon_reply_decode()`).
    pub fn reply_decode(&self, opcode: u32, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: msg is writable for msg.len() bytes and not aliased during the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_reply_decode(self.ptr(), opcode, msg.as_mut_ptr().cast(), msg.len()) });
        check(code).map(|_| ())
    }

    /// Server: [`reply_encode`](Session::reply_encode) for a reply scattered over buffers
    /// (`fusecanon_reply_encode_iov()`).
    pub fn reply_encode_iov(&self, opcode: u32, iov: &mut [IoSliceMut<'_>]) -> Result<(), Error> {
        let count = i32::try_from(iov.len()).map_err(|_| Error::InvalidArgument)?;
        // IoSliceMut is guaranteed ABI-compatible with struct iovec on Unix.
        let vec = iov.as_mut_ptr() as *const sys::iovec;
        // SAFETY: vec points to count iovecs whose buffers are exclusively borrowed for the call.
        let code = self.gate(|_| false, || unsafe { sys::fusecanon_reply_encode_iov(self.ptr(), opcode, vec, count) });
        check(code).map(|_| ())
    }

    // ---- the advanced tier: INIT calls (they change the session: &mut self) ---------------------------------

    /// Client: stamp arch_id and the canonical flag into an INIT request (`fusecanon_client_init_request()`).
    pub fn client_init_request(&mut self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: &mut self: no other call runs on the session; msg is writable for msg.len() bytes.
        let code = unsafe { sys::fusecanon_client_init_request(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) };
        self.settle_now();
        check(code).map(|_| ())
    }

    /// Client: learn the server's decision from its INIT reply (`fusecanon_client_init_reply()`).
    pub fn client_init_reply(&mut self, msg: &[u8]) -> Result<(), Error> {
        // SAFETY: &mut self: no other call runs on the session; msg is readable for msg.len() bytes.
        let code = unsafe { sys::fusecanon_client_init_reply(self.ptr(), msg.as_ptr().cast(), msg.len()) };
        self.settle_now();
        check(code).map(|_| ())
    }

    /// Server: read a client's INIT request and decide the mode (`fusecanon_server_init_request()`).
    pub fn server_init_request(&mut self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: &mut self: no other call runs on the session; msg is writable for msg.len() bytes.
        let code = unsafe { sys::fusecanon_server_init_request(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) };
        // The decision is final only once the reply is stamped: stay unsettled.
        check(code).map(|_| ())
    }

    /// Server: stamp the decision into the INIT reply and complete INIT (`fusecanon_server_init_reply()`).
    /// `Err(Rejected)`: the reply was rewritten into a failed INIT; send its first 16 bytes.
    pub fn server_init_reply(&mut self, msg: &mut [u8]) -> Result<(), Error> {
        // SAFETY: &mut self: no other call runs on the session; msg is writable for msg.len() bytes.
        let code = unsafe { sys::fusecanon_server_init_reply(self.ptr(), msg.as_mut_ptr().cast(), msg.len()) };
        self.settle_now();
        check(code).map(|_| ())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: the handle came from fusecanon_session_create and is destroyed once; &mut self means no call is
        // running, and plans borrowed from the session cannot outlive it.
        unsafe { sys::fusecanon_session_destroy(self.ptr()) }
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("mode", &self.mode()).field("settled", &self.is_settled()).finish()
    }
}
