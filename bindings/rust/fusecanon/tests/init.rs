//! INIT negotiation through the connection tier, the scenarios of native-tests/test_init.cpp: the server's
//! decision table under both profiles, refusal, and a client session negotiating canonical mode with a server.
mod support;

use fusecanon::{sys, Arch, Config, Error, Group, Mode, Profile, Received, Session};
use support::*;

/// Where a profile puts the flag (in the 64-bit INIT flags) and the arch id (a fuse_init_in.unused word).
fn positions(profile: Profile) -> (u64, usize) {
    match profile {
        Profile::Default => (sys::FUSECANON_INIT_FLAG_DEFAULT, sys::FUSECANON_INIT_ARCH_WORD_DEFAULT as usize),
        Profile::Seed2024 => (sys::FUSECANON_INIT_FLAG_SEED_2024, sys::FUSECANON_INIT_ARCH_WORD_SEED_2024 as usize),
    }
}

/// A client's INIT as a peer implementing the handshake by hand would send it.
fn client_init(profile: Profile, arch_id: u32, flag: bool) -> Msg {
    let mut m = Msg::init_request(2, false);
    let (bit, word) = positions(profile);
    if flag {
        let flags2 = m.get(IN, field!(fuse_init_in, flags2)) | (bit >> 32);
        let flags = m.get(IN, field!(fuse_init_in, flags)) | (bit & 0xFFFF_FFFF);
        m.put(IN, field!(fuse_init_in, flags2), flags2);
        m.put(IN, field!(fuse_init_in, flags), flags);
    }
    m.put(IN, field!(fuse_init_in, unused[word]), u64::from(arch_id));
    m
}

fn reply_has_flag(profile: Profile, reply: &Msg) -> bool {
    let (bit, _) = positions(profile);
    let flags = reply.get(OUT, field!(fuse_init_out, flags)) | (reply.get(OUT, field!(fuse_init_out, flags2)) << 32);
    flags & bit != 0
}

/// Runs INIT through the server tier; returns the session, the reply as sent and the byte count to send.
fn negotiate(cfg: Config, request: &mut Msg) -> (Session, Msg, usize) {
    let server = cfg.local_arch(arch("x86_64")).build().unwrap();
    assert!(!server.is_settled());
    assert_eq!(server.server_recv(&mut request.buf).unwrap(), Received::Dispatch);
    let mut reply = Msg::init_reply(2, false);
    let n = server.server_send(&mut reply.buf).unwrap();
    (server, reply, n)
}

#[test]
fn decision_table_both_profiles() {
    let unknown_id = Arch::hash_name("riscv32").unwrap();
    for profile in [Profile::Default, Profile::Seed2024] {
        let rows: [(&str, u32, bool, Mode, bool); 6] = [
            ("legacy client", 0, false, Mode::None, false),
            ("same format, flag", arch("x86_64").id(), true, Mode::None, false),
            ("foreign arch, flag", arch("aarch64").id(), true, Mode::Canonical, true),
            ("foreign arch, no flag", arch("alpha").id(), false, Mode::Peer, false),
            ("unknown arch, flag", unknown_id, true, Mode::Canonical, true),
            ("unknown arch, no flag", unknown_id, false, Mode::None, false),
        ];
        for (what, id, flag, mode, reply_flag) in rows {
            let mut request = client_init(profile, id, flag);
            let (server, reply, n) = negotiate(Config::server().profile(profile), &mut request);
            assert_eq!(server.mode(), mode, "{:?} {}: {}", profile, what, server.reason());
            assert_eq!(n, reply.buf.len(), "{}", what);
            assert_eq!(reply_has_flag(profile, &reply), reply_flag, "{:?} {}", profile, what);
            assert!(server.is_settled(), "{}", what);
            assert_eq!(server.passthrough(), mode == Mode::None, "{}", what);
        }
    }
}

#[test]
fn refused_peer_gets_a_failed_init_in_its_own_errno() {
    let alpha = arch("alpha");
    let mut request = client_init(Profile::Default, alpha.id(), false);
    let (server, reply, n) = negotiate(Config::server().refuse_peer(true), &mut request);
    assert_eq!(server.mode(), Mode::Rejected);
    assert_eq!(n, OUT, "send only the fuse_out_header");
    let eproto = scalar(alpha, Group::Errno, "EPROTO") as i32;
    assert_ne!(eproto, scalar(Arch::host(), Group::Errno, "EPROTO") as i32, "alpha numbers EPROTO its own way");
    assert_eq!(reply.error(), -eproto);
    assert!(server.reason().contains("alpha"), "{}", server.reason());
    let mut open = Msg::request(FUSE_OPEN as u32, 4, 1, std::mem::size_of::<fuse_open_in>(), false);
    assert_eq!(server.server_recv(&mut open.buf), Err(Error::Rejected));
}

#[test]
fn unknown_arch_refused_when_configured() {
    let id = Arch::hash_name("riscv32").unwrap();
    let mut request = client_init(Profile::Default, id, false);
    let (server, _, n) = negotiate(Config::server().refuse_unknown(true), &mut request);
    assert_eq!((server.mode(), n), (Mode::Rejected, OUT));
}

#[test]
fn client_and_server_sessions_negotiate_canonical() {
    let client = Config::client().local_arch(arch("sparc64")).build().unwrap();
    let server = Config::server().local_arch(arch("x86_64")).build().unwrap();
    let mut init = Msg::init_request(2, false);
    assert_eq!(client.client_send(&mut init.buf).unwrap(), init.buf.len());
    let (bit, word) = positions(Profile::Default);
    assert_eq!(init.get(IN, field!(fuse_init_in, unused[word])), u64::from(arch("sparc64").id()), "arch_id stamped");
    assert_ne!(init.get(IN, field!(fuse_init_in, flags2)) & (bit >> 32), 0, "canonical flag stamped");
    assert_eq!(server.server_recv(&mut init.buf).unwrap(), Received::Dispatch);
    let mut reply = Msg::init_reply(2, false);
    server.server_send(&mut reply.buf).unwrap();
    client.client_recv(&mut reply.buf).unwrap();
    assert_eq!((client.mode(), server.mode()), (Mode::Canonical, Mode::Canonical));
    assert!(client.is_settled() && server.is_settled());
    assert_eq!(server.peer_arch(), Some(arch("sparc64")));
    let info = server.info();
    assert_eq!((info.minor, info.wire_arch, info.wire_swapped), (FW_KERNEL_MINOR_VERSION as u32, Arch::CANONICAL, false));
}

#[test]
fn nothing_but_init_before_init() {
    let server = Config::server().build().unwrap();
    let mut open = Msg::request(FUSE_OPEN as u32, 4, 1, std::mem::size_of::<fuse_open_in>(), false);
    let before = open.clone();
    // The header says BAD_STATE for "a request before INIT"; the library routes it to the INIT call, which
    // answers BAD_MESSAGE ("not an INIT").  Either way: an error, nothing to answer, the buffer unchanged.
    let err = server.server_recv(&mut open.buf).unwrap_err();
    assert!(err == Error::BadState || err == Error::BadMessage, "{:?}", err);
    assert_eq!(open, before, "buffer unchanged on error");
    assert_eq!(server.mode(), Mode::Pending);
    assert!(server.plan(fusecanon::Direction::Decode).is_none());
}

#[test]
fn advanced_tier_init_calls_take_mut() {
    let mut server = Config::server().local_arch(arch("x86_64")).build().unwrap();
    let mut request = client_init(Profile::Default, arch("mips64").id(), false);
    server.server_init_request(&mut request.buf).unwrap();
    assert!(!server.is_settled(), "not final before the reply is stamped");
    let mut reply = Msg::init_reply(2, false);
    server.server_init_reply(&mut reply.buf).unwrap();
    assert!(server.is_settled());
    assert_eq!(server.mode(), Mode::Peer);
}
