//! `zksh --sandbox`: a throwaway real server, started by the project's own script embedded in
//! the binary, used, and removed on exit.

#[test]
fn sandbox_starts_a_server_and_removes_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
        .args([
            "--sandbox",
            "-c",
            "create /sandboxed yes; get /sandboxed; srvr",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("/sandboxed\nyes"), "{stdout}");
    assert!(stdout.contains("Mode: standalone"), "{stdout}");
    // The address is announced on stderr, never on stdout.
    let dir = stderr
        .lines()
        .find_map(|l| l.strip_prefix("zksh: starting a throwaway ZooKeeper server in "))
        .and_then(|l| l.strip_suffix(" ..."))
        .expect("sandbox dir announced");
    assert!(!std::path::Path::new(dir).exists(), "{dir} left behind");
    let addr = stderr
        .lines()
        .find_map(|l| l.strip_prefix("zksh: sandbox server at "))
        .unwrap();
    let port = addr.split(';').next().unwrap().trim();
    assert!(
        std::net::TcpStream::connect(port).is_err(),
        "server at {port} still running"
    );
}
