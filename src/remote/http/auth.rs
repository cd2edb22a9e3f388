//! Answers to HTTP authentication challenges: Basic and Digest (RFC 7617 and
//! RFC 7616) by the `http-auth` crate, which also counts Digest's nonce uses.

use http_auth::{PasswordClient, PasswordParams};

/// Reads a `WWW-Authenticate` header; `None` for a scheme dipkg does not speak.
pub(super) fn parse_challenge(header: &str) -> Option<PasswordClient> {
    PasswordClient::try_from(header).ok()
}

/// The `Authorization` value for one request, or `None` if the challenge
/// cannot be answered (an algorithm the crate does not know).
pub(super) fn respond(
    client: &mut PasswordClient,
    user: &str,
    password: &str,
    method: &str,
    url: &str,
    body: &[u8],
) -> Option<String> {
    client
        .respond(&PasswordParams {
            username: user,
            password,
            uri: &request_target(url),
            method,
            body: Some(body),
        })
        .ok()
}

/// The path and query of a URL, which Digest signs as `uri`.
fn request_target(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(url) => match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        },
        Err(_) => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_virtuoso_digest_and_basic_challenges() {
        let virtuoso = r#"Digest realm="SPARQL", domain="/sparql-graph-crud-auth", nonce="f2d7", opaque="5ebe", stale="false", qop="auth", algorithm="MD5""#;
        assert!(matches!(
            parse_challenge(virtuoso),
            Some(PasswordClient::Digest(_))
        ));
        assert!(matches!(
            parse_challenge("Basic realm=\"x\""),
            Some(PasswordClient::Basic(_))
        ));
        assert!(parse_challenge("Negotiate").is_none());
    }

    #[test]
    fn basic_answers_with_base64_credentials() {
        let mut client = parse_challenge("Basic realm=\"x\"").expect("basic");
        let header = respond(
            &mut client,
            "Aladdin",
            "open sesame",
            "GET",
            "http://h/",
            b"",
        );
        assert_eq!(
            header.as_deref(),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
    }

    #[test]
    fn digest_signs_the_request_target_and_counts_nonce_uses() {
        let mut client = parse_challenge(
            r#"Digest realm="testrealm@host.com", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        )
        .expect("digest");
        let url = "http://h:1/dir/index.html?graph=x";
        let first =
            respond(&mut client, "Mufasa", "Circle Of Life", "GET", url, b"").expect("answer");
        assert!(first.contains("uri=\"/dir/index.html?graph=x\""), "{first}");
        assert!(first.contains("nc=00000001"), "{first}");
        assert!(
            first.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""),
            "{first}"
        );
        let second =
            respond(&mut client, "Mufasa", "Circle Of Life", "GET", url, b"").expect("answer");
        assert!(second.contains("nc=00000002"), "{second}");
    }

    #[test]
    fn request_target_is_path_and_query() {
        assert_eq!(request_target("http://h:1/a/b?graph=x"), "/a/b?graph=x");
        assert_eq!(request_target("http://h:1"), "/");
    }
}
