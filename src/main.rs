//! The `dipkg` command: parses arguments, calls the library, prints, and maps
//! errors to exit codes (0 ok, 1 failure, 2 bad usage).

#![expect(
    clippy::print_stderr,
    reason = "the binary is the one place that prints errors"
)]

mod cli;

use clap::Parser;
use cli::{
    Cli, Command, Infer, Inferred, ListFormat, OutputFormat, RdfOutput, RemoteArgs, ReportFormat,
};
use dipkg::catalog::{Catalog, QueryInfo, SavedQuery};
use dipkg::reason::{self, Profile};
use dipkg::results::Format;
use dipkg::store::{self, Sources};
use dipkg::{Error, compare, endpoint, export, http, link, push, query, results, validate};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::NamedNode;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if is_broken_pipe(&error) {
                // `dipkg export | head` is normal use, not a failure.
                return ExitCode::SUCCESS;
            }
            eprintln!("dipkg: {error:#}");
            ExitCode::from(exit_code(&error))
        }
    }
}

fn exit_code(error: &anyhow::Error) -> u8 {
    match error.downcast_ref::<Error>() {
        Some(Error::Usage(_) | Error::UnknownQuery { .. } | Error::Parameter { .. }) => 2,
        _ => 1,
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<Error>().is_some_and(
                |e| matches!(e, Error::Write(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let sources = Sources {
        data: cli.sources.data.clone(),
        no_ontology: cli.sources.no_ontology,
    };
    let mut catalog = Catalog::shipped();
    if let Some(dir) = &cli.sources.queries {
        catalog.add_dir(dir)?;
    }
    match cli.command {
        Command::Queries(args) => {
            let infos = catalog.describe()?;
            let mut out = Vec::new();
            match args.format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &infos)?;
                    out.push(b'\n');
                }
                ListFormat::Text => write_query_list(&infos, &mut out)?,
            }
            emit(&out, None)
        }
        Command::Query(args) => {
            let saved = match (&args.sparql, &args.query) {
                (Some(text), _) => SavedQuery::new("--sparql", "--sparql", text.clone()),
                (None, Some(what)) => catalog.resolve(what)?,
                (None, None) => unreachable!("clap requires a query or --sparql"),
            };
            let parsed = saved.parse()?;
            let timeout = std::time::Duration::from_secs(args.remote.timeout);
            let (answer, prefixes) = match &args.endpoint {
                Some(url) => {
                    // The shipped ontology alone supplies the prefixes for IRI parameters.
                    let dataset = store::load_documents(&store::shipped_ontology(), usize::MAX)?;
                    let query = query::bound(&dataset, &parsed, &args.params)?;
                    let answer = endpoint::run(&client(&args.remote)?, url, &query)?;
                    (answer, dataset.prefixes)
                }
                None => {
                    let dataset = load(&sources, args.infer)?;
                    let answer = query::run(&dataset, &parsed, &args.params, timeout)?;
                    (answer, dataset.prefixes)
                }
            };
            let format = match args.format {
                Some(f) => output_format(f),
                None => match answer {
                    query::Answer::Graph(_) => Format::Rdf(RdfFormat::Turtle),
                    _ if args.output.is_none() && std::io::stdout().is_terminal() => Format::Table,
                    _ => Format::Tsv,
                },
            };
            let mut out = Vec::new();
            results::write_answer(answer, format, &prefixes, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Push(args) => {
            let dataset = store::load(&sources)?;
            let target = push::Target {
                update: args.endpoint.clone(),
                graph_store: args.graph_store.clone(),
            };
            let pushed = push::push(&dataset.store, &client(&args.remote)?, &target)?;
            let mut out = Vec::new();
            for p in &pushed {
                writeln!(out, "{}\t{}\t{}", p.graph.as_str(), p.triples, p.method)?;
            }
            emit(&out, None)
        }
        Command::Link(args) => {
            let dataset = store::load(&sources)?;
            let client = client(&args.remote)?;
            let against = if is_url(&args.against) {
                link::Against::Endpoint {
                    client: &client,
                    url: &args.against,
                }
            } else {
                link::Against::File(std::path::Path::new(&args.against))
            };
            let (outcomes, s) = link::run(&dataset.store, against)?;
            let report = args
                .report
                .clone()
                .unwrap_or_else(|| args.output.with_extension("review.tsv"));
            let mut links = Vec::new();
            link::write_links(&outcomes, &args.against, &mut links)?;
            let mut review = Vec::new();
            link::write_review(&outcomes, &mut review)?;
            if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", parent.display()))?;
            }
            emit(&links, Some(&args.output))?;
            emit(&review, Some(&report))?;
            let text = format!(
                "{} entities, {} candidates: {} owl:sameAs and {} skos:closeMatch in {}; {} to review in {}\n",
                s.entities,
                s.candidates,
                s.same,
                s.close,
                args.output.display(),
                s.review,
                report.display()
            );
            emit(text.as_bytes(), None)
        }
        Command::Compare(args) => {
            let dataset = store::load(&sources)?;
            let mut extra = Vec::new();
            for path in &args.links {
                extra.extend(store::read_path(path)?);
            }
            let links_store = store::load_documents(&extra, 0)?;
            let mut links = compare::link_map(&dataset.store)?;
            links.extend(compare::link_map(&links_store.store)?);
            let (theirs, seen) = if is_url(&args.against) {
                compare::endpoint_source(&client(&args.remote)?, &args.against, &links)?
            } else {
                compare::read_source(std::path::Path::new(&args.against), &links)?
            };
            let rows = compare::compare(&dataset.store, &theirs, &seen)?;
            let mut out = Vec::new();
            compare::write_tsv(&rows, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Export(args) => {
            let dataset = load(&sources, args.infer)?;
            let graph = args
                .graph
                .as_deref()
                .map(|g| {
                    NamedNode::new(g)
                        .map_err(|e| Error::Usage(format!("--graph {g:?} is not an IRI: {e}")))
                })
                .transpose()?;
            let mut quads = export::quads(&dataset.store, graph.as_ref())?;
            if args.infer.is_some() {
                let inferred = NamedNode::new_unchecked(reason::INFERRED_GRAPH);
                match args.inferred.unwrap_or(Inferred::With) {
                    Inferred::With => {}
                    Inferred::Only => quads.retain(|q| q.graph_name == inferred.clone().into()),
                    Inferred::Without => quads.retain(|q| q.graph_name != inferred.clone().into()),
                }
            }
            let mut out = Vec::new();
            export::write_quads(quads, rdf_format(args.format), &dataset.prefixes, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Validate(args) => {
            let shapes = if args.shapes.is_empty() {
                store::shipped_shapes()
            } else {
                let mut documents = Vec::new();
                for path in &args.shapes {
                    documents.extend(store::read_path(path)?);
                }
                documents
            };
            let shapes = validate::load_shapes(&shapes)?;
            let dataset = load(&sources, args.infer)?;
            let report = validate::validate(&dataset, &shapes, &catalog)?;
            let mut out = Vec::new();
            match args.format {
                ReportFormat::Text => validate::write_text(&report, &dataset.prefixes, &mut out)?,
                ReportFormat::Turtle => validate::write_turtle(&report, &mut out)?,
                ReportFormat::Json => validate::write_json(&report, &mut out)?,
            }
            emit(&out, args.output.as_deref())?;
            if report.conforms {
                Ok(())
            } else {
                Err(anyhow::anyhow!(
                    "{} violation(s): the data does not conform",
                    report.violations.len()
                ))
            }
        }
    }
}

/// Loads the dataset and, with --infer, adds its entailments in their own graph.
fn load(sources: &Sources, infer: Option<Infer>) -> anyhow::Result<store::Dataset> {
    let dataset = store::load(sources)?;
    if let Some(infer) = infer {
        let profile = match infer {
            Infer::Rdfs => Profile::Rdfs,
            Infer::OwlRl => Profile::OwlRl,
        };
        reason::materialise(&dataset.store, profile)?;
    }
    Ok(dataset)
}

/// Whether a SOURCE argument names an endpoint rather than a file.
fn is_url(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

/// The HTTP client of `--endpoint` and `push`, with credentials read from their files.
fn client(args: &RemoteArgs) -> anyhow::Result<http::Client> {
    let credentials = match (&args.user, &args.password_file, &args.token_file) {
        (Some(user), Some(file), _) => Some(http::Credentials::Password {
            user: user.clone(),
            password: http::read_secret(file)?,
        }),
        (_, _, Some(file)) => Some(http::Credentials::Bearer(http::read_secret(file)?)),
        _ => None,
    };
    Ok(http::Client::new(
        std::time::Duration::from_secs(args.timeout),
        credentials,
    )?)
}

/// Writes the finished output at once, so a failure leaves no half-written file.
fn emit(bytes: &[u8], path: Option<&std::path::Path>) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

fn write_query_list(infos: &[QueryInfo], out: &mut Vec<u8>) -> std::io::Result<()> {
    let width = infos.iter().map(|i| i.name.len()).max().unwrap_or(0);
    for info in infos {
        let summary = info.summary.as_deref().unwrap_or("(no summary)");
        writeln!(out, "{:width$}  {summary}", info.name)?;
        for p in &info.params {
            let mut line = format!("{:width$}    --param {}=<{}>", "", p.name, p.kind);
            if !p.required {
                line.push_str(" (optional");
                if let Some(default) = &p.default {
                    line.push_str(&format!(", default {default}"));
                }
                line.push(')');
            }
            if !p.values.is_empty() {
                line.push_str(&format!(" one of: {}", p.values.join(", ")));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn output_format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Tsv => Format::Tsv,
        OutputFormat::Json => Format::Json,
        OutputFormat::Xml => Format::Xml,
        OutputFormat::Turtle => Format::Rdf(rdf_format(RdfOutput::Turtle)),
        OutputFormat::Ntriples => Format::Rdf(rdf_format(RdfOutput::Ntriples)),
        OutputFormat::Nquads => Format::Rdf(rdf_format(RdfOutput::Nquads)),
        OutputFormat::Trig => Format::Rdf(rdf_format(RdfOutput::Trig)),
        OutputFormat::Rdfxml => Format::Rdf(rdf_format(RdfOutput::Rdfxml)),
        OutputFormat::Jsonld => Format::Rdf(rdf_format(RdfOutput::Jsonld)),
    }
}

fn rdf_format(format: RdfOutput) -> RdfFormat {
    match format {
        RdfOutput::Turtle => RdfFormat::Turtle,
        RdfOutput::Ntriples => RdfFormat::NTriples,
        RdfOutput::Nquads => RdfFormat::NQuads,
        RdfOutput::Trig => RdfFormat::TriG,
        RdfOutput::Rdfxml => RdfFormat::RdfXml,
        RdfOutput::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    }
}
