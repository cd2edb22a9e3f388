//! The `dipkg` command: parses arguments, calls the library, prints, and maps
//! errors to exit codes (0 ok, 1 failure, 2 bad usage).

#![expect(
    clippy::print_stderr,
    reason = "the binary is the one place that prints errors"
)]

mod cli;

use clap::Parser;
use cli::{Cli, Command, GraphFormat, ListFormat, ReportFormat, TimelineFormat};
use dipkg::align::{Against, compare, link};
use dipkg::check::{reason, validate};
use dipkg::picture::{self, Links, entity, graph, graph_svg, html, text, timeline, timeline_svg};
use dipkg::publish::{server, site};
use dipkg::rdf::{bulk, export, persistent, stats, store, void};
use dipkg::remote::{endpoint, http, push};
use dipkg::sparql::catalog::{self, Catalog, SavedQuery};
use dipkg::sparql::query::{self, Answer};
use dipkg::sparql::results::{self, Format};
use dipkg::{Error, output};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use std::io::{IsTerminal, Write};
use std::path::Path;
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
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let sources = cli.sources.sources();
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
                ListFormat::Text => catalog::write_list(&infos, &mut out)?,
            }
            emit(&out, None)
        }
        Command::Query(args) => {
            let saved = match (&args.sparql, &args.query) {
                (Some(text), _) => {
                    SavedQuery::new("--sparql", "--sparql", text.clone()).with_shipped_prefixes()
                }
                (None, Some(what)) => catalog.resolve(what)?,
                (None, None) => unreachable!("clap requires a query or --sparql"),
            };
            let parsed = saved.parse()?;
            let (answer, prefixes) = match &args.endpoint {
                Some(url) => {
                    // The shipped ontology alone supplies the prefixes for IRI parameters.
                    let dataset = store::load_documents(&store::shipped_ontology(), usize::MAX)?;
                    let query = query::bound(&dataset, &parsed, &args.params)?;
                    let answer = endpoint::run(&args.remote.client()?, url, &query)?;
                    (answer, dataset.prefixes)
                }
                None => {
                    let dataset = reason::load(&sources, args.infer.map(Into::into))?;
                    let evaluator = endpoint::evaluator(args.remote.timeout())?;
                    let answer = query::run(&dataset, &parsed, &args.params, evaluator)?;
                    (answer, dataset.prefixes)
                }
            };
            let format = match (args.format, &answer) {
                (Some(f), _) => f.into(),
                (None, Answer::Graph(_)) => Format::Rdf(RdfFormat::Turtle),
                (None, _) if args.output.is_none() && std::io::stdout().is_terminal() => {
                    Format::Table
                }
                (None, _) => Format::Tsv,
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
            let pushed = push::push(&dataset.store, &args.remote.client()?, &target)?;
            let mut out = Vec::new();
            for p in &pushed {
                writeln!(out, "{}\t{}\t{}", p.graph.as_str(), p.triples, p.method)?;
            }
            emit(&out, None)
        }
        Command::Link(args) => {
            let dataset = store::load(&sources)?;
            let client = args.remote.client()?;
            let (outcomes, summary) =
                link::run(&dataset.store, Against::new(&args.against, &client))?;
            let review = link::write_files(
                &outcomes,
                &args.against,
                &args.output,
                args.report.as_deref(),
            )?;
            emit(summary.describe(&args.output, &review).as_bytes(), None)
        }
        Command::Compare(args) => {
            let dataset = store::load(&sources)?;
            let client = args.remote.client()?;
            let against = Against::new(&args.against, &client);
            let rows = compare::run(&dataset.store, against, &args.links)?;
            let mut out = Vec::new();
            compare::write_tsv(&rows, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Export(args) => {
            let dataset = reason::load(&sources, args.infer.map(Into::into))?;
            let graph = args
                .graph
                .as_deref()
                .map(|g| {
                    NamedNode::new(g)
                        .map_err(|e| Error::Usage(format!("--graph {g:?} is not an IRI: {e}")))
                })
                .transpose()?;
            let mut quads = export::quads(&dataset.store, graph.as_ref())?;
            if let Some(which) = args.inferred {
                export::select_inferred(&mut quads, which.into());
            }
            let mut prefixes = dataset.prefixes.clone();
            if args.with_description {
                let description = void::describe(&dataset.store)?;
                quads.extend(description.quads);
                prefixes.extend(description.prefixes);
            }
            let mut out = Vec::new();
            export::write_quads(quads, args.format.into(), &prefixes, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Serve(args) => {
            let dataset = match &sources.store {
                Some(dir) if args.writable => {
                    persistent::open_dataset_as(dir, persistent::Access::Write)?
                }
                _ => store::load(&sources)?,
            };
            let base = if args.base_iri.ends_with('/') {
                args.base_iri.clone()
            } else {
                format!("{}/", args.base_iri)
            };
            let config = server::Config {
                base,
                timeout: std::time::Duration::from_secs(args.timeout),
                max_results: args.max_results,
                max_body: args.max_body,
                max_queries: args.max_queries,
                writable: args.writable,
                token: args
                    .token_file
                    .as_deref()
                    .map(http::read_secret)
                    .transpose()?,
                cors: args.cors,
                see_other: args.see_other,
            };
            let app = server::App::new(dataset, catalog, config);
            eprintln!("dipkg: serving on http://{} (Ctrl+C stops)", args.bind);
            let quiet = args.quiet;
            server::serve(app, args.bind, move |line| {
                if !quiet {
                    eprintln!("{line}");
                }
            })?;
            Ok(())
        }
        Command::Publish(args) => {
            let dataset = store::load(&sources)?;
            let slash = |s: &str| {
                if s.ends_with('/') {
                    s.to_owned()
                } else {
                    format!("{s}/")
                }
            };
            let options = site::Options {
                base: slash(&args.base_iri),
                base_url: args.base_url.as_deref().map(slash),
            };
            let started = std::time::Instant::now();
            let summary = site::publish(&dataset, &catalog, &args.dir, &options)?;
            let text = format!(
                "{} files ({} bytes) in {}; {} written, the rest unchanged; {} ms\n",
                summary.files,
                summary.bytes,
                args.dir.display(),
                summary.written,
                started.elapsed().as_millis()
            );
            emit(text.as_bytes(), None)
        }
        Command::Describe(args) => {
            let dataset = store::load(&sources)?;
            let description = void::describe(&dataset.store)?;
            let mut prefixes = dataset.prefixes;
            prefixes.extend(description.prefixes);
            let mut out = Vec::new();
            export::write_quads(description.quads, args.format.into(), &prefixes, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Validate(args) => {
            let shapes = validate::shapes_from(&args.shapes)?;
            let dataset = reason::load(&sources, args.infer.map(Into::into))?;
            let evaluator = endpoint::evaluator(dipkg::remote::http::DEFAULT_TIMEOUT)?;
            let report = validate::validate(&dataset, &shapes, &catalog, &evaluator)?;
            let mut out = Vec::new();
            match args.format {
                ReportFormat::Text => validate::write_text(&report, &dataset.prefixes, &mut out)?,
                ReportFormat::Turtle => validate::write_turtle(&report, &mut out)?,
                ReportFormat::Json => validate::write_json(&report, &mut out)?,
            }
            emit(&out, args.output.as_deref())?;
            anyhow::ensure!(
                report.conforms,
                "{} violation(s): the data does not conform",
                report.violations.len()
            );
            Ok(())
        }
        Command::Timeline(args) => {
            let dataset = store::load(&sources)?;
            if let (Some(from), Some(to)) = (args.from, args.to) {
                if from.first_day() > to.last_day() {
                    return Err(Error::Usage(format!("--from {from} is after --to {to}")).into());
                }
            }
            let entity = args
                .entity
                .as_deref()
                .map(|what| entity::resolve(&dataset, what))
                .transpose()?;
            let filter = picture::Filter {
                from: args.from,
                to: args.to,
                entity,
            };
            let timeline = timeline::load(&dataset, &filter)?;
            if timeline.events.is_empty() {
                eprintln!("dipkg: no dated event matches");
            }
            let links = Links::new(&args.link_base);
            let out = match args.format {
                TimelineFormat::Text => {
                    let on_terminal = args.output.is_none() && std::io::stdout().is_terminal();
                    let style = text::TextStyle {
                        width: columns(),
                        colour: on_terminal
                            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                    };
                    text::write(&timeline, style)
                }
                TimelineFormat::Svg => timeline_svg::svg(&timeline, &links),
                TimelineFormat::Html => html::page(&timeline, &links),
            };
            emit(out.as_bytes(), args.output.as_deref())
        }
        Command::Graph(args) => {
            let dataset = store::load(&sources)?;
            let iri = entity::resolve(&dataset, &args.entity)?;
            let graph = graph::neighbourhood(&dataset, &iri, usize::from(args.depth))?;
            let links = Links::new(&args.link_base);
            let out = match args.format {
                GraphFormat::Dot => graph.dot(&links),
                GraphFormat::Svg => graph_svg::svg(&graph, &links),
                GraphFormat::Mermaid => graph.mermaid(&links),
            };
            emit(out.as_bytes(), args.output.as_deref())
        }
        Command::Load(args) => {
            let dir = need_store(&sources, "load")?;
            let options = bulk::LoadOptions {
                graph: graph_option(args.graph.as_deref())?,
                format: args.format.map(Into::into),
                lenient: args.lenient,
                shipped: args.shipped,
                max_memory_mb: args.max_memory,
            };
            let bar = (!args.quiet && std::io::stderr().is_terminal()).then(progress_bar);
            let report = bulk::load(dir, &args.files, &options, &|p| {
                if let Some(bar) = &bar {
                    show_progress(bar, p);
                }
            })?;
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            if !args.quiet {
                let seconds = report.elapsed.as_secs_f64().max(1e-3);
                eprintln!(
                    "dipkg: loaded {} statements from {} input(s) ({} bytes) into {} in {:.1} s ({:.0} statements/s)",
                    report.quads,
                    report.inputs,
                    report.bytes,
                    dir.display(),
                    seconds,
                    report.quads as f64 / seconds
                );
                if report.skipped > 0 {
                    eprintln!(
                        "dipkg: skipped {} bad statement(s) (--lenient); the first:",
                        report.skipped
                    );
                    for message in &report.first_skipped {
                        eprintln!("  {message}");
                    }
                }
            }
            Ok(())
        }
        Command::Stats(args) => {
            let dataset = store::load(&sources)?;
            let counts = stats::count(&dataset.store)?;
            let mut out = Vec::new();
            match args.format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &counts)?;
                    out.push(b'\n');
                }
                ListFormat::Text => stats::write_text(&counts, &mut out)?,
            }
            emit(&out, args.output.as_deref())
        }
        Command::Dump(args) => {
            let dataset = store::load(&sources)?;
            let graph = graph_option(args.graph.as_deref())?;
            let format = args.format.into();
            match &args.output {
                Some(path) => output::write_with(path, |file| {
                    persistent::dump(&dataset.store, format, graph.as_ref(), file).map(drop)
                })?,
                None => {
                    let stdout =
                        std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
                    let mut stdout =
                        persistent::dump(&dataset.store, format, graph.as_ref(), stdout)?;
                    stdout.flush()?;
                }
            }
            Ok(())
        }
        Command::Optimize => Ok(persistent::optimize(need_store(&sources, "optimize")?)?),
        Command::Backup(args) => Ok(persistent::backup(
            need_store(&sources, "backup")?,
            &args.dir,
        )?),
    }
}

/// The --store a command needs.
fn need_store<'a>(sources: &'a store::Sources, command: &str) -> Result<&'a Path, Error> {
    sources.store.as_deref().ok_or_else(|| {
        Error::Usage(format!(
            "dipkg {command} works on a persistent store: give --store DIR"
        ))
    })
}

/// A --graph IRI option.
fn graph_option(graph: Option<&str>) -> Result<Option<NamedNode>, Error> {
    graph
        .map(|g| {
            NamedNode::new(g).map_err(|e| Error::Usage(format!("--graph {g:?} is not an IRI: {e}")))
        })
        .transpose()
}

/// The progress bar of `dipkg load` on a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {bytes}/{total_bytes} read, {msg}, ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

fn show_progress(bar: &indicatif::ProgressBar, progress: &bulk::Progress) {
    if let Some(total) = progress.bytes_total {
        bar.set_length(total);
    }
    bar.set_position(progress.bytes_read);
    let rate = progress.quads as f64 / progress.elapsed.as_secs_f64().max(1e-3);
    bar.set_message(format!("{} triples, {rate:.0} triples/s", progress.quads));
}

/// The width of text output: COLUMNS, else the terminal's, else 100.
fn columns() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .unwrap_or(100)
}

/// Writes the finished output at once: a file atomically, or standard output.
fn emit(bytes: &[u8], path: Option<&Path>) -> anyhow::Result<()> {
    match path {
        Some(path) => Ok(output::write_file(path, bytes)?),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}
