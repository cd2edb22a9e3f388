//! A small HTTP client for talking to SPARQL servers: queries, Graph Store
//! Protocol uploads and SPARQL Update, with a timeout and the three ways servers
//! ask for credentials. Built on `oxhttp`, the client Oxigraph itself uses for
//! `SERVICE`, so federation and `--endpoint` share one HTTP stack.
//!
//! Credentials are not sent until the server asks for them (a 401 with a
//! `WWW-Authenticate` challenge): a Digest-only server such as Virtuoso never
//! sees the password in Basic form. After the first challenge the scheme is
//! remembered, and Digest reuses the server's nonce with a growing count.

mod auth;

use crate::error::{Error, Result};
use http_auth::PasswordClient;
use oxhttp::model::header::{AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use oxhttp::model::{HeaderName, Method, Request};
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

/// An HTTP client with a timeout and optional credentials.
pub struct Client {
    inner: oxhttp::Client,
    credentials: Option<Credentials>,
    /// The answer to the server's challenge, once it has sent one.
    scheme: Mutex<Option<PasswordClient>>,
}

impl Client {
    /// A client whose every exchange gives up after `timeout`.
    pub fn new(timeout: Duration, credentials: Option<Credentials>) -> Result<Self> {
        let inner = oxhttp::Client::new()
            .with_global_timeout(timeout)
            .with_redirection_limit(3)
            .with_user_agent(concat!("dipkg/", env!("CARGO_PKG_VERSION")))
            .map_err(|e| Error::Internal(format!("bad HTTP user agent: {e}")))?;
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
        let scheme = auth::parse_challenge(challenge).ok_or_else(|| Error::Remote {
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

    fn authorization(&self, method: &Method, url: &str, body: &[u8]) -> Option<String> {
        match self.credentials.as_ref()? {
            Credentials::Bearer(token) => Some(format!("Bearer {token}")),
            Credentials::Password { user, password } => {
                let mut scheme = self.lock();
                auth::respond(scheme.as_mut()?, user, password, method.as_str(), url, body)
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

/// Encodes a value for a URL query or an `application/x-www-form-urlencoded` body.
pub fn form_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
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
    fn form_encoding_follows_the_url_standard() {
        assert_eq!(form_encode("a b&c=ü"), "a+b%26c%3D%C3%BC");
        assert_eq!(
            form_encode("https://w3id.org/dipkg/graph/x"),
            "https%3A%2F%2Fw3id.org%2Fdipkg%2Fgraph%2Fx"
        );
    }
}
