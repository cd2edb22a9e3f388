//! A small HTTP client for talking to SPARQL servers: queries, Graph Store
//! Protocol uploads and SPARQL Update, with a timeout and the three ways servers
//! ask for credentials. Built on `oxhttp`, the client Oxigraph itself uses for
//! `SERVICE`, so federation and `--endpoint` share one HTTP stack.
//!
//! Credentials are not sent until the server asks for them (a 401 with a
//! `WWW-Authenticate` challenge): a Digest-only server such as Virtuoso never
//! sees the password in Basic form. After the first challenge the scheme is
//! remembered, and Digest reuses the server's nonce with a growing count.

use crate::error::{Error, Result};
use md5::{Digest, Md5};
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{HeaderName, Method, Request};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// The timeout of every HTTP exchange unless the user sets another.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
        let mut out: String = text.chars().take(300).collect();
        if text.chars().count() > 300 {
            out.push('…');
        }
        out
    }
}

#[derive(Debug, Clone)]
enum Scheme {
    Basic,
    Digest(Challenge),
}

#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop_auth: bool,
    count: u32,
}

/// An HTTP client with a timeout and optional credentials.
pub struct Client {
    inner: oxhttp::Client,
    credentials: Option<Credentials>,
    scheme: Mutex<Option<Scheme>>,
}

impl Client {
    /// A client whose every exchange gives up after `timeout`.
    pub fn new(timeout: Duration, credentials: Option<Credentials>) -> Result<Self> {
        let inner = oxhttp::Client::new()
            .with_global_timeout(timeout)
            .with_redirection_limit(3)
            .with_user_agent(concat!("dipkg/", env!("CARGO_PKG_VERSION")))
            .map_err(|e| Error::Usage(format!("bad HTTP user agent: {e}")))?;
        Ok(Self {
            inner,
            credentials,
            scheme: Mutex::new(None),
        })
    }

    /// Sends one request, answering an authentication challenge once if credentials are set.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(HeaderName, String)],
        body: &[u8],
    ) -> Result<Reply> {
        let first = self.send_once(&method, url, headers, body)?;
        if first.status != 401 {
            return Ok(first.reply);
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
        let scheme = parse_challenge(challenge).ok_or_else(|| Error::Remote {
            url: url.to_owned(),
            message: format!(
                "401 Unauthorized with an authentication scheme dipkg does not speak: {challenge:?}"
            ),
        })?;
        *self.lock() = Some(scheme);
        let again = self.send_once(&method, url, headers, body)?;
        if again.status == 401 {
            return Err(Error::Remote {
                url: url.to_owned(),
                message: "401 Unauthorized: the server refused the user name or password"
                    .to_owned(),
            });
        }
        Ok(again.reply)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Scheme>> {
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
    ) -> Result<Attempt> {
        let failed = |message: String| Error::Remote {
            url: url.to_owned(),
            message,
        };
        let mut builder = Request::builder().method(method.clone()).uri(url);
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        if let Some(value) = self.authorization(method, url) {
            builder = builder.header(AUTHORIZATION, value);
        }
        let request = builder
            .body(body.to_vec())
            .map_err(|e| failed(format!("not a usable HTTP URL: {e}")))?;
        let response = self
            .inner
            .request(request)
            .map_err(|e| failed(connection_message(&e)))?;
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
        let body = response
            .into_body()
            .to_vec()
            .map_err(|e| failed(format!("reading the answer failed: {e}")))?;
        Ok(Attempt {
            status,
            challenge,
            reply: Reply {
                status,
                content_type,
                body,
            },
        })
    }

    fn authorization(&self, method: &Method, url: &str) -> Option<String> {
        match self.credentials.as_ref()? {
            Credentials::Bearer(token) => Some(format!("Bearer {token}")),
            Credentials::Password { user, password } => {
                let mut scheme = self.lock();
                match scheme.as_mut()? {
                    Scheme::Basic => Some(format!(
                        "Basic {}",
                        base64(format!("{user}:{password}").as_bytes())
                    )),
                    Scheme::Digest(challenge) => {
                        challenge.count += 1;
                        Some(digest_header(
                            challenge,
                            user,
                            password,
                            method.as_str(),
                            request_target(url),
                        ))
                    }
                }
            }
        }
    }
}

struct Attempt {
    status: u16,
    challenge: Option<String>,
    reply: Reply,
}

/// Says what failed in words a person can act on: a refused connection means
/// nothing listens there, a timeout means it does not answer.
fn connection_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::ConnectionRefused => {
            format!("cannot connect ({error}); is the server running and the URL right?")
        }
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            format!("no answer in time ({error}); raise --timeout or check the server")
        }
        _ => format!("request failed: {error}"),
    }
}

/// The path and query of a URL, which Digest signs as `uri`.
fn request_target(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

fn parse_challenge(header: &str) -> Option<Scheme> {
    let (scheme, params) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Some(Scheme::Basic);
    }
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let params = auth_params(params);
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    if get("algorithm").is_some_and(|a| !a.eq_ignore_ascii_case("md5")) {
        return None;
    }
    Some(Scheme::Digest(Challenge {
        realm: get("realm").unwrap_or_default(),
        nonce: get("nonce")?,
        opaque: get("opaque"),
        qop_auth: get("qop").is_some_and(|q| q.split(',').any(|q| q.trim() == "auth")),
        count: 0,
    }))
}

/// Splits `key="value", key=value` pairs, honouring quotes and backslash escapes.
fn auth_params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ','))
            .collect::<String>()
            .trim()
            .to_owned();
        if key.is_empty() {
            return out;
        }
        if chars.next_if_eq(&'=').is_none() {
            out.push((key, String::new()));
            continue;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    c => value.push(c),
                }
            }
        } else {
            value = std::iter::from_fn(|| chars.next_if(|c| *c != ','))
                .collect::<String>()
                .trim()
                .to_owned();
        }
        out.push((key, value));
    }
}

fn md5_hex(text: &str) -> String {
    let mut out = String::with_capacity(32);
    for byte in Md5::digest(text.as_bytes()) {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The `Authorization` value of RFC 7616 Digest with MD5, `qop=auth` when offered.
fn digest_header(
    challenge: &Challenge,
    user: &str,
    password: &str,
    method: &str,
    uri: &str,
) -> String {
    let ha1 = md5_hex(&format!("{user}:{}:{password}", challenge.realm));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    let nc = format!("{:08x}", challenge.count);
    // The client nonce only has to differ between requests; it is no secret.
    let cnonce = md5_hex(&format!(
        "{}:{nc}:{:?}",
        challenge.nonce,
        std::time::SystemTime::now()
    ))[..16]
        .to_owned();
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut header = format!(
        "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm=MD5",
        quote(user),
        quote(&challenge.realm),
        quote(&challenge.nonce),
        quote(uri)
    );
    if challenge.qop_auth {
        let response = md5_hex(&format!(
            "{ha1}:{}:{nc}:{cnonce}:auth:{ha2}",
            challenge.nonce
        ));
        let _ = write!(
            header,
            ", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\""
        );
    } else {
        let response = md5_hex(&format!("{ha1}:{}:{ha2}", challenge.nonce));
        let _ = write!(header, ", response=\"{response}\"");
    }
    if let Some(opaque) = &challenge.opaque {
        let _ = write!(header, ", opaque=\"{}\"", quote(opaque));
    }
    header
}

/// Standard base64 with padding, for HTTP Basic credentials.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes a value for a URL query or an `application/x-www-form-urlencoded` body.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Reads a secret from a file, without its trailing newline.
pub fn read_secret(path: &std::path::Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let secret = text.trim_end_matches(['\r', '\n']).to_owned();
    if secret.is_empty() {
        return Err(Error::Usage(format!("{} is empty", path.display())));
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_rfc_2617_example() {
        // RFC 2617 section 3.5: Mufasa / "Circle Of Life".
        let challenge = Challenge {
            realm: "testrealm@host.com".to_owned(),
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093".to_owned(),
            opaque: Some("5ccc069c403ebaf9f0171e9517f40e41".to_owned()),
            qop_auth: true,
            count: 1,
        };
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        let response = md5_hex(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:{ha2}"
        ));
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        let header = digest_header(
            &challenge,
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
        );
        assert!(header.contains("nc=00000001"), "{header}");
        assert!(header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
    }

    #[test]
    fn challenge_parsing_reads_virtuoso_header() {
        let header = r#"Digest realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="f2d7", opaque="5ebe", stale="false", qop="auth", algorithm="MD5""#;
        let Some(Scheme::Digest(c)) = parse_challenge(header) else {
            panic!("not read as Digest")
        };
        assert_eq!((c.realm.as_str(), c.nonce.as_str()), ("SPARQL", "f2d7"));
        assert!(c.qop_auth);
        assert!(matches!(
            parse_challenge("Basic realm=\"x\""),
            Some(Scheme::Basic)
        ));
        assert!(parse_challenge("Negotiate").is_none());
    }

    #[test]
    fn base64_and_form_encoding() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(form_encode("a b&c=ü"), "a%20b%26c%3D%C3%BC");
        assert_eq!(request_target("http://h:1/a/b?graph=x"), "/a/b?graph=x");
        assert_eq!(request_target("http://h:1"), "/");
    }
}
