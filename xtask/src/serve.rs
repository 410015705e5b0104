//! A small static HTTP/1.1 file server for `dist/` (std::net, one thread per connection).
//!
//! GET and HEAD only, one request per connection (`Connection: close`), `Cache-Control: no-cache`
//! so a rebuilt module is always fetched again. Paths that try to leave the root are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use anyhow::{Context, Result};

/// A bound, not yet running, server.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    log: bool,
}

/// A server running on a background thread; stops when dropped.
pub struct Running {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port) to serve the files below `root`.
    pub fn bind(root: &Path, port: u16) -> Result<Server> {
        let root = root
            .canonicalize()
            .with_context(|| format!("the directory to serve, {}, is missing", root.display()))?;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        Ok(Server {
            listener,
            root,
            log: false,
        })
    }

    /// Print one line per request.
    pub fn log_requests(mut self, log: bool) -> Server {
        self.log = log;
        self
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until the process ends.
    pub fn run(self) -> Result<()> {
        let stop = AtomicBool::new(false);
        self.accept_loop(&stop);
        Ok(())
    }

    /// Serves on a background thread until the returned handle is dropped.
    pub fn spawn(self) -> Running {
        let addr = self.addr();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = thread::spawn(move || self.accept_loop(&flag));
        Running {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn accept_loop(self, stop: &AtomicBool) {
        let root = Arc::new(self.root);
        for stream in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let root = Arc::clone(&root);
            let log = self.log;
            thread::spawn(move || {
                let _ = handle(stream, &root, log);
            });
        }
    }
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The response to one request line: status, content type and body.
struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn text(status: &'static str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status}\n").into_bytes(),
        }
    }
}

fn handle(stream: TcpStream, root: &Path, log: bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    // Read the request line and skip the headers; bodies are not expected (GET/HEAD only).
    (&mut reader).take(8192).read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        let n = (&mut reader).take(8192).read_line(&mut header)?;
        if n == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = match method {
        "GET" | "HEAD" => respond(root, target),
        "" => return Ok(()),
        _ => Response::text("405 Method Not Allowed"),
    };
    if log {
        println!("{method} {target} -> {}", response.status);
    }
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n{}\r\n",
        response.status,
        response.content_type,
        response.body.len(),
        if response.status.starts_with("405") {
            "Allow: GET, HEAD\r\n"
        } else {
            ""
        },
    )?;
    if method != "HEAD" {
        out.write_all(&response.body)?;
    }
    out.flush()?;
    out.shutdown(Shutdown::Write)
}

fn respond(root: &Path, target: &str) -> Response {
    let Some(path) = resolve(root, target) else {
        return Response::text("403 Forbidden");
    };
    let path = if path.is_dir() {
        path.join("index.html")
    } else {
        path
    };
    // Symlinks must not lead out of the root either.
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => match std::fs::read(&real) {
            Ok(body) => Response {
                status: "200 OK",
                content_type: content_type(&real),
                body,
            },
            Err(_) => Response::text("500 Internal Server Error"),
        },
        Ok(real) if !real.starts_with(root) => Response::text("403 Forbidden"),
        _ => Response::text("404 Not Found"),
    }
}

/// Maps a request target to a path below `root`, or `None` if it tries to leave it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut resolved = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(resolved)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn get(addr: SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    fn site() -> (PathBuf, Running) {
        let dir = std::env::temp_dir().join(format!(
            "xtask-serve-{}-{:?}",
            std::process::id(),
            thread::current().id()
        ));
        fs::create_dir_all(dir.join("pkg")).unwrap();
        fs::write(dir.join("index.html"), "<title>t</title>").unwrap();
        fs::write(dir.join("pkg/m.wasm"), b"\0asm").unwrap();
        fs::write(dir.join("pkg/m.js"), "export {}").unwrap();
        let running = Server::bind(&dir, 0).unwrap().spawn();
        (dir, running)
    }

    #[test]
    fn serves_files_with_their_content_types() {
        let (dir, server) = site();
        let index = get(server.addr(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html"));
        assert!(index.contains("Cache-Control: no-cache"));
        assert!(index.ends_with("<title>t</title>"));
        let wasm = get(server.addr(), "GET /pkg/m.wasm?v=1 HTTP/1.1\r\n\r\n");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );
        let js = get(server.addr(), "HEAD /pkg/m.js HTTP/1.1\r\n\r\n");
        assert!(js.contains("Content-Type: text/javascript"), "{js}");
        assert!(js.ends_with("\r\n\r\n"), "HEAD has no body: {js}");
        drop(server);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_missing_files_traversal_and_other_methods() {
        let (dir, server) = site();
        let missing = get(server.addr(), "GET /nope.js HTTP/1.1\r\n\r\n");
        assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
        for target in [
            "/../etc/passwd",
            "/pkg/%2e%2e/%2e%2e/etc/passwd",
            "/a\\..\\b",
        ] {
            let response = get(server.addr(), &format!("GET {target} HTTP/1.1\r\n\r\n"));
            assert!(response.starts_with("HTTP/1.1 403"), "{target}: {response}");
        }
        let post = get(server.addr(), "POST / HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        drop(server);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn resolves_only_below_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(
            resolve(root, "/pkg/a%20b.js"),
            Some(root.join("pkg/a b.js"))
        );
        assert_eq!(resolve(root, "/./x"), Some(root.join("x")));
        assert_eq!(resolve(root, "/../x"), None);
        assert_eq!(resolve(root, "//etc/passwd"), Some(root.join("etc/passwd")));
        assert_eq!(resolve(root, "http://evil/"), None);
        assert_eq!(resolve(root, "/%zz"), None);
    }
}
