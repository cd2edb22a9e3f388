//! The commands over the dataset: saved queries, export and conversion,
//! description, validation, and the ones that talk to other sources.

use crate::cli::{
    CompareArgs, ConvertArgs, DescribeArgs, ExportArgs, LinkArgs, ListFormat, PushArgs,
    QueriesArgs, QueryArgs, ReportFormat, ShowArgs, ValidateArgs,
};
use crate::events_cli::{EventsAggregate, EventsArgs, EventsColumns, EventsFormat};
use crate::out::{emit, env_columns, is_broken_pipe, stream, terminal_columns, warn};
use dipkg::Error;
use dipkg::align::{Against, compare, link};
use dipkg::check::{reason, validate};
use dipkg::rdf::store::Sources;
use dipkg::rdf::{convert, export, store, void};
use dipkg::remote::{endpoint, push};
use dipkg::sparql::catalog::{self, Catalog, SavedQuery};
use dipkg::sparql::query::{self, Answer, Deadline, Evaluated};
use dipkg::sparql::results::{self, Format};
use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use std::io::{IsTerminal, Write};

/// `dipkg queries NAME`: the text of one saved query.
pub fn print_query(args: QueriesArgs, catalog: Catalog) -> anyhow::Result<()> {
    let name = args.name.as_deref().unwrap_or_default();
    let mut text = catalog.get(name)?.text.clone();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    emit(text.as_bytes(), None)
}

/// `dipkg queries`: the saved queries and their parameters.
pub fn list_queries(args: QueriesArgs, catalog: Catalog) -> anyhow::Result<()> {
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

/// `dipkg query`.
pub fn query(args: QueryArgs, sources: Sources, catalog: Catalog) -> anyhow::Result<()> {
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
    let mut deadline = None;
    if let Some(limit) = args.remote.query_timeout() {
        let (started, bounded) = Deadline::start(limit, evaluator);
        (deadline, evaluator) = (Some(started), bounded);
        hard_stop(limit, parsed.name.clone());
    }
    // A table fits COLUMNS, or the terminal it is shown on.
    let width = env_columns().or_else(|| args.output.is_none().then(terminal_columns).flatten());
    let answered = (|| -> anyhow::Result<()> {
        match query::evaluate(&dataset, &parsed, &args.params, evaluator)? {
            Evaluated::Done(answer) => {
                let format = pick(!matches!(answer, Answer::Graph(_)));
                let mut out = Vec::new();
                results::write_answer_fitted(answer, format, &dataset.prefixes, width, &mut out)?;
                emit(&out, args.output.as_deref())
            }
            Evaluated::Solutions { variables, rows } => {
                let format = pick(true);
                let rows: Box<dyn Iterator<Item = _>> = match &deadline {
                    Some(deadline) => Box::new(deadline.guard(&parsed.name, rows)),
                    None => rows,
                };
                stream(args.output.as_deref(), |out| {
                    results::write_rows(variables, rows, format, &dataset.prefixes, width, &mut {
                        out
                    })
                })
            }
        }
    })();
    match (answered, &deadline) {
        (Err(error), Some(deadline)) if deadline.passed() && !is_broken_pipe(&error) => {
            Err(deadline.error(&parsed.name).into())
        }
        (answered, _) => answered,
    }
}

/// How long past `--timeout` a query may run before the process ends itself.
const HARD_STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Ends the process [`HARD_STOP_GRACE`] after `limit` (exit 1). Oxigraph looks
/// at its cancellation token only where it reads the store, not inside its
/// joins, sorts and aggregates, so a query can run on past its deadline; one
/// query per process, the process is what stops it. Output files being
/// written keep their old content.
fn hard_stop(limit: std::time::Duration, name: String) {
    std::thread::spawn(move || {
        std::thread::sleep(limit + HARD_STOP_GRACE);
        dipkg::output::remove_unfinished();
        eprintln!(
            "dipkg: query {name}: timed out after {} s (--timeout): stopped; an -o file keeps its old content",
            limit.as_secs()
        );
        std::process::exit(1);
    });
}

/// `dipkg convert`.
pub fn convert(args: ConvertArgs) -> anyhow::Result<()> {
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

/// `dipkg show`.
pub fn show(args: ShowArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let text = dipkg::publish::show::show(&dataset, &args.what, &args.lang)?;
    emit(text.as_bytes(), None)
}

/// `dipkg push`.
pub fn push(args: PushArgs, sources: Sources) -> anyhow::Result<()> {
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

/// `dipkg link`.
pub fn link(args: LinkArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let loaded = store::loaded_files(&sources.data)?;
    // Refuse before the work, not after it.
    let review_path = args
        .report
        .clone()
        .unwrap_or_else(|| link::review_path(&args.output));
    link::check_targets(&args.output, &review_path, &loaded, args.force)?;
    let client = args.remote.client(warn())?;
    let linking = link::run(&dataset.store, Against::new(&args.against, &client))?;
    let review = link::write_files(
        &linking,
        &args.against,
        &args.output,
        args.report.as_deref(),
        &loaded,
        args.force,
    )?;
    emit(
        linking.summary.describe(&args.output, &review).as_bytes(),
        None,
    )
}

/// `dipkg compare`.
pub fn compare(args: CompareArgs, sources: Sources) -> anyhow::Result<()> {
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

/// `dipkg export`.
pub fn export(args: ExportArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = reason::load(&sources, args.infer.map(Into::into))?;
    let graph = args
        .graph
        .as_deref()
        .map(|g| {
            NamedNode::new(g).map_err(|e| Error::Usage(format!("--graph {g:?} is not an IRI: {e}")))
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

/// `dipkg describe`.
pub fn describe(args: DescribeArgs, sources: Sources) -> anyhow::Result<()> {
    let dataset = store::load(&sources)?;
    let description = void::describe(&dataset.store)?;
    let mut prefixes = dataset.prefixes;
    prefixes.extend(description.prefixes);
    let mut out = Vec::new();
    export::write_quads(description.quads, args.format.into(), &prefixes, &mut out)?;
    emit(&out, args.output.as_deref())
}

/// `dipkg validate`.
pub fn validate(
    args: ValidateArgs,
    sources: Sources,
    catalog: Catalog,
    text_dirs: &[std::path::PathBuf],
) -> anyhow::Result<()> {
    let shapes = validate::shapes_from(&args.shapes)?;
    let dataset = reason::load(&sources, args.infer.map(Into::into))?;
    let evaluator = endpoint::evaluator(dipkg::remote::http::Client::new(
        dipkg::remote::http::DEFAULT_TIMEOUT,
        None,
    )?);
    let mut report = validate::validate(&dataset, &shapes, &catalog, &evaluator)?;
    validate::check_citation_texts(&mut report, &dataset, text_dirs)?;
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

/// `dipkg events`.
pub fn events(args: EventsArgs, sources: Sources, catalog: Catalog) -> anyhow::Result<()> {
    use dipkg::events;
    let (actor, recipient) = match args.dyad.as_deref() {
        Some(dyad) => {
            if args.actor.is_some() || args.recipient.is_some() {
                return Err(Error::Usage(
                    "--dyad names the actor and the recipient: leave out --actor and --recipient"
                        .to_owned(),
                )
                .into());
            }
            let (a, b) = events::dyad(dyad)?;
            (Some(a), Some(b))
        }
        None => (args.actor, args.recipient),
    };
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from.first_day() > to.last_day() {
            return Err(Error::Usage(format!("--from {from} is after --to {to}")).into());
        }
    }
    let ask = events::Ask {
        filter: events::Filter {
            from: args.from.map(|d| events::day(d.first_day())),
            to: args.to.map(|d| events::day(d.last_day())),
            actor,
            recipient,
        },
        set: match args.columns {
            EventsColumns::Dipkg => events::Set::Dipkg,
            EventsColumns::Icews => events::Set::Icews,
            EventsColumns::Polecat => events::Set::Polecat,
            EventsColumns::Plover => events::Set::Plover,
        },
        aggregate: args.aggregate.map(|per| match per {
            EventsAggregate::DyadYear => events::Period::Year,
            EventsAggregate::DyadMonth => events::Period::Month,
        }),
        format: match args.format {
            EventsFormat::Csv => events::Format::Csv,
            EventsFormat::Tsv => events::Format::Tsv,
            EventsFormat::Json => events::Format::Json,
            EventsFormat::Jsonl => events::Format::Jsonl,
            EventsFormat::Text => events::Format::Text,
            EventsFormat::Svg => events::Format::Svg,
        },
    };
    let dataset = store::load(&sources)?;
    match &args.against {
        Some(path) => {
            let text = events::coverage(&dataset, &catalog, &ask.filter, path, ask.format)?;
            emit(text.as_bytes(), args.output.as_deref())
        }
        None => stream(args.output.as_deref(), |out| {
            events::write_to(
                &dataset,
                &catalog,
                &ask,
                events::batch::EVENTS_PER_BATCH,
                out,
            )
        }),
    }
}
