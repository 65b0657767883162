//! A tiny HTTP/1.1 server on 127.0.0.1 for tests of URL inputs: canned answers per path,
//! each request's head recorded.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the server does with one request.
pub enum Reply {
    /// Writes these bytes, then closes the connection.
    Bytes(Vec<u8>),
    /// Writes these bytes, then keeps the connection open, silent, for this long.
    Stall(Vec<u8>, Duration),
    /// Writes the head, then 64 MiB in 1 KiB chunks (unless the client hangs up first).
    ManyChunks(Vec<u8>),
}

pub struct Server {
    pub base: String,
    /// Each request's head, as received.
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// Starts a server on 127.0.0.1:0 that answers each request with `handler(path)`.
pub fn serve(handler: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let handler = Arc::new(handler);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let handler = Arc::clone(&handler);
            let seen = Arc::clone(&seen);
            thread::spawn(move || answer(stream, &*handler, &seen));
        }
    });
    Server { base, requests }
}

fn answer(mut stream: TcpStream, handler: &dyn Fn(&str) -> Reply, seen: &Mutex<Vec<String>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split(' ').nth(1).unwrap_or("").to_string();
    seen.lock().unwrap().push(head);
    // Write errors are expected: the client may hang up first.
    match handler(&path) {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Stall(bytes, time) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            thread::sleep(time);
        }
        Reply::ManyChunks(head) => {
            if stream.write_all(&head).is_err() {
                return;
            }
            let chunk = format!("400\r\n{}\r\n", "x".repeat(0x400));
            for _ in 0..64 * 1024 {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    }
}

pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Bytes(bytes)
}

pub fn redirect(status: &str, location: &str) -> Reply {
    response(status, &[("Location", location)], b"moved")
}
