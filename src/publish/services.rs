//! `SERVICE` on the server. Any client can send a query, so a `SERVICE
//! <http://…>` would make the server fetch whatever URL the client names
//! (SSRF) with Oxigraph's own HTTP client, outside every bound. Here it is
//! refused unless its host is one `--allow-service` lists, and an allowed call
//! goes through dipkg's client: its timeout (the query's), its response-size
//! limit, no credentials.

use crate::error::{Error, Result};
use crate::publish::app::App;
use crate::remote::endpoint::ServiceHandler;
use crate::remote::http::Client;
use oxigraph::model::NamedNode;
use oxigraph::sparql::{DefaultServiceHandler, QuerySolutionIter, SparqlEvaluator};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;

/// The largest answer an allowed `SERVICE` call may send (bytes).
const MAX_RESPONSE: u64 = 64 << 20;

/// The server's `SERVICE` handler: the allowed hosts, and the client for
/// them (or why it could not be made, said to the query that needs it).
struct Gate {
    allowed: Vec<String>,
    handler: std::result::Result<ServiceHandler, String>,
}

/// `evaluator` with the server's `SERVICE` rules (see the module).
pub fn evaluator(app: &App, evaluator: SparqlEvaluator) -> SparqlEvaluator {
    let handler = if app.config.allow_service.is_empty() {
        Err("no host is allowed".to_owned())
    } else {
        Client::new(app.config.timeout, None)
            .map(|c| ServiceHandler::new(c.with_max_response(MAX_RESPONSE)))
            .map_err(|e| e.to_string())
    };
    evaluator.with_default_service_handler(Gate {
        allowed: app
            .config
            .allow_service
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
        handler,
    })
}

/// The host (and `host:port`) of an `http` or `https` IRI.
fn host(iri: &str) -> Option<(String, String)> {
    let rest = iri
        .strip_prefix("http://")
        .or_else(|| iri.strip_prefix("https://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?.to_ascii_lowercase();
    let host = match authority.strip_prefix('[').and_then(|r| r.find(']')) {
        Some(end) => authority[..end + 2].to_owned(),
        None => authority.split(':').next().unwrap_or_default().to_owned(),
    };
    Some((host, authority))
}

impl DefaultServiceHandler for Gate {
    type Error = Error;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>> {
        let name = service_name.as_str();
        let listed = host(name).is_some_and(|(host, authority)| {
            self.allowed.iter().any(|a| *a == host || *a == authority)
        });
        if !listed {
            return Err(Error::Usage(format!(
                "SERVICE <{name}>: this server calls no other endpoint unless it is started with --allow-service HOST for that host"
            )));
        }
        match &self.handler {
            Ok(handler) => handler.handle(service_name, pattern, base_iri),
            Err(why) => Err(Error::Internal(format!(
                "SERVICE <{name}>: the HTTP client for allowed hosts could not be made: {why}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_a_service_iri() {
        let h = |iri: &str| host(iri).map(|(h, a)| format!("{h} {a}"));
        assert_eq!(
            h("http://Example.org/sparql").as_deref(),
            Some("example.org example.org")
        );
        assert_eq!(
            h("https://u:p@query.wikidata.org:443/sparql").as_deref(),
            Some("query.wikidata.org query.wikidata.org:443")
        );
        assert_eq!(
            h("http://[::1]:8890/sparql").as_deref(),
            Some("[::1] [::1]:8890")
        );
        assert_eq!(h("file:///etc/passwd"), None);
    }
}
