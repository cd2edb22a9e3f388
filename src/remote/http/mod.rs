//! A small HTTP client for talking to SPARQL servers: queries, Graph Store
//! Protocol uploads and SPARQL Update, with a timeout and the three ways servers
//! ask for credentials. Built on `oxhttp`, the client Oxigraph itself uses for
//! `SERVICE`, so federation and `--endpoint` share one HTTP stack.
//!
//! Credentials are not sent until the server asks for them (a 401 with a
//! `WWW-Authenticate` challenge): a Digest-only server such as Virtuoso never
//! sees the password in Basic form. After the first challenge the scheme is
//! remembered, and Digest reuses the server's nonce with a growing count.
//!
//! Hostile servers are expected. Redirects are decided here, not by `oxhttp`
//! (which copies every header, `Authorization` included, to wherever it is sent,
//! and turns a redirected POST into a body-less GET): a request follows a
//! redirect only to the same scheme, host and port, and a POST or PUT only with
//! 307 or 308, which keep the method and body; anything else is an error naming
//! the target. `--timeout` bounds the whole exchange, from connecting to the
//! last byte of the answer, not each read, and an answer larger than the limit
//! (`--max-response`) is cut off with an error.

mod auth;

use crate::error::{Error, Result};
use http_auth::PasswordClient;
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use oxhttp::model::{HeaderName, HeaderValue, Method, Request};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The timeout of every HTTP exchange unless the user sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer read unless the user sets another limit: 256 MiB.
pub const DEFAULT_MAX_RESPONSE: u64 = 256 << 20;

/// Redirects followed in a row before giving up.
const MAX_REDIRECTS: usize = 3;

/// What to authenticate with, if the server asks.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A user and password, used for HTTP Basic or Digest, whichever the server asks for.
    Password {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token, sent with every request.
    Bearer(String),
}

impl std::fmt::Debug for Credentials {
    // Never print a secret, even in a debug dump.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Password { user, .. } => write!(f, "Password {{ user: {user:?}, .. }}"),
            Self::Bearer(_) => f.write_str("Bearer(..)"),
        }
    }
}

/// A server's answer, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `Ok` for a 2xx reply; otherwise an error saying who answered what to
    /// what (`server` such as "the endpoint", `request` such as "to the query").
    pub fn require_success(&self, url: &str, server: &str, request: &str) -> crate::Result<()> {
        if self.is_success() {
            return Ok(());
        }
        Err(crate::Error::Remote {
            url: url.to_owned(),
            message: format!(
                "{server} answered {} {request}: {}",
                self.status,
                self.excerpt()
            ),
        })
    }

    /// The start of the body as text, for error messages.
    pub fn excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        let mut out: String = text
            .chars()
            .take(300)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.chars().count() > 300 {
            out.push('…');
        }
        out
    }
}

/// Something the caller should tell the user, though the request goes ahead.
pub type Warn = Arc<dyn Fn(&str) + Send + Sync>;

/// An HTTP client with a timeout, a size limit and optional credentials.
pub struct Client {
    inner: Arc<oxhttp::Client>,
    timeout: Duration,
    max_response: u64,
    credentials: Option<Credentials>,
    /// The answer to the server's challenge, once it has sent one.
    scheme: Mutex<Option<PasswordClient>>,
    warn: Option<Warn>,
    warned: AtomicBool,
}

impl Client {
    /// A client whose every exchange gives up after `timeout`.
    pub fn new(timeout: Duration, credentials: Option<Credentials>) -> Result<Self> {
        if timeout.is_zero() {
            return Err(Error::Usage(
                "--timeout must be at least 1 second".to_owned(),
            ));
        }
        if let Some(Credentials::Bearer(token)) = &credentials {
            if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
                return Err(Error::Usage(
                    "the bearer token has characters an HTTP header cannot carry (control characters or line breaks); the token file must hold the token on one line".to_owned(),
                ));
            }
        }
        let inner = oxhttp::Client::new()
            .with_global_timeout(timeout)
            // Redirects are decided in `send`, which knows what may follow them.
            .with_redirection_limit(0)
            .with_user_agent(concat!("dipkg/", env!("CARGO_PKG_VERSION")))
            .map_err(|e| Error::Internal(format!("bad HTTP user agent: {e}")))?;
        Ok(Self {
            inner: Arc::new(inner),
            timeout,
            max_response: DEFAULT_MAX_RESPONSE,
            credentials,
            scheme: Mutex::new(None),
            warn: None,
            warned: AtomicBool::new(false),
        })
    }

    /// Stops reading an answer after `bytes` bytes, with an error.
    #[must_use]
    pub fn with_max_response(mut self, bytes: u64) -> Self {
        self.max_response = bytes;
        self
    }

    /// Calls `warn` before credentials would travel readable (Basic or a
    /// bearer token over plain `http://` to a host other than this machine).
    #[must_use]
    pub fn with_warnings(mut self, warn: Warn) -> Self {
        self.warn = Some(warn);
        self
    }

    /// Sends one request, answering an authentication challenge once if
    /// credentials are set, and following redirects only where that is safe.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(HeaderName, String)],
        body: &[u8],
    ) -> Result<Reply> {
        let deadline = Instant::now() + self.timeout;
        let named = origin(url);
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let reply = self.send_authenticated(&method, &current, headers, body, deadline)?;
            if !matches!(reply.reply.status, 301 | 302 | 303 | 307 | 308) {
                return Ok(reply.reply);
            }
            let status = reply.reply.status;
            let failed = |message: String| Error::Remote {
                url: current.clone(),
                message,
            };
            let location = reply.location.ok_or_else(|| {
                failed(format!(
                    "the server answered {status} (a redirect) without saying where to"
                ))
            })?;
            let target = url::Url::parse(&current)
                .and_then(|base| base.join(&location))
                .map_err(|e| {
                    failed(format!(
                        "the server redirects to {location:?}, which is not a URL: {e}"
                    ))
                })?;
            let target = target.to_string();
            if named.is_none() || origin(&target) != named {
                return Err(failed(format!(
                    "the server redirects ({status}) to {target}, another host; dipkg follows redirects only within the host it was given, so neither the request nor credentials went there (use that URL if you trust it)"
                )));
            }
            let safe = matches!(method, Method::GET | Method::HEAD);
            if !safe && !matches!(status, 307 | 308) {
                return Err(failed(format!(
                    "the server redirects this {method} (with a 301, 302 or 303) to {target}, which would turn it into a GET without its body, so nothing was sent or written there; use that URL if it is the right one"
                )));
            }
            current = target;
        }
        Err(Error::Remote {
            url: url.to_owned(),
            message: format!(
                "more than {MAX_REDIRECTS} redirects in a row (the last to {current})"
            ),
        })
    }

    fn send_authenticated(
        &self,
        method: &Method,
        url: &str,
        headers: &[(HeaderName, String)],
        body: &[u8],
        deadline: Instant,
    ) -> Result<Attempt> {
        let first = self.send_once(method, url, headers, body, deadline)?;
        if first.reply.status != 401 {
            return Ok(first);
        }
        let Some(Credentials::Password { .. }) = &self.credentials else {
            return Err(Error::Remote {
                url: url.to_owned(),
                message: if self.credentials.is_some() {
                    "401 Unauthorized: the server refused the bearer token".to_owned()
                } else {
                    "401 Unauthorized: the server wants credentials; pass --user and --password-file, or --token-file".to_owned()
                },
            });
        };
        let challenge = first.challenge.as_deref().unwrap_or_default();
        let scheme = auth::parse_challenge(challenge).ok_or_else(|| Error::Remote {
            url: url.to_owned(),
            message: format!(
                "401 Unauthorized with an authentication scheme dipkg does not speak: {challenge:?}"
            ),
        })?;
        *self.lock() = Some(scheme);
        let again = self.send_once(method, url, headers, body, deadline)?;
        if again.reply.status == 401 {
            return Err(Error::Remote {
                url: url.to_owned(),
                message: "401 Unauthorized: the server refused the user name or password"
                    .to_owned(),
            });
        }
        Ok(again)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<PasswordClient>> {
        // A panic elsewhere cannot leave the scheme half-written; take it anyway.
        self.scheme
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn send_once(
        &self,
        method: &Method,
        url: &str,
        headers: &[(HeaderName, String)],
        body: &[u8],
        deadline: Instant,
    ) -> Result<Attempt> {
        let failed = |message: String| Error::Remote {
            url: url.to_owned(),
            message,
        };
        let mut builder = Request::builder().method(method.clone()).uri(url);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if let Some(value) = self.authorization(method, url, body) {
            self.warn_if_readable(url, &value);
            let value = HeaderValue::from_str(&value).map_err(|_| {
                failed("the credentials have characters an HTTP header cannot carry".to_owned())
            })?;
            builder = builder.header(AUTHORIZATION, value);
        }
        let request = builder
            .body(body.to_vec())
            .map_err(|e| failed(format!("not a usable HTTP URL: {e}")))?;
        let inner = Arc::clone(&self.inner);
        let limit = self.max_response;
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        // The exchange runs on its own thread so that the whole of it, not each
        // read, is bounded: a server that trickles bytes is left behind at the
        // deadline (the thread stops at its next read).
        std::thread::Builder::new()
            .name("dipkg-http".to_owned())
            .spawn(move || {
                let _ = sender.send(exchange(&inner, request, deadline, limit));
            })
            .map_err(|e| Error::Internal(format!("cannot start the HTTP thread: {e}")))?;
        let waited = receiver.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        match waited {
            Ok(Ok(attempt)) => Ok(attempt),
            Ok(Err(Failure::Redirect(target))) => Ok(Attempt {
                challenge: None,
                location: Some(target),
                // Which of 301, 302 and 303 oxhttp does not say; all three mean "GET it there".
                reply: Reply {
                    status: 303,
                    content_type: None,
                    body: Vec::new(),
                },
            }),
            Ok(Err(Failure::Io(e))) => Err(failed(connection_message(&e, self.timeout))),
            Ok(Err(Failure::TooLarge)) => Err(failed(format!(
                "the answer is larger than {} (--max-response); raise --max-response if that much is expected",
                size_in_words(limit)
            ))),
            Ok(Err(Failure::Deadline)) | Err(_) => Err(failed(deadline_message(self.timeout))),
        }
    }

    fn authorization(&self, method: &Method, url: &str, body: &[u8]) -> Option<String> {
        match self.credentials.as_ref()? {
            Credentials::Bearer(token) => Some(format!("Bearer {token}")),
            Credentials::Password { user, password } => {
                let mut scheme = self.lock();
                auth::respond(scheme.as_mut()?, user, password, method.as_str(), url, body)
            }
        }
    }

    /// Warns once before a password or token goes out readable by anyone on the way.
    fn warn_if_readable(&self, url: &str, authorization: &str) {
        let readable = authorization.starts_with("Basic ") || authorization.starts_with("Bearer ");
        if !readable || !plain_http_to_another_machine(url) {
            return;
        }
        if let Some(warn) = &self.warn {
            if !self.warned.swap(true, Ordering::Relaxed) {
                let what = if authorization.starts_with("Basic ") {
                    "the password (HTTP Basic)"
                } else {
                    "the bearer token"
                };
                warn(&format!(
                    "warning: sending {what} unencrypted over plain http:// to {}; anyone on the way can read it (use https://)",
                    url::Url::parse(url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_owned))
                        .unwrap_or_default()
                ));
            }
        }
    }
}

struct Attempt {
    challenge: Option<String>,
    location: Option<String>,
    reply: Reply,
}

enum Failure {
    Io(std::io::Error),
    Redirect(String),
    TooLarge,
    Deadline,
}

/// One request and its whole answer, giving up at `deadline` or after `limit` bytes.
fn exchange(
    client: &oxhttp::Client,
    request: Request<Vec<u8>>,
    deadline: Instant,
    limit: u64,
) -> std::result::Result<Attempt, Failure> {
    let response = client.request(request).map_err(|e| {
        // With no redirects allowed, oxhttp turns a 301, 302 or 303 (and any
        // redirect of a GET) into this error instead of returning it; it has
        // sent nothing to the target. Keep the target to decide on it.
        match e
            .to_string()
            .split_once("The latest redirection target is ")
        {
            Some((_, target)) => Failure::Redirect(target.trim().to_owned()),
            None => Failure::Io(e),
        }
    })?;
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header(CONTENT_TYPE);
    let challenge = header(WWW_AUTHENTICATE);
    let location = header(LOCATION);
    let mut body = response.into_body();
    if body.len().is_some_and(|length| length > limit) {
        return Err(Failure::TooLarge);
    }
    let mut bytes = Vec::new();
    let mut chunk = [0; 64 * 1024];
    loop {
        if Instant::now() >= deadline {
            return Err(Failure::Deadline);
        }
        let read = match body.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Io(e)),
        };
        if (bytes.len() + read) as u64 > limit {
            return Err(Failure::TooLarge);
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    Ok(Attempt {
        challenge,
        location,
        reply: Reply {
            status,
            content_type,
            body: bytes,
        },
    })
}

/// The scheme, host and port of a URL: where credentials may go.
fn origin(url: &str) -> Option<(String, String, u16)> {
    let url = url::Url::parse(url).ok()?;
    Some((
        url.scheme().to_owned(),
        url.host_str()?.to_ascii_lowercase(),
        url.port_or_known_default()?,
    ))
}

/// Whether a request to `url` travels unencrypted beyond this machine.
fn plain_http_to_another_machine(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    if url.scheme() != "http" {
        return false;
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name != "localhost" && !name.ends_with(".localhost")
        }
        None => false,
    }
}

/// A byte count as people say it.
pub fn size_in_words(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn deadline_message(timeout: Duration) -> String {
    format!(
        "no answer in time: the exchange took longer than --timeout {} s; raise --timeout or check the server",
        timeout.as_secs()
    )
}

/// Says what failed in words a person can act on: a refused connection means
/// nothing listens there, a timeout means it does not answer.
fn connection_message(error: &std::io::Error, timeout: Duration) -> String {
    match error.kind() {
        std::io::ErrorKind::ConnectionRefused => {
            format!("cannot connect ({error}); is the server running and the URL right?")
        }
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => deadline_message(timeout),
        _ => format!("request failed: {error}"),
    }
}

/// Encodes a value for a URL query or an `application/x-www-form-urlencoded` body.
pub fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Reads a secret from a file, without its trailing newline.
pub fn read_secret(path: &std::path::Path) -> Result<String> {
    const MAX: u64 = 64 * 1024;
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    let bad = |what: &str| Error::Usage(format!("{}: {what}", path.display()));
    if bytes.len() as u64 > MAX {
        return Err(bad("too large for a password or token (over 64 KiB)"));
    }
    let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text"))?;
    let secret = text.trim_end_matches(['\r', '\n']);
    if secret.is_empty() {
        return Err(bad("is empty"));
    }
    if secret.chars().any(char::is_control) {
        return Err(bad(
            "holds a line break or another control character; put the password or token alone on one line",
        ));
    }
    Ok(secret.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_credentials_are_only_those_over_plain_http_to_another_machine() {
        assert!(plain_http_to_another_machine("http://example.org/sparql"));
        assert!(plain_http_to_another_machine("http://10.0.0.1:8890/sparql"));
        assert!(!plain_http_to_another_machine("https://example.org/sparql"));
        assert!(!plain_http_to_another_machine(
            "http://127.0.0.1:8890/sparql"
        ));
        assert!(!plain_http_to_another_machine("http://localhost/sparql"));
        assert!(!plain_http_to_another_machine("http://[::1]:8890/sparql"));
    }

    #[test]
    fn a_bearer_token_over_plain_http_is_warned_about_before_it_is_sent() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&heard);
        let client = Client::new(
            Duration::from_secs(1),
            Some(Credentials::Bearer("t".to_owned())),
        )
        .expect("client")
        .with_warnings(Arc::new(move |m: &str| {
            into.lock().expect("lock").push(m.to_owned());
        }));
        // TEST-NET-1: nothing answers there; the warning comes before trying.
        let _ = client.send(Method::POST, "http://192.0.2.1:9/sparql", &[], b"");
        let _ = client.send(Method::POST, "http://192.0.2.1:9/sparql", &[], b"");
        let heard = heard.lock().expect("lock");
        assert_eq!(heard.len(), 1, "once: {heard:?}");
        assert!(heard[0].contains("plain http:// to 192.0.2.1"), "{heard:?}");
    }

    #[test]
    fn form_encoding_follows_the_url_standard() {
        assert_eq!(form_encode("a b&c=ü"), "a+b%26c%3D%C3%BC");
        assert_eq!(
            form_encode("https://w3id.org/dipkg/graph/x"),
            "https%3A%2F%2Fw3id.org%2Fdipkg%2Fgraph%2Fx"
        );
    }
}
