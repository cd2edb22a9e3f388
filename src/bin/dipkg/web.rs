//! The commands that draw and publish: timeline, graph, serve, publish, and
//! the shell completions and man page.

use crate::cli::{
    Cli, Color, CompletionsArgs, GraphArgs, GraphFormat, PublishArgs, ServeArgs, TimelineArgs,
    TimelineFormat,
};
use crate::out::{columns, emit};
use clap::CommandFactory;
use dipkg::Error;
use dipkg::picture::{self, Links, entity, graph, graph_svg, html, text, timeline, timeline_svg};
use dipkg::publish::{server, site};
use dipkg::rdf::store::Sources;
use dipkg::rdf::{persistent, store};
use dipkg::remote::http;
use dipkg::sparql::catalog::Catalog;
use std::io::IsTerminal;

/// `dipkg serve`.
pub fn serve(args: ServeArgs, sources: Sources, catalog: Catalog) -> anyhow::Result<()> {
    let dataset = match &sources.store {
        Some(dir) if args.writable => store::open_dataset_as(dir, persistent::Access::Write)?,
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
        allow_service: args.allow_service,
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

/// `dipkg publish`.
pub fn publish(args: PublishArgs, sources: Sources, catalog: Catalog) -> anyhow::Result<()> {
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

/// `dipkg timeline`.
pub fn timeline(args: TimelineArgs, sources: Sources, color: Color) -> anyhow::Result<()> {
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
                colour: color.enabled(on_terminal),
            };
            text::write(&timeline, style)
        }
        TimelineFormat::Svg => timeline_svg::svg(&timeline, &links),
        TimelineFormat::Html => html::page(&timeline, &links),
    };
    emit(out.as_bytes(), args.output.as_deref())
}

/// `dipkg graph`.
pub fn graph(args: GraphArgs, sources: Sources) -> anyhow::Result<()> {
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

/// `dipkg completions`.
pub fn completions(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dipkg", &mut out);
    emit(&out, None)
}

/// `dipkg man`.
pub fn man() -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    emit(&out, None)
}
