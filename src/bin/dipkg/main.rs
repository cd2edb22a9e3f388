//! The `dipkg` command: parses arguments, calls the library, prints, and maps
//! errors to exit codes (0 ok, 1 failure, 2 bad usage).

#![expect(
    clippy::print_stderr,
    reason = "the binary is the one place that prints errors"
)]

mod cli;

use clap::{CommandFactory, FromArgMatches};
use cli::{Cli, Command, GraphFormat, ListFormat, ReportFormat, TimelineFormat};
use dipkg::align::{Against, compare, link};
use dipkg::check::{reason, validate};
use dipkg::picture::{self, Links, entity, graph, graph_svg, html, text, timeline, timeline_svg};
use dipkg::publish::{server, site};
use dipkg::rdf::{bulk, convert, export, persistent, stats, store, void};
use dipkg::remote::{endpoint, http, push};
use dipkg::sparql::catalog::{self, Catalog, SavedQuery};
use dipkg::sparql::query::{self, Answer, Evaluated};
use dipkg::sparql::results::{self, Format};
use dipkg::{Error, output};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The stack of the thread that does the work: parsing, binding, optimising
/// and evaluating a query all recurse over its syntax tree, and a query within
/// dipkg's nesting limits must never overflow (the main thread has 8 MiB). Only
/// the pages used are ever touched.
const STACK: usize = 256 << 20;

fn main() -> ExitCode {
    // Threads started without a stack size (the server's request threads,
    // started by oxhttp) take RUST_MIN_STACK: give them the same room. Set
    // here, before any other thread exists, unless the user set it.
    if std::env::var_os("RUST_MIN_STACK").is_none() {
        // SAFETY: the process has one thread yet, so nothing reads the
        // environment concurrently.
        unsafe { std::env::set_var("RUST_MIN_STACK", STACK.to_string()) };
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let command = Cli::command().color(cli::Color::from_args(&args).clap());
    let cli = match Cli::from_arg_matches(&command.get_matches_from(args)) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let worker = std::thread::Builder::new()
        .name("dipkg".to_owned())
        .stack_size(STACK)
        .spawn(move || run(cli));
    let result = match worker {
        Ok(worker) => worker.join().unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "internal error: the worker thread panicked"
            ))
        }),
        Err(error) => Err(anyhow::anyhow!("cannot start the worker thread: {error}")),
    };
    match result {
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
        Command::Queries(args) if args.name.is_some() => {
            let name = args.name.as_deref().unwrap_or_default();
            let mut text = catalog.get(name)?.text.clone();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            emit(text.as_bytes(), None)
        }
        Command::Convert(args) => {
            let (quads, prefixes) = convert::read(&args.files)?;
            if args.check {
                let text = format!(
                    "{} statement(s) in {} file(s): the syntax is valid\n",
                    quads.len(),
                    args.files.len()
                );
                return emit(text.as_bytes(), None);
            }
            let mut out = Vec::new();
            export::write_quads(quads, args.format.into(), &prefixes, &mut out)?;
            emit(&out, args.output.as_deref())
        }
        Command::Show(args) => {
            let dataset = store::load(&sources)?;
            let text = dipkg::publish::show::show(&dataset, &args.what, &args.lang)?;
            emit(text.as_bytes(), None)
        }
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
            let pick = |solutions: bool| match args.format {
                Some(f) => f.into(),
                None if !solutions => Format::Rdf(RdfFormat::Turtle),
                None if args.output.is_none() && std::io::stdout().is_terminal() => Format::Table,
                None => Format::Tsv,
            };
            if let Some(url) = &args.endpoint {
                // The shipped ontology alone supplies the prefixes for IRI parameters.
                let dataset = store::load_documents(&store::shipped_ontology(), usize::MAX)?;
                let query = query::bound(&dataset, &parsed, &args.params)?;
                let answer = endpoint::run(&args.remote.client(warn())?, url, &query)?;
                let format = pick(!matches!(answer, Answer::Graph(_)));
                let mut out = Vec::new();
                results::write_answer(answer, format, &dataset.prefixes, &mut out)?;
                return emit(&out, args.output.as_deref());
            }
            let dataset = reason::load(&sources, args.infer.map(Into::into))?;
            let mut evaluator = endpoint::evaluator(args.remote.service_client()?);
            let timed_out = Arc::new(AtomicBool::new(false));
            if let Some(limit) = args.remote.query_timeout() {
                // Oxigraph checks the token as it works; a timer cancels it at the deadline.
                let token = CancellationToken::new();
                evaluator = evaluator.with_cancellation_token(token.clone());
                let fired = Arc::clone(&timed_out);
                std::thread::spawn(move || {
                    std::thread::sleep(limit);
                    fired.store(true, Ordering::SeqCst);
                    token.cancel();
                });
            }
            // A table fits COLUMNS, or the terminal it is shown on.
            let width =
                env_columns().or_else(|| args.output.is_none().then(terminal_columns).flatten());
            let answered = (|| -> anyhow::Result<()> {
                match query::evaluate(&dataset, &parsed, &args.params, evaluator)? {
                    Evaluated::Done(answer) => {
                        let format = pick(!matches!(answer, Answer::Graph(_)));
                        let mut out = Vec::new();
                        results::write_answer_fitted(
                            answer,
                            format,
                            &dataset.prefixes,
                            width,
                            &mut out,
                        )?;
                        emit(&out, args.output.as_deref())
                    }
                    Evaluated::Solutions { variables, rows } => {
                        let format = pick(true);
                        // Oxigraph checks its token only now and then; check between rows too.
                        let fired = Arc::clone(&timed_out);
                        let name = parsed.name.clone();
                        let rows = rows.map(move |row| {
                            if fired.load(Ordering::SeqCst) {
                                return Err(Error::Evaluation {
                                    name: name.clone(),
                                    message: "cancelled".to_owned(),
                                });
                            }
                            row
                        });
                        stream(args.output.as_deref(), |out| {
                            results::write_rows(
                                variables,
                                rows,
                                format,
                                &dataset.prefixes,
                                width,
                                &mut { out },
                            )
                        })
                    }
                }
            })();
            match answered {
                Err(error) if timed_out.load(Ordering::SeqCst) && !is_broken_pipe(&error) => {
                    Err(Error::Evaluation {
                        name: parsed.name.clone(),
                        message: format!(
                            "stopped after --timeout {} s, before the answer was complete; raise --timeout",
                            args.remote.query_timeout().unwrap_or_default().as_secs()
                        ),
                    }
                    .into())
                }
                other => other,
            }
        }
        Command::Push(args) => {
            let dataset = store::load(&sources)?;
            let target = push::Target {
                update: args.endpoint.clone(),
                graph_store: args.graph_store.clone(),
            };
            let pushed = push::push(&dataset.store, &args.remote.client(warn())?, &target)?;
            let mut out = Vec::new();
            for p in &pushed {
                writeln!(out, "{}\t{}\t{}", p.graph.as_str(), p.triples, p.method)?;
            }
            emit(&out, None)
        }
        Command::Link(args) => {
            let dataset = store::load(&sources)?;
            let loaded = store::loaded_files(&sources.data)?;
            // Refuse before the work, not after it.
            let review_path = args
                .report
                .clone()
                .unwrap_or_else(|| link::review_path(&args.output));
            link::check_targets(&args.output, &review_path, &loaded, args.force)?;
            let client = args.remote.client(warn())?;
            let (outcomes, summary) =
                link::run(&dataset.store, Against::new(&args.against, &client))?;
            let review = link::write_files(
                &outcomes,
                &summary,
                &args.against,
                &args.output,
                args.report.as_deref(),
                &loaded,
                args.force,
            )?;
            emit(summary.describe(&args.output, &review).as_bytes(), None)
        }
        Command::Compare(args) => {
            let dataset = store::load(&sources)?;
            let client = args.remote.client(warn())?;
            let against = Against::new(&args.against, &client);
            let (rows, explanation) =
                compare::run(&dataset.store, against, &args.links, args.include_close)?;
            let mut out = Vec::new();
            compare::write_tsv(&rows, &mut out)?;
            emit(&out, args.output.as_deref())?;
            eprint!("dipkg: {}", explanation.describe(rows.len(), &args.against));
            Ok(())
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
            let evaluator = endpoint::evaluator(dipkg::remote::http::Client::new(
                dipkg::remote::http::DEFAULT_TIMEOUT,
                None,
            )?);
            let report = validate::validate(&dataset, &shapes, &catalog, &evaluator)?;
            let mut out = Vec::new();
            match args.format {
                ReportFormat::Text => validate::write_text(&report, &dataset.prefixes, &mut out)?,
                ReportFormat::Turtle => validate::write_turtle(&report, &mut out)?,
                ReportFormat::Json => validate::write_json(&report, &mut out)?,
            }
            match emit(&out, args.output.as_deref()) {
                // A reader that went away silences the write error, never the verdict.
                Err(error) if is_broken_pipe(&error) => {}
                written => written?,
            }
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
                        colour: cli.sources.color.enabled(on_terminal),
                    };
                    text::write(&timeline, style)
                }
                TimelineFormat::Svg => timeline_svg::svg(&timeline, &links),
                TimelineFormat::Html => html::page(&timeline, &links),
            };
            emit(out.as_bytes(), args.output.as_deref())
        }
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "dipkg", &mut out);
            emit(&out, None)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            emit(&out, None)
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
            stream(args.output.as_deref(), |out| {
                persistent::dump(&dataset.store, format, graph.as_ref(), out).map(drop)
            })
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
    env_columns().or_else(terminal_columns).unwrap_or(100)
}

/// A positive COLUMNS.
fn env_columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| c > 0)
}

/// The width of the terminal standard output is, when it is one.
fn terminal_columns() -> Option<usize> {
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Where the HTTP client's warnings go: standard error, as they happen.
fn warn() -> dipkg::remote::http::Warn {
    std::sync::Arc::new(|message: &str| eprintln!("dipkg: {message}"))
}

/// Writes output as it is produced: a file atomically (it appears only once
/// complete), or standard output.
fn stream(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> dipkg::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            let mut file = output::AtomicFile::create(path)?;
            write(&mut file)?;
            file.commit()?;
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(())
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
