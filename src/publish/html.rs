//! The HTML of every page, rendered the same way for `dipkg serve` and for the
//! static site of `dipkg publish`, so the two never drift. Pages are
//! self-contained (inline CSS, no scripts but the query page's own, no fonts
//! or assets from the network) and link to each other through [`Links`],
//! which knows whether it writes server paths or relative file names.

use crate::publish::resource::{Group, Labelled, Provenance, Resource, Statement};
use oxigraph::model::Term;
use std::fmt::Write as _;

/// How pages link to our resources and to each other.
#[derive(Debug, Clone)]
pub struct Links {
    /// The base of our IRIs (`https://w3id.org/dipkg/`).
    pub base: String,
    /// What a link to the site's root starts with: `/` on a server, a
    /// relative `../../` in a static file.
    pub root: String,
    /// Appended to a resource's path to name its page: `""` on a server
    /// (negotiation picks HTML), `.html` in a static site.
    pub suffix: String,
    /// The resources that have pages, when only those may be linked (a
    /// static site); `None` links every IRI under `id/` (a server answers
    /// the others with a 404 page).
    pub known: Option<std::sync::Arc<std::collections::BTreeSet<String>>>,
}

impl Links {
    /// Links for a server at the site root.
    pub fn server(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            root: "/".to_owned(),
            suffix: String::new(),
            known: None,
        }
    }

    /// The link for an IRI of ours (its page, or the file it names), or
    /// `None` for anyone else's IRI and for ours that have no page.
    pub fn page(&self, iri: &str) -> Option<String> {
        let path = iri.strip_prefix(&self.base)?;
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (path, String::new()),
        };
        match path {
            "" => Some(format!("{}{fragment}", self.site(""))),
            // The version IRI and the alignments are in the ontology's document.
            "ontology" | "ontology/0.1.0" | "ontology/alignments" => {
                Some(format!("{}{fragment}", self.site("ontology")))
            }
            "shapes" => Some(format!("{}{fragment}", self.site("shapes"))),
            "dataset" => Some(self.site(".well-known/void")),
            p if p.starts_with("id/") || p.starts_with("graph/") => {
                let has_page = self
                    .known
                    .as_ref()
                    .is_none_or(|known| known.contains(&format!("{}{p}", self.base)));
                has_page.then(|| format!("{}{p}{}{fragment}", self.root, self.suffix))
            }
            // A file of the site: a dump, the context.
            p if [".ttl", ".nt", ".nq", ".trig", ".rdf", ".jsonld", ".gz"]
                .iter()
                .any(|extension| p.ends_with(extension)) =>
            {
                Some(format!("{}{p}", self.root))
            }
            _ => None,
        }
    }

    /// A link to a page of the site by its path (`ontology`, `timeline`; `""`
    /// for the home page).
    pub fn site(&self, path: &str) -> String {
        if path.is_empty() {
            let index = if self.suffix.is_empty() {
                ""
            } else {
                "index.html"
            };
            return format!("{}{index}", self.root);
        }
        format!("{}{path}{}", self.root, self.suffix)
    }
}

/// Escapes text for HTML content and attribute values: the pictures' XML
/// escaping, which also blanks control characters HTML does not allow either.
pub fn escape(text: &str) -> String {
    crate::picture::metrics::xml(text)
}

const STYLE: &str = "
:root { color-scheme: light dark; --muted: #667; --line: #ccd; --accent: #1f5fa6; }
body { font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0; }
header { border-bottom: 1px solid var(--line); padding: .6rem 1.5rem; display: flex; gap: 1.2rem; flex-wrap: wrap; }
header a { text-decoration: none; font-weight: 600; }
main { max-width: 62rem; padding: 1rem 1.5rem 3rem; }
a { color: var(--accent); }
h1 { margin: .3rem 0; font-size: 1.7rem; }
.iri, code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .85rem; color: var(--muted); word-break: break-all; }
.types a { margin-right: .6rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
th { width: 14rem; font-weight: 600; }
.prov { display: block; font-size: .8rem; color: var(--muted); }
.prov q { font-style: italic; }
.lang { font-size: .75rem; color: var(--muted); margin-left: .3rem; }
.count { color: var(--muted); font-weight: normal; }
.inferred { font-size: .75rem; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; }
dl.names dt { float: left; clear: left; width: 3rem; color: var(--muted); }
dl.names dd { margin-left: 3.5rem; }
nav.formats a { margin-right: .6rem; font-size: .85rem; }
figure { margin: 1rem 0; overflow-x: auto; }
figure.neighbourhood svg { max-width: 100%; height: auto; }
@media print { header, nav.formats { display: none; } a { color: inherit; text-decoration: none; } }
";

/// A whole page: head, the site's navigation, and `body`.
pub fn layout(title: &str, body: &str, links: &Links, extra_head: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · dipkg</title>\n<style>{STYLE}</style>\n{extra_head}</head>\n<body>\n\
         <header><a href=\"{home}\">dipkg</a><a href=\"{query}\">Query</a>\
         <a href=\"{ontology}\">Ontology</a><a href=\"{timeline}\">Timeline</a>\
         <a href=\"{dataset}\">Dataset</a></header>\n<main>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title),
        home = escape(&links.site("")),
        query = escape(&links.site("query")),
        ontology = escape(&links.site("ontology")),
        timeline = escape(&links.site("timeline")),
        dataset = escape(&links.site(".well-known/void")),
    )
}

/// A link to a term: our resources to their pages, others to themselves,
/// shown by label when there is one.
fn term_link(value: &Labelled, links: &Links) -> String {
    match &value.term {
        Term::NamedNode(n) => {
            let href = links
                .page(n.as_str())
                .unwrap_or_else(|| n.as_str().to_owned());
            let text = value.label.clone().unwrap_or_else(|| n.as_str().to_owned());
            format!("<a href=\"{}\">{}</a>", escape(&href), escape(&text))
        }
        Term::BlankNode(b) => format!("<span class=\"iri\">_:{}</span>", escape(b.as_str())),
        Term::Literal(l) => {
            let mut out = escape(l.value());
            if let Some(language) = l.language() {
                let _ = write!(out, "<span class=\"lang\">{}</span>", escape(language));
            } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
                let datatype = l.datatype().as_str();
                let short = datatype.rsplit(['#', '/']).next().unwrap_or(datatype);
                let _ = write!(out, "<span class=\"lang\">{}</span>", escape(short));
            }
            out
        }
        #[allow(unreachable_patterns, reason = "RDF 1.2 triple terms, when enabled")]
        other => escape(&other.to_string()),
    }
}

fn provenance(statement: &Statement, links: &Links) -> String {
    let mut out = String::new();
    for p in &statement.provenance {
        let text = match p {
            Provenance::Source {
                citation,
                paragraph,
                quote,
            } => {
                let href = links
                    .page(citation.as_str())
                    .unwrap_or_else(|| citation.as_str().to_owned());
                let mut text = String::from("source");
                if let Some(paragraph) = paragraph {
                    let _ = write!(text, ", paragraph {}", escape(paragraph));
                }
                if let Some(quote) = quote {
                    let _ = write!(text, ": <q>{}</q>", escape(quote));
                }
                format!("<a href=\"{}\">{text}</a>", escape(&href))
            }
            Provenance::Other { iri, label } => {
                let href = links
                    .page(iri.as_str())
                    .unwrap_or_else(|| iri.as_str().to_owned());
                format!(
                    "according to <a href=\"{}\">{}</a>",
                    escape(&href),
                    escape(label.as_deref().unwrap_or(iri.as_str()))
                )
            }
            Provenance::Inferred => "<span class=\"inferred\">inferred</span>".to_owned(),
        };
        let _ = write!(out, "<span class=\"prov\">{text}</span>");
    }
    out
}

fn group_rows(groups: &[Group], links: &Links, incoming: bool) -> String {
    let mut out = String::new();
    for group in groups {
        let property = term_link(&group.property, links);
        let count = if incoming || group.total > 1 {
            format!(" <span class=\"count\">({})</span>", group.total)
        } else {
            String::new()
        };
        let mut cells = String::new();
        for statement in &group.statements {
            let _ = write!(
                cells,
                "<div>{}{}</div>",
                term_link(&statement.value, links),
                provenance(statement, links)
            );
        }
        if incoming && group.total > group.statements.len() {
            let _ = write!(
                cells,
                "<div class=\"count\">{} of {} shown</div>",
                group.statements.len(),
                group.total
            );
        }
        let _ = writeln!(out, "<tr><th>{property}{count}</th><td>{cells}</td></tr>");
    }
    out
}

/// The page of one resource. `alternates` are (format name, href) pairs of
/// its RDF forms; `json_ld` is embedded for search engines and scripts;
/// `pictures` is HTML (a timeline, a diagram) placed after the statements.
pub fn resource_page(
    resource: &Resource,
    links: &Links,
    alternates: &[(&str, String)],
    json_ld: &str,
    pictures: &str,
) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape(&resource.label));
    let _ = writeln!(
        body,
        "<div class=\"iri\">{}</div>",
        escape(resource.iri.as_str())
    );
    if !resource.types.is_empty() {
        let types: Vec<String> = resource.types.iter().map(|t| term_link(t, links)).collect();
        let _ = writeln!(body, "<p class=\"types\">{}</p>", types.join(" "));
    }
    if let Some(comment) = &resource.comment {
        let _ = writeln!(body, "<p>{}</p>", escape(comment));
    }
    if resource.names.len() > 1 {
        let _ = writeln!(body, "<h2>Names</h2>\n<dl class=\"names\">");
        for name in &resource.names {
            let _ = writeln!(
                body,
                "<dt>{}</dt><dd lang=\"{}\">{}</dd>",
                escape(if name.language.is_empty() {
                    "—"
                } else {
                    &name.language
                }),
                escape(&name.language),
                escape(&name.text)
            );
        }
        let _ = writeln!(body, "</dl>");
    }
    if !resource.outgoing.is_empty() {
        let _ = writeln!(
            body,
            "<h2>Statements</h2>\n<table class=\"outgoing\">\n{}</table>",
            group_rows(&resource.outgoing, links, false)
        );
    }
    if !resource.claims.is_empty() {
        let _ = writeln!(
            body,
            "<h2>What other sources say</h2>\n<ul class=\"claims\">"
        );
        for claim in &resource.claims {
            let _ = writeln!(body, "<li>{}</li>", term_link(claim, links));
        }
        let _ = writeln!(body, "</ul>");
    }
    if !resource.incoming.is_empty() {
        let _ = writeln!(
            body,
            "<h2>Referred to by</h2>\n<table class=\"incoming\">\n{}</table>",
            group_rows(&resource.incoming, links, true)
        );
        // A server pages what points here; a static page shows the first page.
        let more = resource.incoming.iter().any(|g| {
            g.total > (resource.incoming_page + 1) * crate::publish::resource::INCOMING_PAGE
        });
        if links.suffix.is_empty() && (more || resource.incoming_page > 0) {
            body.push_str("<nav class=\"pages\">");
            if resource.incoming_page > 0 {
                let _ = write!(
                    body,
                    "<a rel=\"prev\" href=\"?incoming-page={}\">previous page</a> ",
                    resource.incoming_page - 1
                );
            }
            if more {
                let _ = write!(
                    body,
                    "<a rel=\"next\" href=\"?incoming-page={}\">next page</a>",
                    resource.incoming_page + 1
                );
            }
            body.push_str("</nav>\n");
        }
    }
    if !resource.external.is_empty() {
        let _ = writeln!(body, "<h2>Elsewhere</h2>\n<ul class=\"external\">");
        for link in &resource.external {
            let _ = writeln!(body, "<li>{}</li>", term_link(link, links));
        }
        let _ = writeln!(body, "</ul>");
    }
    body.push_str(pictures);
    let mut formats = String::from("<nav class=\"formats\">This page as ");
    for (name, href) in alternates {
        let _ = write!(formats, "<a href=\"{}\">{}</a>", escape(href), escape(name));
    }
    formats.push_str("</nav>\n");
    body.push_str(&formats);
    let head = format!(
        "<script type=\"application/ld+json\">\n{}\n</script>\n",
        json_ld.replace("</", "<\\/")
    );
    layout(&resource.label, &body, links, &head)
}

/// The page saying that an IRI is not in the data, naming it.
pub fn not_found_page(iri: &str, path: &str, links: &Links) -> String {
    let body = format!(
        "<h1>Not in the data</h1>\n<p>The path <code>{}</code> names the resource \
         <code class=\"iri\">{}</code>, which the dataset says nothing about.</p>\n\
         <p>Check the spelling, or look it up from the <a href=\"{}\">query page</a>.</p>\n",
        escape(path),
        escape(iri),
        escape(&links.site("query"))
    );
    layout("Not found", &body, links, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_map_our_iris_to_pages_and_leave_others() {
        let server = Links::server("https://w3id.org/dipkg/");
        assert_eq!(
            server
                .page("https://w3id.org/dipkg/id/state/turkey")
                .as_deref(),
            Some("/id/state/turkey")
        );
        assert_eq!(
            server
                .page("https://w3id.org/dipkg/ontology#Treaty")
                .as_deref(),
            Some("/ontology#Treaty")
        );
        assert_eq!(server.page("http://www.wikidata.org/entity/Q43"), None);
        let site = Links {
            base: "https://w3id.org/dipkg/".to_owned(),
            root: "../../".to_owned(),
            suffix: ".html".to_owned(),
            known: None,
        };
        assert_eq!(
            site.page("https://w3id.org/dipkg/id/state/turkey")
                .as_deref(),
            Some("../../id/state/turkey.html")
        );
        assert_eq!(site.site("ontology"), "../../ontology.html");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
