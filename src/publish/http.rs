//! Small pieces of HTTP the handlers share: building responses, reading a
//! bounded body, query strings, ETags and gzip, and the media types of the
//! RDF and results formats dipkg writes.

use oxhttp::model::header::{CONTENT_TYPE, HeaderName};
use oxhttp::model::{Body, HeaderValue, Request, Response, StatusCode};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use sha2::{Digest, Sha256};
use std::io::Read;

/// An RDF format dipkg serves: its `?format=` name, file extension, media
/// type and Oxigraph format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RdfType {
    /// The `?format=` value and the extension (`ttl`).
    pub extension: &'static str,
    /// The registered media type.
    pub media: &'static str,
    /// A name for people.
    pub name: &'static str,
}

/// The RDF formats of resource pages, in the server's order of preference
/// after HTML.
pub const RDF_TYPES: &[RdfType] = &[
    RdfType {
        extension: "ttl",
        media: "text/turtle",
        name: "Turtle",
    },
    RdfType {
        extension: "jsonld",
        media: "application/ld+json",
        name: "JSON-LD",
    },
    RdfType {
        extension: "nt",
        media: "application/n-triples",
        name: "N-Triples",
    },
    RdfType {
        extension: "rdf",
        media: "application/rdf+xml",
        name: "RDF/XML",
    },
    RdfType {
        extension: "trig",
        media: "application/trig",
        name: "TriG",
    },
    RdfType {
        extension: "nq",
        media: "application/n-quads",
        name: "N-Quads",
    },
];

impl RdfType {
    /// The Oxigraph format to write it with.
    pub fn format(self) -> RdfFormat {
        match self.extension {
            "ttl" => RdfFormat::Turtle,
            "jsonld" => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            "nt" => RdfFormat::NTriples,
            "rdf" => RdfFormat::RdfXml,
            "trig" => RdfFormat::TriG,
            _ => RdfFormat::NQuads,
        }
    }

    /// The format with this extension or `?format=` name.
    pub fn by_extension(extension: &str) -> Option<Self> {
        RDF_TYPES.iter().copied().find(|t| t.extension == extension)
    }

    /// The format with this media type.
    pub fn by_media(media: &str) -> Option<Self> {
        RDF_TYPES.iter().copied().find(|t| t.media == media)
    }
}

/// A response with a body and content type.
pub fn response(status: StatusCode, content_type: &str, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    set(&mut response, CONTENT_TYPE, content_type);
    response
}

/// A plain-text error a person (or a client's log) can act on.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let mut message = message.into();
    message.push('\n');
    response(status, "text/plain; charset=utf-8", message)
}

/// Sets a header, ignoring values that are not valid header text (none of
/// ours are: they are built from IRIs and fixed strings).
pub fn set(response: &mut Response<Body>, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// Appends a header value (for several `Link` headers).
pub fn append(response: &mut Response<Body>, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(name, value);
    }
}

/// A request header as text.
pub fn header<'a>(request: &'a Request<Body>, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The request's query string as decoded (name, value) pairs.
pub fn query_pairs(request: &Request<Body>) -> Vec<(String, String)> {
    request
        .uri()
        .query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// The first value of a query-string parameter.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Reads the request body, refusing more than `limit` bytes (413).
pub fn read_body(request: &mut Request<Body>, limit: usize) -> Result<Vec<u8>, Response<Body>> {
    let mut body = Vec::new();
    let read = request
        .body_mut()
        .take(limit as u64 + 1)
        .read_to_end(&mut body);
    match read {
        Ok(n) if n > limit => Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over {limit} bytes (--max-body)"),
        )),
        Ok(_) => Ok(body),
        Err(e) => Err(error(
            StatusCode::BAD_REQUEST,
            format!("cannot read the body: {e}"),
        )),
    }
}

/// A strong ETag of the bytes; `suffix` (`-gzip`, or empty) tells the bytes
/// sent with a content coding from the identity ones.
pub fn etag(bytes: &[u8], suffix: &str) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::from("\"");
    for byte in &digest[..12] {
        out.push_str(&format!("{byte:02x}"));
    }
    out.push_str(suffix);
    out.push('"');
    out
}

/// Whether `If-None-Match` names this ETag (or `*`).
pub fn not_modified(request: &Request<Body>, etag: &str) -> bool {
    header(request, "if-none-match").is_some_and(|v| {
        v.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    })
}

/// Whether the client takes gzip.
pub fn accepts_gzip(request: &Request<Body>) -> bool {
    header(request, "accept-encoding").is_some_and(|v| {
        v.split(',').any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            coding.eq_ignore_ascii_case("gzip") && q > 0.0
        })
    })
}

/// Gzips bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
