//! A FUSE server in Rust with FuseCanon: a small passthrough filesystem over a real directory (lookup, open,
//! create, read, write, release, getlk/setlk as real OFD locks, poll) served on an inherited descriptor, one
//! whole message per read (a SOCK_SEQPACKET socket; /dev/fuse and vhost-user queues deliver messages the same way).
//!
//! It is the Rust counterpart of native-tests/e2e/e2e_server.c and speaks the same command line, so the project's
//! emulated foreign FUSE kernel drives it and checks every answer in its own terms:
//!
//! ```sh
//! fusecanon_e2e_client --arch sparc64 --mode peer --server-cmd target/debug/examples/e2e_server
//! ```
//!
//! usage: e2e_server --fd N --root DIR [--trace-fd N] [--peer-arch UNAME]
//!
//! With FUSECANON_E2E_BYPASS=1 in the environment it serves without the library: the negative control, where a
//! foreign client's O_DIRECT reaches the filesystem as this host's O_DIRECTORY.
//!
//! The filesystem code below never translates anything: it hands the open flags, lock types and poll events it
//! receives straight to this host's kernel and answers with this host's errno values.  FuseCanon's two calls in
//! the loop (`server_recv`, `server_send`) make that right for a client of any architecture.
use std::collections::HashMap;
use std::ffi::CString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::raw::{c_char, c_int, c_ulong};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::os::unix::io::{AsRawFd, FromRawFd};
use std::path::PathBuf;
use std::process::ExitCode;

use fusecanon::{Arch, Config, Received};

#[path = "../../tests/support/mod.rs"]
mod support;
#[rustfmt::skip]
mod host;

use support::*;

// The C library's own functions (their prototypes; every constant and struct they take comes from host.rs).
extern "C" {
    fn open(path: *const c_char, flags: c_int, ...) -> c_int;
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn poll(fds: *mut host::pollfd, nfds: c_ulong, timeout: c_int) -> c_int;
}

struct Fs {
    root: PathBuf,
    nodes: Vec<String>, // nodeid = index + 2; 1 is the root directory
    files: HashMap<u64, File>,
    next_fh: u64,
    trace: Option<File>,
}

/// A reply body or an errno of this host.
type Reply = Result<Vec<u8>, i32>;

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(host::HOST_EIO)
}

fn errno_name(err: i32) -> String {
    if err == 0 {
        "ok".into()
    } else {
        Arch::host().describe(fusecanon::Group::Errno, i64::from(err)).unwrap_or_else(|_| err.to_string())
    }
}

impl Fs {
    fn trace(&mut self, line: String) {
        if let Some(t) = self.trace.as_mut() {
            let _ = t.write_all(format!("{}\n", line).as_bytes());
        }
    }

    fn path(&self, nodeid: u64) -> Option<PathBuf> {
        match nodeid {
            1 => Some(self.root.clone()),
            n => self.nodes.get(n.checked_sub(2)? as usize).map(|name| self.root.join(name)),
        }
    }

    fn open_path(&mut self, path: &std::path::Path, flags: u32, mode: u32) -> Result<u64, i32> {
        let c = CString::new(path.as_os_str().as_bytes()).map_err(|_| host::HOST_ENOENT)?;
        // SAFETY: c is a NUL-terminated path that outlives the call; open's third argument is read only with
        // O_CREAT/O_TMPFILE and is then the mode, passed as the unsigned int C promotes it to.
        let fd = unsafe { open(c.as_ptr(), flags as c_int, mode) };
        if fd < 0 {
            return Err(last_errno());
        }
        // SAFETY: fd was just returned by open(2) and nothing else owns it.
        let file = unsafe { File::from_raw_fd(fd) };
        self.next_fh += 1;
        self.files.insert(self.next_fh, file);
        Ok(self.next_fh)
    }

    fn entry(&mut self, name: &str) -> Reply {
        let meta = std::fs::symlink_metadata(self.root.join(name)).map_err(|e| e.raw_os_error().unwrap_or(host::HOST_EIO))?;
        let index = match self.nodes.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.nodes.push(name.to_string());
                self.nodes.len() - 1
            }
        };
        let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_entry_out>()], big: false };
        m.put(0, field!(fuse_entry_out, nodeid), index as u64 + 2);
        m.put(0, field!(fuse_entry_out, attr.ino), meta.ino());
        m.put(0, field!(fuse_entry_out, attr.size), meta.size());
        m.put(0, field!(fuse_entry_out, attr.mode), u64::from(meta.mode()));
        m.put(0, field!(fuse_entry_out, attr.nlink), meta.nlink());
        Ok(m.buf)
    }

    fn file(&self, fh: u64) -> Result<&File, i32> {
        self.files.get(&fh).ok_or(host::HOST_EIO)
    }

    /// Serves one request (in this host's terms); `None` for requests that get no reply.
    fn handle(&mut self, req: &Msg) -> Option<Reply> {
        let opcode = req.get(0, field!(fuse_in_header, opcode)) as fuse_opcode;
        let nodeid = req.get(0, field!(fuse_in_header, nodeid));
        let body = &req.buf[IN..];
        let name = || String::from_utf8_lossy(body.split(|&b| b == 0).next().unwrap_or(&[])).into_owned();
        Some(match opcode {
            FUSE_INIT => {
                let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_init_out>()], big: false };
                let minor = req.get(IN, field!(fuse_init_in, minor)).min(FW_KERNEL_MINOR_VERSION as u64);
                m.put(0, field!(fuse_init_out, major), FW_KERNEL_VERSION as u64);
                m.put(0, field!(fuse_init_out, minor), minor);
                m.put(0, field!(fuse_init_out, flags), (FW_POSIX_LOCKS | FW_INIT_EXT) as u64);
                m.put(0, field!(fuse_init_out, max_write), 1 << 17);
                Ok(m.buf)
            }
            FUSE_LOOKUP => self.entry(&name()),
            FUSE_OPEN => {
                let flags = req.get(IN, field!(fuse_open_in, flags)) as u32;
                let path = match self.path(nodeid) {
                    Some(p) => p,
                    None => return Some(Err(host::HOST_ENOENT)),
                };
                let result = self.open_path(&path, flags, 0);
                let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                self.trace(format!("fs open(\"{}\", {} = {:#x}) -> {}", file, describe_flags(flags), flags, errno_name(result.err().unwrap_or(0))));
                result.map(|fh| {
                    let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_open_out>()], big: false };
                    m.put(0, field!(fuse_open_out, fh), fh);
                    m.buf
                })
            }
            FUSE_CREATE => {
                let flags = req.get(IN, field!(fuse_create_in, flags)) as u32;
                let mode = req.get(IN, field!(fuse_create_in, mode)) as u32;
                let name = String::from_utf8_lossy(body[std::mem::size_of::<fuse_create_in>()..].split(|&b| b == 0).next()?).into_owned();
                let path = self.root.join(&name);
                let result = self.open_path(&path, flags, mode);
                self.trace(format!("fs create(\"{}\", {} = {:#x}) -> {}", name, describe_flags(flags), flags, errno_name(result.err().unwrap_or(0))));
                result.and_then(|fh| {
                    let mut out = self.entry(&name)?;
                    let mut open = Msg { buf: vec![0; std::mem::size_of::<fuse_open_out>()], big: false };
                    open.put(0, field!(fuse_open_out, fh), fh);
                    out.extend_from_slice(&open.buf);
                    Ok(out)
                })
            }
            FUSE_WRITE => {
                let fh = req.get(IN, field!(fuse_write_in, fh));
                let offset = req.get(IN, field!(fuse_write_in, offset));
                let size = req.get(IN, field!(fuse_write_in, size)) as usize;
                let data = body.get(std::mem::size_of::<fuse_write_in>()..)?.get(..size)?;
                self.file(fh).and_then(|f| f.write_at(data, offset).map_err(|e| e.raw_os_error().unwrap_or(host::HOST_EIO))).map(|n| {
                    let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_write_out>()], big: false };
                    m.put(0, field!(fuse_write_out, size), n as u64);
                    m.buf
                })
            }
            FUSE_READ => {
                let fh = req.get(IN, field!(fuse_read_in, fh));
                let offset = req.get(IN, field!(fuse_read_in, offset));
                let mut data = vec![0; req.get(IN, field!(fuse_read_in, size)) as usize];
                self.file(fh).and_then(|f| f.read_at(&mut data, offset).map_err(|e| e.raw_os_error().unwrap_or(host::HOST_EIO))).map(|n| {
                    data.truncate(n);
                    data
                })
            }
            FUSE_RELEASE => {
                self.files.remove(&req.get(IN, field!(fuse_release_in, fh)));
                Ok(Vec::new())
            }
            FUSE_GETLK | FUSE_SETLK | FUSE_SETLKW => self.lock(opcode, req),
            FUSE_POLL => {
                let fh = req.get(IN, field!(fuse_poll_in, fh));
                let events = req.get(IN, field!(fuse_poll_in, events)) as u32;
                let fd = self.file(fh).map(|f| f.as_raw_fd());
                let result = fd.and_then(|fd| {
                    let mut p = host::pollfd { fd, events: events as i16, revents: 0 };
                    // SAFETY: p is one valid pollfd for the duration of the call; timeout 0 never blocks.
                    if unsafe { poll(&mut p, 1, 0) } < 0 {
                        Err(last_errno())
                    } else {
                        Ok(p.revents as u16 as u32)
                    }
                });
                self.trace(format!("fs poll(events {:#x}) -> {}, revents {:#x}", events, errno_name(result.err().unwrap_or(0)), result.unwrap_or(0)));
                result.map(|revents| {
                    let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_poll_out>()], big: false };
                    m.put(0, field!(fuse_poll_out, revents), u64::from(revents));
                    m.buf
                })
            }
            FUSE_FORGET | FUSE_BATCH_FORGET | FUSE_INTERRUPT => return None,
            _ => Err(host::HOST_ENOSYS),
        })
    }

    /// GETLK/SETLK/SETLKW as open-file-description locks of this host's kernel (the lock type passes through).
    fn lock(&mut self, opcode: fuse_opcode, req: &Msg) -> Reply {
        let fd = self.file(req.get(IN, field!(fuse_lk_in, fh)))?.as_raw_fd();
        let start = req.get(IN, field!(fuse_lk_in, lk.start));
        let end = req.get(IN, field!(fuse_lk_in, lk.end));
        let mut fl = host::flock {
            l_type: req.get(IN, field!(fuse_lk_in, lk.r#type)) as i16,
            l_whence: host::HOST_SEEK_SET as i16,
            l_start: start as i64,
            l_len: if end == u64::MAX { 0 } else { (end - start + 1) as i64 },
            l_pid: 0,
        };
        let cmd = if opcode == FUSE_GETLK { host::HOST_F_OFD_GETLK } else { host::HOST_F_OFD_SETLK };
        let asked = lock_name(fl.l_type);
        // SAFETY: fl is a valid struct flock for the duration of the call, as F_OFD_GETLK/SETLK expect.
        let result = if unsafe { fcntl(fd, cmd, &mut fl as *mut host::flock) } < 0 { Err(last_errno()) } else { Ok(()) };
        let what = if opcode == FUSE_GETLK { "getlk" } else { "setlk" };
        self.trace(format!("fs {}({}) -> {}{}", what, asked, errno_name(result.err().unwrap_or(0)),
            if opcode == FUSE_GETLK && result.is_ok() { format!(", held: {}", lock_name(fl.l_type)) } else { String::new() }));
        result?;
        if opcode != FUSE_GETLK {
            return Ok(Vec::new());
        }
        let mut m = Msg { buf: vec![0; std::mem::size_of::<fuse_lk_out>()], big: false };
        m.put(0, field!(fuse_lk_out, lk.r#type), fl.l_type as u16 as u64);
        m.put(0, field!(fuse_lk_out, lk.start), fl.l_start as u64);
        let end = if fl.l_len == 0 { u64::MAX } else { (fl.l_start + fl.l_len - 1) as u64 };
        m.put(0, field!(fuse_lk_out, lk.end), end);
        m.put(0, field!(fuse_lk_out, lk.pid), fl.l_pid as u32 as u64);
        Ok(m.buf)
    }
}

fn describe_flags(flags: u32) -> String {
    Arch::host().describe(fusecanon::Group::OpenFlags, i64::from(flags)).unwrap_or_default()
}

fn lock_name(t: i16) -> String {
    Arch::host().describe(fusecanon::Group::LockType, i64::from(t)).unwrap_or_default()
}

/// The whole reply: fuse_out_header (len, error as this host numbers it, unique) and the body.
fn reply_bytes(unique: u64, reply: Reply) -> Vec<u8> {
    let (error, body) = match reply {
        Ok(body) => (0, body),
        Err(errno) => (-errno, Vec::new()),
    };
    let mut m = Msg::reply(unique, error, body.len(), false);
    m.buf[OUT..].copy_from_slice(&body);
    m.buf
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (fd, root) = match (arg("--fd").and_then(|f| f.parse::<c_int>().ok()), arg("--root")) {
        (Some(fd), Some(root)) => (fd, root),
        _ => {
            eprintln!("usage: e2e_server --fd N --root DIR [--trace-fd N] [--peer-arch UNAME]");
            return ExitCode::from(2);
        }
    };
    // SAFETY: the parent passed these descriptors to this process for it alone; nothing else here owns them.
    let mut sock = unsafe { File::from_raw_fd(fd) };
    // SAFETY: as above.
    let trace = arg("--trace-fd").and_then(|t| t.parse::<c_int>().ok()).map(|t| unsafe { File::from_raw_fd(t) });

    let mut config = Config::server();
    if let Some(name) = arg("--peer-arch") {
        match Arch::from_name(&name) {
            Ok(arch) => config = config.legacy_peer_arch(arch),
            Err(e) => {
                eprintln!("--peer-arch {}: {}", name, e);
                return ExitCode::from(2);
            }
        }
    }
    let session = match config.build() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fusecanon session: {}", e);
            return ExitCode::FAILURE;
        }
    };
    let mut fs = Fs { root: PathBuf::from(root), nodes: Vec::new(), files: HashMap::new(), next_fh: 0, trace };
    let bypass = std::env::var_os("FUSECANON_E2E_BYPASS").map_or(false, |v| v == "1");
    let mut buf = vec![0u8; 1 << 18];
    loop {
        let n = match sock.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let msg = &mut buf[..n];
        let received = if bypass { Ok(Received::Dispatch) } else { session.server_recv(msg) };
        let out = match received {
            Ok(Received::Dispatch) => {
                let req = Msg { buf: msg.to_vec(), big: false };
                let unique = req.get(0, field!(fuse_in_header, unique));
                let init = req.get(0, field!(fuse_in_header, opcode)) as fuse_opcode == FUSE_INIT;
                match fs.handle(&req) {
                    None => continue,
                    Some(reply) => {
                        let mut bytes = reply_bytes(unique, reply);
                        let sent = if bypass { Ok(bytes.len()) } else { session.server_send(&mut bytes) };
                        let sent = sent.map(|len| {
                            bytes.truncate(len);
                            bytes
                        });
                        if init && !bypass {
                            eprintln!("fusecanon: {:?} mode: {}", session.mode(), session.reason());
                        }
                        match sent {
                            Ok(bytes) => bytes,
                            Err(e) => {
                                eprintln!("fusecanon_server_send: {}", e);
                                continue;
                            }
                        }
                    }
                }
            }
            Ok(Received::Answered(len)) => msg[..len].to_vec(),
            Err(e) => {
                eprintln!("dropped a message: {}", e);
                continue;
            }
        };
        if sock.write_all(&out).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
