//! The connection tier in peer, canonical and byte-swapped modes, the scenarios of
//! native-tests/test_connection.cpp: requests reach the server in its own terms, replies reach the client in
//! its own; the iovec path equals the contiguous one; the plan helpers equal the scalar translators; one session
//! shared by threads.
mod support;

use std::io::IoSliceMut;
use std::sync::Arc;

use fusecanon::{Arch, Config, Direction, Error, Group, Mode, Received, Session, UnknownPolicy};
use support::*;

const OPEN_IN: usize = std::mem::size_of::<fuse_open_in>();
const LK_IN: usize = std::mem::size_of::<fuse_lk_in>();
const LK_OUT: usize = std::mem::size_of::<fuse_lk_out>();

fn host() -> Arch {
    arch("x86_64")
}

/// A server session of this host and, for `client_arch`, the INIT of a peer client that names its arch without
/// the canonical flag (byte order `big`), negotiated through the tier.
fn peer_server(client_arch: Arch, big: bool) -> Session {
    let server = Config::server().local_arch(host()).build().unwrap();
    let mut init = Msg::init_request(2, big);
    let word = fusecanon::sys::FUSECANON_INIT_ARCH_WORD_DEFAULT as usize;
    init.put(IN, field!(fuse_init_in, unused[word]), u64::from(client_arch.id()));
    assert_eq!(server.server_recv(&mut init.buf).unwrap(), Received::Dispatch);
    // Now in this host's order, whatever the client's.
    assert_eq!(u32::from_le_bytes(init.buf[4..8].try_into().unwrap()), FUSE_INIT as u32);
    let mut reply = Msg::init_reply(2, false);
    let n = server.server_send(&mut reply.buf).unwrap();
    if big {
        // The reply went back in the client's byte order.
        let sent = Msg { buf: reply.buf[..n].to_vec(), big: true };
        assert_eq!(sent.get(0, field!(fuse_out_header, unique)), 2);
    }
    assert_eq!(server.mode(), Mode::Peer, "{}", server.reason());
    server
}

fn open_request(unique: u64, flags: u32, big: bool) -> Msg {
    let mut m = Msg::request(FUSE_OPEN as u32, unique, 5, OPEN_IN, big);
    m.put(IN, field!(fuse_open_in, flags), u64::from(flags));
    m
}

fn getlk_request(unique: u64, lock_type: u32, big: bool) -> Msg {
    let mut m = Msg::request(FUSE_GETLK as u32, unique, 5, LK_IN, big);
    m.put(IN, field!(fuse_lk_in, lk.r#type), u64::from(lock_type));
    m
}

fn getlk_reply(unique: u64, lock_type: u32) -> Msg {
    let mut m = Msg::reply(unique, 0, LK_OUT, false);
    m.put(OUT, field!(fuse_lk_out, lk.r#type), u64::from(lock_type));
    m
}

#[test]
fn negative_control_without_translation_o_direct_reads_as_o_directory() {
    // What the bug is: aarch64's O_DIRECT has x86-64's O_DIRECTORY value.
    let aarch64 = arch("aarch64");
    let direct = open_flag(aarch64, "O_DIRECT");
    let as_host = host().describe(Group::OpenFlags, i64::from(direct)).unwrap();
    assert!(as_host.contains("O_DIRECTORY"), "{}", as_host);
}

#[test]
fn peer_mode_open_flags_lock_types_and_errno() {
    for name in ["aarch64", "alpha", "sparc64", "mips64", "parisc", "ppc64le"] {
        let client = arch(name);
        let server = peer_server(client, false);
        // OPEN O_RDONLY|O_DIRECT in the client's numbering reaches the server as this host's O_DIRECT.
        let mut open = open_request(4, open_flag(client, "O_DIRECT"), false);
        assert_eq!(server.server_recv(&mut open.buf).unwrap(), Received::Dispatch);
        let flags = open.get(IN, field!(fuse_open_in, flags)) as u32;
        assert_eq!(flags, open_flag(host(), "O_DIRECT"), "{}", name);
        // An error reply: this host's ENOTDIR reaches the client as its own.
        let mut err = Msg::reply(4, -(scalar(host(), Group::Errno, "ENOTDIR") as i32), 0, false);
        assert_eq!(server.server_send(&mut err.buf).unwrap(), OUT);
        assert_eq!(-err.error() as u32, scalar(client, Group::Errno, "ENOTDIR"), "{}", name);
        // GETLK: the request's lock type and the reply's, both ways.
        let mut lk = getlk_request(6, scalar(client, Group::LockType, "F_WRLCK"), false);
        assert_eq!(server.server_recv(&mut lk.buf).unwrap(), Received::Dispatch);
        assert_eq!(lk.get(IN, field!(fuse_lk_in, lk.r#type)) as u32, scalar(host(), Group::LockType, "F_WRLCK"));
        let mut rep = getlk_reply(6, scalar(host(), Group::LockType, "F_RDLCK"));
        server.server_send(&mut rep.buf).unwrap();
        assert_eq!(rep.get(OUT, field!(fuse_lk_out, lk.r#type)) as u32, scalar(client, Group::LockType, "F_RDLCK"), "{}", name);
    }
}

#[test]
fn the_library_answers_what_it_cannot_dispatch() {
    let alpha = arch("alpha");
    let server = peer_server(alpha, false);
    let mut bogus = Msg::request(4000, 8, 5, 0, false);
    assert_eq!(server.server_recv(&mut bogus.buf).unwrap(), Received::Answered(OUT));
    assert_eq!(-bogus.error() as u32, scalar(alpha, Group::Errno, "ENOSYS"), "ENOSYS in alpha's numbering");
    // A lock type alpha does not define, under the default REJECT policy: EIO in alpha's numbering.
    let mut lk = getlk_request(10, 0x7777, false);
    assert_eq!(server.server_recv(&mut lk.buf).unwrap(), Received::Answered(OUT));
    assert_eq!(-lk.error() as u32, scalar(alpha, Group::Errno, "EIO"));
    assert_eq!(server.stats().unknown_lock_types, 1);
}

#[test]
fn canonical_mode_client_and_server() {
    let alpha = arch("alpha");
    let client = Config::client().local_arch(alpha).build().unwrap();
    let server = Config::server().local_arch(host()).build().unwrap();
    let mut init = Msg::init_request(2, false);
    client.client_send(&mut init.buf).unwrap();
    server.server_recv(&mut init.buf).unwrap();
    let mut reply = Msg::init_reply(2, false);
    server.server_send(&mut reply.buf).unwrap();
    client.client_recv(&mut reply.buf).unwrap();
    assert_eq!((client.mode(), server.mode()), (Mode::Canonical, Mode::Canonical));

    let mut open = open_request(4, open_flag(alpha, "O_DIRECT") | open_flag(alpha, "O_NOFOLLOW"), false);
    client.client_send(&mut open.buf).unwrap();
    server.server_recv(&mut open.buf).unwrap();
    assert_eq!(open.get(IN, field!(fuse_open_in, flags)) as u32, open_flag(host(), "O_DIRECT") | open_flag(host(), "O_NOFOLLOW"));

    let mut lk = getlk_request(6, scalar(alpha, Group::LockType, "F_WRLCK"), false);
    client.client_send(&mut lk.buf).unwrap();
    server.server_recv(&mut lk.buf).unwrap();
    let mut rep = getlk_reply(6, scalar(host(), Group::LockType, "F_RDLCK"));
    server.server_send(&mut rep.buf).unwrap();
    client.client_recv(&mut rep.buf).unwrap();
    assert_eq!(rep.get(OUT, field!(fuse_lk_out, lk.r#type)) as u32, scalar(alpha, Group::LockType, "F_RDLCK"));

    let mut err = Msg::reply(8, -(scalar(host(), Group::Errno, "EAGAIN") as i32), 0, false);
    let mut req = open_request(8, 0, false);
    client.client_send(&mut req.buf).unwrap();
    server.server_recv(&mut req.buf).unwrap();
    server.server_send(&mut err.buf).unwrap();
    client.client_recv(&mut err.buf).unwrap();
    assert_eq!(-err.error() as u32, scalar(alpha, Group::Errno, "EAGAIN"));
}

#[test]
fn big_endian_peer_every_field_swapped() {
    for name in ["s390x", "ppc64", "sparc64"] {
        let client = arch(name);
        let server = peer_server(client, true);
        assert!(server.info().wire_swapped && server.info().wire_big_endian);
        let mut open = open_request(4, open_flag(client, "O_DIRECT"), true);
        assert_eq!(server.server_recv(&mut open.buf).unwrap(), Received::Dispatch);
        let local = Msg { buf: open.buf.clone(), big: false };
        assert_eq!(local.get(IN, field!(fuse_open_in, flags)) as u32, open_flag(host(), "O_DIRECT"), "{}", name);
        assert_eq!(local.get(0, field!(fuse_in_header, unique)), 4);
        let mut lk = getlk_request(6, scalar(client, Group::LockType, "F_WRLCK"), true);
        server.server_recv(&mut lk.buf).unwrap();
        let mut rep = getlk_reply(6, scalar(host(), Group::LockType, "F_RDLCK"));
        server.server_send(&mut rep.buf).unwrap();
        let wire = Msg { buf: rep.buf, big: true };
        assert_eq!(wire.get(0, field!(fuse_out_header, unique)), 6, "{}", name);
        assert_eq!(wire.get(OUT, field!(fuse_lk_out, lk.r#type)) as u32, scalar(client, Group::LockType, "F_RDLCK"), "{}", name);
        // A reply to a unique the server never saw cannot be laid out on a swapped wire.
        let mut stray = getlk_reply(100, 0); // (an odd unique would be a reply to INTERRUPT: header only)
        assert_eq!(server.server_send(&mut stray.buf), Err(Error::UnknownUnique));
    }
}

#[test]
fn send_iov_equals_send() {
    let alpha = arch("alpha");
    let a = peer_server(alpha, false);
    let b = peer_server(alpha, false);
    for s in [&a, &b] {
        let mut lk = getlk_request(6, scalar(alpha, Group::LockType, "F_WRLCK"), false);
        s.server_recv(&mut lk.buf).unwrap();
    }
    let mut whole = getlk_reply(6, scalar(host(), Group::LockType, "F_WRLCK"));
    let mut split = whole.clone();
    assert_eq!(a.server_send(&mut whole.buf).unwrap(), whole.buf.len());
    // Split inside the header and inside the lock struct.
    let (h, rest) = split.buf.split_at_mut(10);
    let (mid, tail) = rest.split_at_mut(OUT + 8);
    let mut iov = [IoSliceMut::new(h), IoSliceMut::new(mid), IoSliceMut::new(tail)];
    assert_eq!(b.server_send_iov(&mut iov).unwrap(), whole.buf.len());
    assert_eq!(split, whole);
    assert_ne!(whole.get(OUT, field!(fuse_lk_out, lk.r#type)) as u32, scalar(host(), Group::LockType, "F_WRLCK"));
}

#[test]
fn recv_iov_equals_recv() {
    // A big-endian client: every field is swapped, so every byte of every part is the library's to get right.
    let sparc = arch("sparc64");
    let a = peer_server(sparc, true);
    let b = peer_server(sparc, true);
    let mut whole = getlk_request(8, scalar(sparc, Group::LockType, "F_WRLCK"), true);
    let mut split = whole.clone();
    assert_eq!(a.server_recv(&mut whole.buf).unwrap(), Received::Dispatch);
    // As a ring entry holds it: the header, the op struct in two pieces.
    let (h, rest) = split.buf.split_at_mut(IN);
    let (op, tail) = rest.split_at_mut(12);
    let mut iov = [IoSliceMut::new(h), IoSliceMut::new(op), IoSliceMut::new(tail)];
    assert_eq!(b.server_recv_iov(&mut iov).unwrap(), Received::Dispatch);
    assert_eq!(split, whole);
    let local = Msg { buf: whole.buf.clone(), big: false };
    assert_eq!(local.get(0, field!(fuse_in_header, unique)), 8);
    assert_eq!(local.get(IN, field!(fuse_lk_in, lk.r#type)) as u32, scalar(host(), Group::LockType, "F_WRLCK"));
}

#[test]
fn plan_helpers_equal_scalar_translators() {
    for name in ["alpha", "sparc64", "mips64", "parisc", "aarch64"] {
        let client = arch(name);
        let server = peer_server(client, false);
        let decode = server.plan(Direction::Decode).unwrap();
        let encode = server.plan(Direction::Encode).unwrap();
        // A group whose values agree on both sides is identity in the plan: its values pass through untouched,
        // unknown bits included, as in the message calls (the scalar translators still report unknown bits).
        let raw = decode.raw();
        let expect = |identity: u8, v: u32, scalar: Result<u32, fusecanon::Untranslated<u32>>| if identity != 0 { Ok(v) } else { scalar };
        for bit in 0..32 {
            let v = 1u32 << bit;
            assert_eq!(decode.open_flags(v), expect(raw.open_flags_identity, v, client.open_flags_to(host(), v)), "{} open bit {}", name, bit);
            assert_eq!(decode.poll_events(v), expect(raw.poll_events_identity, v, client.poll_events_to(host(), v)), "{} poll bit {}", name, bit);
        }
        for v in [0u32, 1, 2, 3, 0o100, 0o40000, 0o200000, 0x4101] {
            assert_eq!(decode.open_flags(v), expect(raw.open_flags_identity, v, client.open_flags_to(host(), v)), "{} open {:#x}", name, v);
        }
        assert_eq!(raw.open_flags_identity, 0, "{} numbers open flags its own way", name);
        for t in 0..16u32 {
            assert_eq!(decode.lock_type(t), expect(raw.lock_types_identity, t, client.lock_type_to(host(), t)), "{} lock {}", name, t);
            assert_eq!(encode.lock_type(t), expect(encode.raw().lock_types_identity, t, host().lock_type_to(client, t)), "{} lock back {}", name, t);
        }
        for e in 0..600 {
            let scalar = host().errno_to(client, e);
            let plan = encode.errno(e);
            match scalar {
                _ if encode.raw().errno_identity != 0 => assert_eq!(plan, Ok(e), "{} errno {}", name, e),
                Ok(v) if v < 512 => assert_eq!(plan, Ok(v), "{} errno {}", name, e),
                Ok(_) | Err(_) => assert!(plan.is_err(), "{} errno {}", name, e),
            }
        }
    }
}

#[test]
fn session_is_send_sync_and_shared_by_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Session>();
    let alpha = arch("alpha");
    let server = Arc::new(peer_server(alpha, false));
    let direct = open_flag(alpha, "O_DIRECT");
    let want = open_flag(host(), "O_DIRECT");
    let threads: Vec<_> = (0..4u64)
        .map(|t| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                for i in 0..2000u64 {
                    let unique = (t * 1_000_000 + i + 1) * 2;
                    let mut open = open_request(unique, direct, false);
                    server.server_recv(&mut open.buf).unwrap();
                    assert_eq!(open.get(IN, field!(fuse_open_in, flags)) as u32, want);
                    let mut lk = getlk_request(unique, 1, false);
                    server.server_recv(&mut lk.buf).unwrap();
                    let mut rep = getlk_reply(unique, 0);
                    server.server_send(&mut rep.buf).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(server.stats().messages_translated, 4 * 2000 * 3);
}

#[test]
fn errors_are_an_enum_with_the_library_s_names() {
    let server = peer_server(arch("alpha"), false);
    let mut short = vec![0u8; 10];
    assert_eq!(server.request_decode(&mut short), Err(Error::Truncated));
    assert_eq!(Error::Truncated.name(), "FUSECANON_E_TRUNCATED");
    assert_eq!(Error::from_code(Error::TooManyInFlight.code()), Some(Error::TooManyInFlight));
    assert_eq!(Error::from_code(-1000), Some(Error::Other(-1000)));
    assert!(Error::from_code(0).is_none());
    let boxed: Box<dyn std::error::Error> = Box::new(Error::UnknownArch);
    assert!(boxed.to_string().contains("FUSECANON_E_UNKNOWN_ARCH"));
    assert_eq!(Arch::from_name("riscv32"), Err(Error::UnknownArch));
    assert_eq!("aarch64".parse::<Arch>().unwrap().name(), Some("aarch64"));
    assert_eq!(Arch::CANONICAL.name(), Some("canonical"));
    assert_eq!(fusecanon::version() / 10000, fusecanon::sys::FUSECANON_VERSION_MAJOR as u32);
    let _ = UnknownPolicy::Pass;
}

#[test]
fn batches_equal_single_calls_across_chunks() {
    let alpha = arch("alpha");
    let (single, batched) = (peer_server(alpha, false), peer_server(alpha, false));
    let kinds = [open_flag(alpha, "O_DIRECT"), open_flag(alpha, "O_NOFOLLOW"), 0x7000_0000];
    // 150 requests: more than two chunks; every third has flag bits alpha does not define (REJECT policy).
    let mut a: Vec<Msg> = (0..150u64).map(|i| open_request(2 * i + 2, kinds[(i % 3) as usize], false)).collect();
    let mut b = a.clone();
    let want: Vec<Result<(), Error>> = a.iter_mut().map(|m| single.request_decode(&mut m.buf)).collect();
    let mut slices: Vec<&mut [u8]> = b.iter_mut().map(|m| m.buf.as_mut_slice()).collect();
    let mut results = vec![Ok(()); slices.len()];
    let ok = batched.request_decode_batch(&mut slices, &mut results).unwrap();
    assert_eq!(results, want);
    assert_eq!(ok, want.iter().filter(|r| r.is_ok()).count());
    assert_eq!(ok, 100);
    assert_eq!(a, b, "same bytes, failed messages unchanged");
    assert_eq!(single.stats().messages_rejected, batched.stats().messages_rejected);
    // Replies: an error reply batch, translated like one by one.
    let mut r1: Vec<Msg> = (0..70).map(|i| Msg::reply(2 * i + 2, -(scalar(host(), Group::Errno, "EAGAIN") as i32), 0, false)).collect();
    let mut replies: Vec<fusecanon::BatchReply<'_>> =
        r1.iter_mut().map(|m| fusecanon::BatchReply { opcode: FUSE_OPEN as u32, msg: m.buf.as_mut_slice() }).collect();
    let mut results = vec![Ok(()); replies.len()];
    assert_eq!(batched.reply_encode_batch(&mut replies, &mut results).unwrap(), 70);
    assert!(r1.iter().all(|m| -m.error() as u32 == scalar(alpha, Group::Errno, "EAGAIN")));
    let mut short = vec![Ok(()); 1];
    assert_eq!(batched.request_decode_batch(&mut [], &mut short), Err(Error::InvalidArgument));
}
