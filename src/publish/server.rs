//! `dipkg serve`: the graph as Linked Data on the web. One handler, a function
//! from request to response (tested without a socket), behind Oxigraph's own
//! HTTP server (`oxhttp`).
//!
//! Our IRIs resolve here: `GET /id/…` answers the resource of the IRI
//! `BASE + id/…` as HTML or RDF by negotiation, with a 200 and a
//! `Content-Location` by default (one round trip, and the answer says which
//! representation it is) or a 303 to the representation's own URL with
//! `--see-other`, as the Cool URIs note describes. Read-only unless
//! `--writable` with a token; every query bounded in time, result size and
//! concurrency.

use crate::error::Result;
use crate::publish::html;
use crate::publish::http::{self as h, RDF_TYPES, RdfType};
use crate::publish::negotiate;
use crate::publish::render;
use crate::publish::resource;
use crate::rdf::export;
use crate::rdf::store::Dataset;
use oxhttp::model::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ALLOW, CONTENT_ENCODING, CONTENT_LOCATION, ETAG, LINK, LOCATION, VARY,
};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::model::{NamedNode, NamedOrBlankNode};
use std::collections::BTreeSet;
use std::time::Duration;

use crate::publish::app::internal;
pub use crate::publish::app::{App, Config};

impl App {
    /// Answers one request: HEAD as GET without the body, CORS (with
    /// `--cors`) on every route that only reads, `Allow` on every 405.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let path = request.uri().path().to_owned();
        let cors = self.config.cors && !writes(request, &path);
        if request.method() == Method::OPTIONS {
            return self.options(request, &path, cors);
        }
        let head = request.method() == Method::HEAD;
        let mut response = guarded(|| self.route(request));
        if cors {
            h::set(&mut response, ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            h::set(
                &mut response,
                ACCESS_CONTROL_EXPOSE_HEADERS,
                "ETag, Link, Content-Location, Vary",
            );
        }
        if response.status() == StatusCode::METHOD_NOT_ALLOWED {
            h::set(&mut response, ALLOW, allowed(&path, self.config.writable));
        }
        if head {
            // oxhttp writes the length of the body it is given; a HEAD answer
            // must carry none, or the next answer on the connection breaks.
            *response.body_mut() = Body::empty();
        }
        response
    }

    /// `OPTIONS`: the methods a route takes; with `--cors`, the answer to a
    /// browser's preflight for a route that only reads.
    fn options(&self, request: &Request<Body>, path: &str, cors: bool) -> Response<Body> {
        let allow = allowed(path, self.config.writable);
        let asked = h::header(request, "access-control-request-method");
        let mut response = h::response(StatusCode::NO_CONTENT, "text/plain", Body::empty());
        h::set(&mut response, ALLOW, allow);
        if cors && asked.is_some_and(|m| ["GET", "HEAD", "POST"].contains(&m)) {
            // GET, HEAD and POST are CORS-safelisted methods: no
            // Allow-Methods needed (oxhttp would not send it anyway).
            h::set(&mut response, ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            h::set(
                &mut response,
                ACCESS_CONTROL_ALLOW_HEADERS,
                "Accept, Content-Type, Accept-Language, If-None-Match",
            );
            h::set(&mut response, ACCESS_CONTROL_MAX_AGE, "600");
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> Response<Body> {
        let path = request.uri().path().to_owned();
        let method = request.method().clone();
        let read = method == Method::GET || method == Method::HEAD;
        match path.as_str() {
            "/sparql" | "/query" if method == Method::POST || (read && path == "/sparql") => {
                crate::publish::sparql::handle(self, request)
            }
            "/update" => crate::publish::sparql::handle(self, request),
            "/store" => crate::publish::graph_store::handle(self, request),
            _ if !read => h::error(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}"),
            ),
            "/" | "/query" => self.cacheable(
                request,
                "text/html; charset=utf-8",
                crate::publish::query_page::page(&self.links).into_bytes(),
            ),
            "/robots.txt" => self.cacheable(
                request,
                "text/plain; charset=utf-8",
                format!(
                    "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                    self.config.base
                )
                .into_bytes(),
            ),
            "/sitemap.xml" => match self.sitemap() {
                Ok(xml) => self.cacheable(request, "application/xml", xml.into_bytes()),
                Err(e) => internal(&e),
            },
            "/timeline" => match render::timeline_page(&self.dataset, &self.catalog, &self.links) {
                Ok(page) => self.cacheable(request, "text/html; charset=utf-8", page.into_bytes()),
                Err(e) => internal(&e),
            },
            "/context.jsonld" => self.cacheable(
                request,
                "application/ld+json",
                crate::rdf::jsonld::CONTEXT.as_bytes().to_vec(),
            ),
            "/.well-known/void"
            | "/.well-known/void.ttl"
            | "/.well-known/void.jsonld"
            | "/.well-known/void.nt"
            | "/.well-known/void.rdf"
            | "/.well-known/void.trig"
            | "/.well-known/void.html" => self.void(request, &path),
            // The dataset and the graph its description is exported into.
            p if stem(p) == "/dataset" || stem(p) == "/graph/description" => {
                self.void(request, &path)
            }
            p if stem(p) == "/shapes" => self.shapes(request, &path),
            "/api/queries" | "/api/openapi.json" | "/api/events" => {
                crate::publish::api::handle(self, request)
            }
            p if p.starts_with("/api/queries/") => crate::publish::api::handle(self, request),
            p if ["/ontology", "/ontology/0.1.0", "/ontology/alignments"].contains(&stem(p)) => {
                self.ontology(request, &path)
            }
            p if p.starts_with("/id/") || p.starts_with("/graph/") => self.resource(request, &path),
            _ => h::error(StatusCode::NOT_FOUND, format!("nothing at {path}")),
        }
    }

    /// A response that carries an ETag and answers `If-None-Match` with 304.
    pub(crate) fn cacheable(
        &self,
        request: &Request<Body>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Response<Body> {
        let gzip = h::accepts_gzip(request) && body.len() > 1024;
        // The gzip bytes are another representation: another strong ETag.
        let tag = h::etag(&body, if gzip { "-gzip" } else { "" });
        if h::not_modified(request, &tag) {
            let mut response = h::response(StatusCode::NOT_MODIFIED, content_type, Body::empty());
            h::set(&mut response, ETAG, &tag);
            return response;
        }
        let body = if gzip { h::gzip(&body) } else { body };
        let mut response = h::response(StatusCode::OK, content_type, body);
        h::set(&mut response, ETAG, &tag);
        if gzip {
            h::set(&mut response, CONTENT_ENCODING, "gzip");
        }
        if request.method() == Method::HEAD {
            *response.body_mut() = Body::empty();
        }
        response
    }

    /// Splits `/id/x.ttl` into the resource path and a format override
    /// (extension, or `?format=`); `Err` for an unknown override.
    fn representation(
        request: &Request<Body>,
        path: &str,
    ) -> std::result::Result<(String, Option<&'static str>), Response<Body>> {
        let pairs = h::query_pairs(request);
        let (stem, extension) = match path.rsplit_once('.') {
            Some((stem, ext))
                if !ext.contains('/')
                    && (ext == "html" || RdfType::by_extension(ext).is_some()) =>
            {
                (stem.to_owned(), Some(ext.to_owned()))
            }
            _ => (path.to_owned(), None),
        };
        let wanted = h::param(&pairs, "format").map(str::to_owned).or(extension);
        let media = match wanted.as_deref() {
            None => None,
            Some("html") => Some("text/html"),
            Some(ext) => match RdfType::by_extension(ext) {
                Some(t) => Some(t.media),
                None => {
                    return Err(h::error(
                        StatusCode::NOT_ACCEPTABLE,
                        format!("unknown format {ext:?}; use {}", formats_list()),
                    ));
                }
            },
        };
        Ok((stem, media))
    }

    /// Negotiates among HTML and the RDF formats; `None` (406) when nothing fits.
    fn negotiate(request: &Request<Body>, forced: Option<&'static str>) -> Option<&'static str> {
        if forced.is_some() {
            return forced;
        }
        let mut offered = vec!["text/html"];
        offered.extend(RDF_TYPES.iter().map(|t| t.media));
        negotiate::choose(h::header(request, "accept"), &offered)
    }

    fn resource(&self, request: &Request<Body>, path: &str) -> Response<Body> {
        let (stem, forced) = match Self::representation(request, path) {
            Ok(split) => split,
            Err(response) => return response,
        };
        let iri_text = format!("{}{}", self.config.base, stem.trim_start_matches('/'));
        let Ok(iri) = NamedNode::new(&iri_text) else {
            return h::error(StatusCode::BAD_REQUEST, format!("{iri_text} is not an IRI"));
        };
        match resource::exists(&self.dataset.store, iri.as_ref()) {
            Ok(true) => {}
            Ok(false) => {
                let mut response = h::response(
                    StatusCode::NOT_FOUND,
                    "text/html; charset=utf-8",
                    html::not_found_page(&iri_text, path, &self.links),
                );
                h::set(&mut response, VARY, "Accept");
                return response;
            }
            Err(e) => return internal(&e),
        }
        let Some(media) = Self::negotiate(request, forced) else {
            return not_acceptable();
        };
        if self.config.see_other && forced.is_none() {
            let extension = if media == "text/html" {
                "html"
            } else {
                RdfType::by_media(media).map_or("ttl", |t| t.extension)
            };
            let mut response = h::response(StatusCode::SEE_OTHER, "text/plain", Body::empty());
            h::set(&mut response, LOCATION, &format!("{stem}.{extension}"));
            h::set(&mut response, VARY, "Accept");
            return response;
        }
        let language = self.language(request);
        let body = if media == "text/html" {
            self.resource_html(&iri, &stem, &language, request)
        } else {
            self.resource_rdf(&iri, RdfType::by_media(media).unwrap_or(RDF_TYPES[0]))
        };
        let body = match body {
            Ok(body) => body,
            Err(e) => return internal(&e),
        };
        let content_type = if media == "text/html" {
            "text/html; charset=utf-8".to_owned()
        } else {
            media.to_owned()
        };
        let mut response = self.cacheable(request, &content_type, body);
        h::set(
            &mut response,
            VARY,
            "Accept, Accept-Encoding, Accept-Language",
        );
        let extension = if media == "text/html" {
            "html"
        } else {
            RdfType::by_media(media).map_or("ttl", |t| t.extension)
        };
        h::set(
            &mut response,
            CONTENT_LOCATION,
            &format!("{stem}.{extension}"),
        );
        for t in RDF_TYPES {
            h::append(
                &mut response,
                LINK,
                &format!(
                    "<{stem}.{}>; rel=\"alternate\"; type=\"{}\"",
                    t.extension, t.media
                ),
            );
        }
        h::append(
            &mut response,
            LINK,
            &format!("<{stem}.html>; rel=\"alternate\"; type=\"text/html\""),
        );
        response
    }

    fn language(&self, request: &Request<Body>) -> String {
        let pairs = h::query_pairs(request);
        if let Some(lang) = h::param(&pairs, "lang") {
            return lang.to_ascii_lowercase();
        }
        negotiate::language(
            h::header(request, "accept-language"),
            resource::LANGUAGES,
            "en",
        )
        .to_owned()
    }

    fn resource_html(
        &self,
        iri: &NamedNode,
        stem: &str,
        language: &str,
        request: &Request<Body>,
    ) -> Result<Vec<u8>> {
        let pairs = h::query_pairs(request);
        let page = h::param(&pairs, "incoming-page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(0);
        let alternates: Vec<(&str, String)> = RDF_TYPES
            .iter()
            .map(|t| (t.name, format!("{stem}.{}", t.extension)))
            .collect();
        Ok(
            render::resource_page(&self.dataset, iri, &self.links, language, page, &alternates)?
                .into_bytes(),
        )
    }

    /// The RDF of a resource, as every route and the static site write it.
    pub fn resource_rdf(&self, iri: &NamedNode, format: RdfType) -> Result<Vec<u8>> {
        render::resource_rdf(&self.dataset, iri, format)
    }

    fn ontology(&self, request: &Request<Body>, path: &str) -> Response<Body> {
        self.document(
            request,
            path,
            || crate::publish::ontology::page(&self.dataset, &self.links),
            |t| crate::publish::ontology::rdf(&self.dataset, t),
        )
    }

    fn shapes(&self, request: &Request<Body>, path: &str) -> Response<Body> {
        self.document(
            request,
            path,
            || crate::publish::ontology::shapes_page(&self.links),
            crate::publish::ontology::shapes_rdf,
        )
    }

    /// A document with a page and RDF (the ontology, the shapes), negotiated.
    fn document(
        &self,
        request: &Request<Body>,
        path: &str,
        page: impl FnOnce() -> crate::Result<String>,
        rdf: impl FnOnce(RdfType) -> crate::Result<Vec<u8>>,
    ) -> Response<Body> {
        let (_, forced) = match Self::representation(request, path) {
            Ok(split) => split,
            Err(response) => return response,
        };
        let Some(media) = Self::negotiate(request, forced) else {
            return not_acceptable();
        };
        let body = if media == "text/html" {
            page().map(String::into_bytes)
        } else {
            rdf(RdfType::by_media(media).unwrap_or(RDF_TYPES[0]))
        };
        match body {
            Ok(body) => {
                let content_type = if media == "text/html" {
                    "text/html; charset=utf-8"
                } else {
                    media
                };
                let mut response = self.cacheable(request, content_type, body);
                h::set(&mut response, VARY, "Accept, Accept-Encoding");
                response
            }
            Err(e) => internal(&e),
        }
    }

    fn void(&self, request: &Request<Body>, path: &str) -> Response<Body> {
        let (_, forced) = match Self::representation(request, path) {
            Ok(split) => split,
            Err(response) => return response,
        };
        let mut offered: Vec<&str> = RDF_TYPES.iter().map(|t| t.media).collect();
        offered.push("text/html");
        let media = match forced {
            Some(m) => m,
            None => match negotiate::choose(h::header(request, "accept"), &offered) {
                Some(m) => m,
                None => return not_acceptable(),
            },
        };
        let mut description = match crate::rdf::void::describe(&self.dataset.store) {
            Ok(d) => d,
            Err(e) => return internal(&e),
        };
        // This server answers SPARQL at /sparql under the base of our IRIs.
        crate::rdf::void::add_endpoint(&mut description, &format!("{}sparql", self.config.base));
        let mut prefixes = self.dataset.prefixes.clone();
        prefixes.extend(description.prefixes.clone());
        let mut out = Vec::new();
        let written = if media == "text/html" {
            crate::publish::ontology::description_page(&description, &self.links)
                .map(|page| out = page.into_bytes())
        } else {
            let format = RdfType::by_media(media).unwrap_or(RDF_TYPES[0]);
            export::write_quads(description.quads, format.format(), &prefixes, &mut out)
        };
        if let Err(e) = written {
            return internal(&e);
        }
        let content_type = if media == "text/html" {
            "text/html; charset=utf-8"
        } else {
            media
        };
        let mut response = self.cacheable(request, content_type, out);
        h::set(&mut response, VARY, "Accept, Accept-Encoding");
        response
    }

    fn sitemap(&self) -> Result<String> {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for iri in resources(&self.dataset, &self.config.base)? {
            xml.push_str(&format!("  <url><loc>{}</loc></url>\n", html::escape(&iri)));
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    }
}

/// A path without the extension of one of its representations
/// (`/shapes.ttl` is `/shapes`; `/ontology/0.1.0` stays whole).
fn stem(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext)) if ext == "html" || RdfType::by_extension(ext).is_some() => stem,
        _ => path,
    }
}

/// Every resource of ours that is a subject: the pages of the site.
pub fn resources(dataset: &Dataset, base: &str) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let ids = format!("{base}id/");
    // Named graphs are ours too: each is described by its provenance.
    let graphs = format!("{base}graph/");
    for quad in dataset.store.iter() {
        if let NamedOrBlankNode::NamedNode(s) = quad?.subject {
            let ours = s.as_str().starts_with(&ids) || s.as_str().starts_with(&graphs);
            if ours && !s.as_str().contains('#') {
                out.insert(s.as_str().to_owned());
            }
        }
    }
    Ok(out)
}

/// Whether a request may change the dataset: what `--cors` never answers,
/// so no other site's page can make a visitor's browser write.
fn writes(request: &Request<Body>, path: &str) -> bool {
    // A preflight asks for the method of the request to come.
    let method = match (
        request.method(),
        h::header(request, "access-control-request-method"),
    ) {
        (&Method::OPTIONS, Some(asked)) => asked.to_ascii_uppercase(),
        (method, _) => method.as_str().to_owned(),
    };
    let reading = method == "GET" || method == "HEAD";
    path == "/update"
        || (path == "/store" && !reading)
        || !(reading || method == "POST")
        || h::header(request, "content-type")
            .is_some_and(|t| t.starts_with("application/sparql-update"))
        || h::param(&h::query_pairs(request), "update").is_some()
}

/// `answer()`, or a 500 if it panics (Oxigraph's sort has panicked on a
/// comparator that is no total order): the client gets an answer, never a
/// dropped connection, and the server goes on.
fn guarded(answer: impl FnOnce() -> Response<Body>) -> Response<Body> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(answer)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        h::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error while answering: {what} (the server goes on)"),
        )
    })
}

/// The methods a route takes, for `Allow`.
fn allowed(path: &str, writable: bool) -> &'static str {
    match path {
        "/sparql" | "/query" => "GET, HEAD, POST, OPTIONS",
        "/update" => "POST, OPTIONS",
        "/store" if writable => "GET, HEAD, PUT, POST, DELETE, OPTIONS",
        _ => "GET, HEAD, OPTIONS",
    }
}

fn formats_list() -> String {
    let mut names: Vec<&str> = vec!["html"];
    names.extend(RDF_TYPES.iter().map(|t| t.extension));
    names.join(", ")
}

/// 406 with what is available.
pub(crate) fn not_acceptable() -> Response<Body> {
    let mut media: Vec<&str> = vec!["text/html"];
    media.extend(RDF_TYPES.iter().map(|t| t.media));
    let mut response = h::error(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the Accept header's types is available; available: {}",
            media.join(", ")
        ),
    );
    h::set(&mut response, VARY, "Accept");
    response
}

/// Runs the server until it is stopped, logging one line per request through
/// `log` (method, path, status, milliseconds).
pub fn serve(
    app: App,
    bind: std::net::SocketAddr,
    log: impl Fn(&str) + Send + Sync + 'static,
) -> Result<()> {
    let app = std::sync::Arc::new(app);
    let max = app.config.max_queries * 4 + 16;
    let timeout = app.config.timeout + Duration::from_secs(5);
    let server = oxhttp::Server::new(move |request| {
        let started = std::time::Instant::now();
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let response = app.handle(request);
        log(&format!(
            "{method} {path} {} {}ms",
            response.status().as_u16(),
            started.elapsed().as_millis()
        ));
        response
    })
    .bind(bind)
    .with_global_timeout(timeout)
    .with_max_concurrent_connections(max)
    .with_server_name(concat!("dipkg/", env!("CARGO_PKG_VERSION")))
    .map_err(|e| crate::Error::Internal(format!("server name: {e}")))?;
    server
        .spawn()
        .and_then(|listening| listening.join())
        .map_err(|source| crate::Error::Serve {
            address: bind.to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_answering_is_a_500_not_a_dropped_connection() {
        let response = guarded(|| panic!("user-provided comparison function is not a total order"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = response.into_body().to_string().expect("a body");
        assert!(body.contains("not a total order"), "{body}");
        assert_eq!(
            guarded(|| h::error(StatusCode::OK, "fine")).status(),
            StatusCode::OK
        );
    }
}
