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

/// `zksh --sandbox watch -R /` with secrets and `$ZKSH_SERVER` in its environment, once its
/// server is up: (process, sandbox dir, server address).
fn running_sandbox() -> (std::process::Child, String, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
        .env("ZKSH_SERVER", "127.0.0.1:1")
        .env("ZKSH_AUTH", "digest:sandboxuser:sandbox-secret")
        .env("ZKSH_SASL_PASSWORD", "sasl-secret")
        .args(["--sandbox", "watch", "-R", "/"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let (mut dir, mut addr) = (None, None);
    let mut line = String::new();
    while addr.is_none() {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "zksh ended: {line}");
        let l = line.trim_end();
        if let Some(d) = l.strip_prefix("zksh: starting a throwaway ZooKeeper server in ") {
            dir = Some(d.trim_end_matches(" ...").to_string());
        }
        if let Some(a) = l.strip_prefix("zksh: sandbox server at ") {
            addr = Some(a.split(';').next().unwrap().trim().to_string());
        }
    }
    // Keep draining stderr so zksh never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    (child, dir.expect("sandbox dir announced"), addr.unwrap())
}

#[test]
fn sandbox_ignores_zksh_server_keeps_secrets_from_its_jvm_and_dies_with_zksh() {
    for signal in ["TERM", "HUP", "INT"] {
        let (mut child, dir, addr) = running_sandbox();
        let pid = std::fs::read_to_string(format!("{dir}/pid")).unwrap();
        let env = std::fs::read(format!("/proc/{}/environ", pid.trim())).unwrap();
        let env = String::from_utf8_lossy(&env);
        assert!(env.contains("PATH="), "environ readable");
        assert!(
            !env.contains("ZKSH_AUTH") && !env.contains("secret"),
            "the JVM holds a secret"
        );
        std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: {status:?}");
        assert!(
            !std::path::Path::new(&dir).exists(),
            "{signal}: {dir} left behind"
        );
        assert!(
            std::net::TcpStream::connect(&addr).is_err(),
            "{signal}: server at {addr} still running"
        );
    }
}
