//! What FuseCanon costs per message from Rust: the cases of native-tests/bench/fusecanon_bench (Google Benchmark,
//! C) that a Rust server meets, timed the same way (8 field values cycled, the message translated in place).
//!
//! usage: cargo run --release --example bench [-- SECONDS_PER_CASE]
//!        bench --case K --iterations N      (case K only, exactly N times, untimed: for callgrind)
//!
//! Prints ns/op per case, the best of 5 rounds of wall-clock time (std has no CPU clock; on a loaded machine
//! this overstates).  The repeatable figure is instructions/op: `scripts/rust-bench.sh` runs each case under
//! callgrind for N and 2N iterations and divides the difference by N (setup cancels out), beside
//! `fusecanon_bench --callgrind` for the C cases.
use std::time::{Duration, Instant};

use fusecanon::{Arch, Config, Direction, Received, Session};

#[path = "../tests/support/mod.rs"]
mod support;
use support::*;

/// Best-of-5 nanoseconds per iteration of `f`, each round running for about `budget`.
fn time(budget: Duration, mut f: impl FnMut(u64) -> u64) -> f64 {
    let mut n = 1u64 << 12;
    let mut sink = 0u64;
    loop {
        let t = Instant::now();
        for i in 0..n {
            sink = sink.wrapping_add(f(i));
        }
        if t.elapsed() * 8 >= budget {
            break;
        }
        n *= 2;
    }
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for i in 0..n {
            sink = sink.wrapping_add(f(i));
        }
        best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    // Keeps every result alive: printing the sum makes the work observable.
    eprintln!("(checksum {})", sink);
    best
}

fn server_with_peer(client: Arch) -> Session {
    let server = Config::server().local_arch(Arch::from_name("x86_64").unwrap()).build().unwrap();
    let mut init = Msg::init_request(2, false);
    let word = fusecanon::sys::FUSECANON_INIT_ARCH_WORD_DEFAULT as usize;
    init.put(IN, field!(fuse_init_in, unused[word]), u64::from(client.id()));
    server.server_recv(&mut init.buf).unwrap();
    server.server_send(&mut Msg::init_reply(2, false).buf).unwrap();
    server
}

fn main() {
    let seconds: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0.5f64).max(0.01);
    let budget = Duration::from_secs_f64(seconds);
    let arm = Arch::from_name("aarch64").unwrap();
    let x86 = Arch::from_name("x86_64").unwrap();
    let f = |names: &[&str]| names.iter().map(|n| open_flag(arm, n)).fold(0, |a, b| a | b);
    // The 8 values of the C bench's kOpenIn (O_RDONLY is 0 and names no bit).
    let values: [u32; 8] = [
        f(&["O_RDWR", "O_CREAT"]),
        f(&["O_DIRECT", "O_LARGEFILE"]),
        f(&["O_WRONLY", "O_APPEND", "O_LARGEFILE"]),
        f(&["O_DIRECTORY", "O_NOFOLLOW", "O_LARGEFILE"]),
        f(&["O_RDWR", "O_DIRECT", "O_CLOEXEC", "O_LARGEFILE"]),
        f(&["O_LARGEFILE"]),
        f(&["O_WRONLY", "O_CREAT", "O_EXCL", "O_LARGEFILE"]),
        f(&["O_NONBLOCK", "O_LARGEFILE"]),
    ];
    let server = server_with_peer(arm);
    let plan = server.plan(Direction::Decode).unwrap();
    let mut open = Msg::request(FUSE_OPEN as u32, 4, 5, std::mem::size_of::<fuse_open_in>(), false);
    let (flags_at, _) = field!(fuse_open_in, flags);
    let at = IN + flags_at;
    let mut copy = vec![0u8; open.buf.len()];

    let names = [
        "field/open_flags/plan (Rust Plan::open_flags, inline)",
        "field/open_flags/so_call (Arch::open_flags_to)",
        "msg/OPEN/memcpy",
        "msg/OPEN/so_call (Session::request_decode)",
        "msg/OPEN/tier (Session::server_recv)",
    ];
    let mut run = |case: usize, i: u64| -> u64 {
        let v = values[(i & 7) as usize];
        match case {
            0 => u64::from(plan.open_flags(v).unwrap_or_else(|e| e.value)),
            1 => u64::from(arm.open_flags_to(x86, v).unwrap_or_else(|e| e.value)),
            2 => {
                open.buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
                copy.copy_from_slice(&open.buf);
                u64::from(copy[at])
            }
            3 => {
                open.buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
                server.request_decode(&mut open.buf).is_ok() as u64
            }
            _ => {
                open.buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
                (server.server_recv(&mut open.buf) == Ok(Received::Dispatch)) as u64
            }
        }
    };
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse::<u64>().ok());
    if let (Some(case), Some(n)) = (arg("--case"), arg("--iterations")) {
        let sum = (0..n).fold(0u64, |acc, i| acc.wrapping_add(run(case as usize, i)));
        println!("{} x{}: checksum {}", names[case as usize], n, sum);
        return;
    }
    println!("| case | ns/op (Rust, best of 5, wall clock) |");
    println!("| --- | ---: |");
    for (case, name) in names.iter().enumerate() {
        let ns = time(budget, |i| run(case, i));
        println!("| {} | {:.2} |", name, ns);
    }
}
