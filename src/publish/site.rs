//! `dipkg publish DIR`: the whole graph as a static Linked Data site that any
//! web host serves, so the w3id.org names keep resolving with no server of
//! ours: every resource as HTML and RDF (the same renderer as `dipkg serve`),
//! the ontology, index pages, the timeline, the saved queries with their
//! answers, dumps in every format, VoID, a sitemap, and the redirect rules for
//! w3id.org, Apache and nginx.
//!
//! Links are relative, so the site works from any folder and from `file://`.
//! Publishing twice writes the same bytes, and a file whose bytes did not
//! change is not rewritten, so a site kept in git shows real diffs.

use crate::error::{Error, Result};
use crate::publish::html::{Links, escape, layout};
use crate::publish::http::{RDF_TYPES, RdfType};
use crate::publish::render;
use crate::rdf::export;
use crate::rdf::store::Dataset;
use crate::rdf::void;
use crate::sparql::catalog::Catalog;
use crate::sparql::query::{self, Answer};
use crate::vocab::DKG;
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::SparqlEvaluator;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// How the site is published.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base of the dataset's IRIs (`https://w3id.org/dipkg/`).
    pub base: String,
    /// Where the site will be reachable (`https://example.org/dipkg/`), for
    /// the sitemap, the dumps' download URLs and the w3id redirect rules;
    /// `None` leaves the site's own links relative and names the dumps by
    /// their w3id URLs.
    pub base_url: Option<String>,
}

/// What a run wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files the site has.
    pub files: usize,
    /// Files written because they were new or changed.
    pub written: usize,
    /// Bytes of all the site's files.
    pub bytes: u64,
}

/// The kinds of resources with an index page: file name, title, class.
pub const INDEXES: &[(&str, &str, &str)] = &[
    ("states", "States", "SovereignState"),
    ("people", "People", "Person"),
    ("offices", "Offices", "Office"),
    ("events", "Events", "Event"),
    ("documents", "Documents", "Document"),
    ("organisations", "Organisations", "Organisation"),
    ("places", "Places", "Place"),
];

/// The site being built: relative path → bytes.
struct Site {
    files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

/// What every page's links need: the base of our IRIs and the resources
/// that have pages.
struct Pages {
    base: String,
    known: std::sync::Arc<std::collections::BTreeSet<String>>,
}

/// Links for a page at `path` (relative to the site's root).
fn links_at(pages: &Pages, path: &str) -> Links {
    let depth = path.matches('/').count();
    Links {
        base: pages.base.clone(),
        root: if depth == 0 {
            "./".to_owned()
        } else {
            "../".repeat(depth)
        },
        suffix: ".html".to_owned(),
        known: Some(pages.known.clone()),
    }
}

/// Writes the site into `dir`.
pub fn publish(
    dataset: &Dataset,
    catalog: &Catalog,
    dir: &Path,
    options: &Options,
) -> Result<Summary> {
    let mut site = Site {
        files: BTreeMap::new(),
    };
    let base = &options.base;
    let resources = crate::publish::server::resources(dataset, base)?;
    let pages = Pages {
        base: base.clone(),
        known: std::sync::Arc::new(resources.clone()),
    };
    // Each resource's page and RDF, rendered on all cores (a page's
    // neighbourhood layout is the slow part); the order of the files does not
    // depend on the threads, since the site is a sorted map.
    let list: Vec<&String> = resources.iter().collect();
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = list.len().div_ceil(workers.max(1)).max(1);
    let rendered: Vec<Result<Files>> = std::thread::scope(|scope| {
        let handles: Vec<_> = list
            .chunks(chunk)
            .map(|part| scope.spawn(|| resource_files(dataset, &pages, part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("a page renderer panicked".to_owned())))
            })
            .collect()
    });
    for files in rendered {
        for (path, bytes) in files? {
            site.add(path, bytes);
        }
    }
    // The ontology and the context.
    let links = links_at(&pages, "ontology.html");
    site.add(
        "ontology.html",
        crate::publish::ontology::page(dataset, &links)?,
    );
    for t in RDF_TYPES {
        site.add(
            format!("ontology.{}", t.extension),
            crate::publish::ontology::rdf(dataset, *t)?,
        );
    }
    site.add("context.jsonld", crate::rdf::jsonld::CONTEXT);
    // The SHACL shapes the dataset names in dcterms:conformsTo.
    site.add(
        "shapes.html",
        crate::publish::ontology::shapes_page(&links_at(&pages, "shapes.html"))?,
    );
    for t in RDF_TYPES.iter().filter(|t| t.extension != "nq") {
        site.add(
            format!("shapes.{}", t.extension),
            crate::publish::ontology::shapes_rdf(*t)?,
        );
    }
    // Dumps, plain and gzipped, before VoID, which lists them with their sizes.
    let mut sizes = BTreeMap::new();
    let quads = export::quads(&dataset.store, None)?;
    for (extension, _, _) in void::DUMP_FORMATS {
        let format = RdfType::by_extension(extension).unwrap_or(RDF_TYPES[0]);
        let mut bytes = Vec::new();
        export::write_quads(
            quads.clone(),
            format.format(),
            &dataset.prefixes,
            &mut bytes,
        )?;
        let gz = gzip(&bytes);
        sizes.insert(
            (*extension).to_owned(),
            (bytes.len() as u64, gz.len() as u64),
        );
        site.add(format!("dumps/dipkg.{extension}"), bytes);
        site.add(format!("dumps/dipkg.{extension}.gz"), gz);
    }
    // The event table, beside the dumps (VoID lists it as a distribution).
    let events = crate::events::render(
        dataset,
        catalog,
        &crate::events::Ask {
            filter: crate::events::Filter::default(),
            set: crate::events::Set::Dipkg,
            aggregate: None,
            format: crate::events::Format::Csv,
        },
    )?;
    sizes.insert("events.csv".to_owned(), (events.len() as u64, 0));
    site.add("dumps/dipkg-events.csv", events);
    let description = crate::publish::site_description::description(dataset, options, &sizes)?;
    let mut prefixes = dataset.prefixes.clone();
    prefixes.extend(description.prefixes.clone());
    let mut turtle = Vec::new();
    export::write_quads(
        description.quads.clone(),
        oxigraph::io::RdfFormat::Turtle,
        &prefixes,
        &mut turtle,
    )?;
    // The graph the description is written into (export --with-description) is
    // a name of ours too: it resolves to the description.
    site.add(format!("{}.ttl", DESCRIPTION_PATH), turtle.clone());
    site.add(".well-known/void", turtle);
    for t in RDF_TYPES {
        let mut bytes = Vec::new();
        export::write_quads(description.quads.clone(), t.format(), &prefixes, &mut bytes)?;
        if t.extension != "ttl" {
            site.add(format!("{DESCRIPTION_PATH}.{}", t.extension), bytes.clone());
        }
        site.add(format!(".well-known/void.{}", t.extension), bytes);
    }
    let links = links_at(&pages, ".well-known/void.html");
    site.add(
        ".well-known/void.html",
        crate::publish::ontology::description_page(&description, &links)?,
    );
    let path = format!("{DESCRIPTION_PATH}.html");
    site.add(
        path.clone(),
        crate::publish::ontology::description_page(&description, &links_at(&pages, &path))?,
    );
    // Index pages, the timeline, the saved queries.
    site.add(
        "index.html",
        home(dataset, &description, &links_at(&pages, "index.html"))?,
    );
    for (file, title, class) in INDEXES {
        let path = format!("types/{file}.html");
        site.add(
            path.clone(),
            index_page(dataset, &links_at(&pages, &path), title, class)?,
        );
    }
    site.add(
        "timeline.html",
        render::timeline_page(dataset, catalog, &links_at(&pages, "timeline.html"))?,
    );
    site.add(
        "query.html",
        queries_index(catalog, &links_at(&pages, "query.html"))?,
    );
    for saved in catalog.iter() {
        if saved.name.starts_with("checks/") {
            continue;
        }
        let path = format!("queries/{}.html", saved.name);
        let page = query_page(dataset, saved, &links_at(&pages, &path))?;
        site.add(path, page);
    }
    // Served at any depth, so its one link is absolute: to the site, or the w3id home.
    let home_url = options.base_url.clone().unwrap_or_else(|| base.clone());
    site.add(
        "404.html",
        layout(
            "Not found",
            &format!(
                "<h1>Not found</h1>\n<p>There is nothing at this address. Start from the <a href=\"{}\">home page</a>.</p>\n",
                escape(&home_url)
            ),
            &links_at(&pages, "404.html"),
            "",
        ),
    );
    // Discovery and redirect rules.
    let public = options.base_url.clone().unwrap_or_else(|| base.clone());
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for iri in &resources {
        let loc = match &options.base_url {
            Some(url) => format!("{url}{}.html", iri.strip_prefix(base).unwrap_or(iri)),
            None => iri.clone(),
        };
        let _ = writeln!(sitemap, "  <url><loc>{}</loc></url>", escape(&loc));
    }
    sitemap.push_str("</urlset>\n");
    site.add("sitemap.xml", sitemap);
    site.add(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {public}sitemap.xml\n"),
    );
    site.add(".htaccess", crate::publish::redirects::apache());
    site.add("nginx.conf", crate::publish::redirects::nginx());
    let target = options
        .base_url
        .clone()
        .unwrap_or_else(|| "https://YOUR-HOST/YOUR-PATH/".to_owned());
    site.add("w3id/.htaccess", crate::publish::redirects::w3id(&target));
    site.add(
        "w3id/README.md",
        crate::publish::redirects::w3id_readme(&target),
    );
    write(&site, dir)
}

/// Where the description's graph ([`void::DESCRIPTION_GRAPH`]) has its files.
const DESCRIPTION_PATH: &str = "graph/description";

/// Files of the site: path and bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The files of some resources: each one's page and its RDF in every format.
fn resource_files(dataset: &Dataset, pages: &Pages, iris: &[&String]) -> Result<Files> {
    let mut files = Vec::new();
    for iri in iris {
        let Some(path) = iri.strip_prefix(&pages.base) else {
            continue;
        };
        let node = NamedNode::new_unchecked((*iri).clone());
        let name = path.rsplit('/').next().unwrap_or(path);
        let links = links_at(pages, &format!("{path}.html"));
        let alternates: Vec<(&str, String)> = RDF_TYPES
            .iter()
            .filter(|t| t.extension != "nq")
            .map(|t| (t.name, format!("{name}.{}", t.extension)))
            .collect();
        let page = render::resource_page(dataset, &node, &links, "en", 0, &alternates)?;
        files.push((format!("{path}.html"), page.into_bytes()));
        for t in RDF_TYPES.iter().filter(|t| t.extension != "nq") {
            files.push((
                format!("{path}.{}", t.extension),
                render::resource_rdf(dataset, &node, *t)?,
            ));
        }
    }
    Ok(files)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    // No name and a zero time in the header, so the same bytes each run.
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Writes the files whose bytes differ from what is on disk, never through
/// a link inside `dir` to somewhere else.
fn write(site: &Site, dir: &Path) -> Result<Summary> {
    let mut summary = Summary::default();
    usable(dir)?;
    let mut checked: std::collections::HashSet<std::path::PathBuf> = Default::default();
    for (path, bytes) in &site.files {
        let target = dir.join(path);
        inside(dir, Path::new(path), &mut checked)?;
        summary.files += 1;
        summary.bytes += bytes.len() as u64;
        if std::fs::read(&target).is_ok_and(|old| old == *bytes) {
            continue;
        }
        crate::output::write_file_unsynced(&target, bytes)?;
        summary.written += 1;
    }
    Ok(summary)
}

/// Whether `dir` can hold the site: a folder, a link to one, or nothing yet.
fn usable(dir: &Path) -> Result<()> {
    let bad = |message: String| Error::BadFile {
        path: dir.display().to_string(),
        message,
    };
    match (std::fs::symlink_metadata(dir), std::fs::metadata(dir)) {
        (Err(_), _) => Ok(()),
        (Ok(_), Ok(meta)) if meta.is_dir() => Ok(()),
        (Ok(_), Ok(_)) => Err(bad(
            "is a file, not a folder: give a folder for the site".into()
        )),
        (Ok(_), Err(_)) => Err(bad(format!(
            "is a link to {}, which does not exist",
            std::fs::read_link(dir).map_or_else(|_| "?".into(), |t| t.display().to_string())
        ))),
    }
}

/// Refuses a folder on the way from `dir` to the file `path` that is a link:
/// following it would write outside `dir`.
fn inside(
    dir: &Path,
    path: &Path,
    checked: &mut std::collections::HashSet<std::path::PathBuf>,
) -> Result<()> {
    let mut folder = dir.to_path_buf();
    for part in path.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        if !checked.insert(folder.clone()) {
            continue;
        }
        if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::BadFile {
                path: folder.display().to_string(),
                message: format!(
                    "is a link (to {}): publish writes only inside {}; remove the link",
                    std::fs::read_link(&folder)
                        .map_or_else(|_| "?".into(), |t| t.display().to_string()),
                    dir.display()
                ),
            });
        }
    }
    Ok(())
}

fn home(dataset: &Dataset, description: &void::Description, links: &Links) -> Result<String> {
    let title = description
        .quads
        .iter()
        .find_map(|q| match (&q.predicate, &q.object) {
            (p, Term::Literal(l))
                if p.as_str() == "http://purl.org/dc/terms/title" && l.language() == Some("en") =>
            {
                Some(l.value().to_owned())
            }
            _ => None,
        })
        .unwrap_or_else(|| "dipkg".to_owned());
    let text = description
        .quads
        .iter()
        .find_map(|q| match (&q.predicate, &q.object) {
            (p, Term::Literal(l))
                if p.as_str() == "http://purl.org/dc/terms/description"
                    && l.language() == Some("en") =>
            {
                Some(l.value().to_owned())
            }
            _ => None,
        })
        .unwrap_or_default();
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<h2>Browse</h2>\n<ul>\n",
        escape(&title),
        escape(&text)
    );
    for (file, name, class) in INDEXES {
        let count = members(dataset, class)?.len();
        let _ = writeln!(
            body,
            "<li><a href=\"types/{file}.html\">{name}</a> ({count})</li>"
        );
    }
    body.push_str("<li><a href=\"timeline.html\">Timeline</a></li>\n<li><a href=\"query.html\">Saved queries and their answers</a></li>\n<li><a href=\"ontology.html\">Ontology</a></li>\n<li><a href=\".well-known/void.html\">About the dataset</a> (licence, size, dumps)</li>\n</ul>\n<h2>Download</h2>\n<ul>\n");
    for (extension, media, _) in void::DUMP_FORMATS {
        let _ = writeln!(
            body,
            "<li><a href=\"dumps/dipkg.{extension}\">dipkg.{extension}</a> ({media}; <a href=\"dumps/dipkg.{extension}.gz\">gzipped</a>)</li>"
        );
    }
    body.push_str("</ul>\n");
    Ok(layout(&title, &body, links, ""))
}

/// The resources of a class and its subclasses, with their labels, sorted by label.
fn members(dataset: &Dataset, class: &str) -> Result<Vec<(String, String)>> {
    // The class is one of ours, from INDEXES: never user input.
    let text = format!(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT DISTINCT ?s ?label WHERE {{ ?s a ?c . ?c rdfs:subClassOf* <{DKG}{class}> .
           OPTIONAL {{ ?s rdfs:label ?label FILTER(langMatches(lang(?label), \"en\")) }} }}"
    );
    let mut out: Vec<(String, String)> = query::select(&dataset.store, "site index", &text)?
        .into_iter()
        .filter_map(|row| match (&row[0], &row[1]) {
            (Some(Term::NamedNode(s)), label) => Some((
                label.as_ref().map_or_else(
                    || s.as_str().to_owned(),
                    |l| match l {
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    },
                ),
                s.as_str().to_owned(),
            )),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.1 == b.1);
    Ok(out)
}

fn index_page(dataset: &Dataset, links: &Links, title: &str, class: &str) -> Result<String> {
    let mut body = format!("<h1>{}</h1>\n<ul class=\"index\">\n", escape(title));
    for (label, iri) in members(dataset, class)? {
        let href = links.page(&iri).unwrap_or_else(|| iri.clone());
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">{}</a></li>",
            escape(&href),
            escape(&label)
        );
    }
    body.push_str("</ul>\n");
    Ok(layout(title, &body, links, ""))
}

/// An answer as an HTML table, IRIs of ours linked to their pages.
fn answer_table(answer: &Answer, dataset: &Dataset, links: &Links) -> String {
    let Answer::Solutions { variables, rows } = answer else {
        return match answer {
            Answer::Boolean(b) => format!("<p class=\"answer\">{b}</p>\n"),
            _ => "<p>(a graph: see the query's SPARQL)</p>\n".to_owned(),
        };
    };
    let mut out = String::from("<table class=\"answer\"><thead><tr>");
    for v in variables {
        let _ = write!(out, "<th>{}</th>", escape(v.as_str()));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for value in row {
            let cell = match value {
                Some(Term::NamedNode(n)) => {
                    let shown = dataset
                        .prefixes
                        .shorten_for_display(n.as_str())
                        .unwrap_or_else(|| n.as_str().to_owned());
                    let href = links
                        .page(n.as_str())
                        .unwrap_or_else(|| n.as_str().to_owned());
                    format!("<a href=\"{}\">{}</a>", escape(&href), escape(&shown))
                }
                Some(Term::Literal(l)) => escape(l.value()),
                Some(other) => escape(&other.to_string()),
                None => String::new(),
            };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

fn queries_index(catalog: &Catalog, links: &Links) -> Result<String> {
    let mut body = String::from(
        "<h1>Saved queries</h1>\n<p>Each saved question of the graph with its SPARQL and its answer on the published data. To run your own queries, use <code>dipkg query</code> or <code>dipkg serve</code>.</p>\n<ul>\n",
    );
    for info in catalog.describe()? {
        if info.name.starts_with("checks/") {
            continue;
        }
        let _ = writeln!(
            body,
            "<li><a href=\"queries/{0}.html\">{0}</a> — {1}</li>",
            escape(&info.name),
            escape(info.summary.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</ul>\n");
    Ok(layout("Saved queries", &body, links, ""))
}

fn query_page(
    dataset: &Dataset,
    saved: &crate::sparql::catalog::SavedQuery,
    links: &Links,
) -> Result<String> {
    let parsed = saved.parse()?;
    let info = parsed.info();
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(&info.name),
        escape(info.summary.as_deref().unwrap_or(""))
    );
    if let Some(description) = &info.description {
        let _ = writeln!(body, "<p>{}</p>", escape(description));
    }
    let _ = writeln!(
        body,
        "<pre class=\"sparql\"><code>{}</code></pre>",
        escape(&saved.text)
    );
    if info.params.iter().any(|p| p.required) {
        body.push_str(
            "<p>This query needs parameters; run it with <code>dipkg query</code>.</p>\n",
        );
    } else {
        let answer = query::run(dataset, &parsed, &[], SparqlEvaluator::new())?;
        let defaults: Vec<String> = info
            .params
            .iter()
            .filter_map(|p| p.default.as_ref().map(|d| format!("{} = {d}", p.name)))
            .collect();
        if !defaults.is_empty() {
            let _ = writeln!(body, "<p>Answer with {}:</p>", escape(&defaults.join(", ")));
        }
        body.push_str(&answer_table(&answer, dataset, links));
    }
    Ok(layout(&info.name, &body, links, ""))
}
