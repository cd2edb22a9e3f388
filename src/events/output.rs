//! Writing the table `dipkg events` asks for, as it is computed: rows batch
//! by batch ([`super::each_batch`]), counts and pictures once every batch is
//! counted, so memory holds one batch of events whatever the graph's size.

use super::write::{self, Columns};
use super::{
    Ask, Counter, Filter, Format, Period, Row, Set, Table, against, chart, check, each_batch,
    filter, keeps, rows, table,
};
use crate::error::{Error, Result};
use crate::rdf::store::Dataset;
use crate::sparql::catalog::Catalog;
use crate::sparql::query;
use std::io::Write;

/// The parties of the CAMEO codings, each as a row with `actor`,
/// `actorName` and `actorIso3`: what `--actor` and `--recipient` are checked
/// against before any row is written.
const PARTIES: &str = r#"
PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?party ?name ?iso WHERE {
  ?event dkg:cameoCoding ?coding .
  { ?coding dkg:actor ?party } UNION { ?coding dkg:recipient ?party }
  OPTIONAL { ?party rdfs:label ?label FILTER (langMatches(lang(?label), "en")) }
  OPTIONAL { ?party dkg:isoAlpha3 ?iso }
  BIND (STR(?label) AS ?name)
}"#;

fn parties(dataset: &Dataset) -> Result<Vec<Row>> {
    let cell = |t: &Option<oxigraph::model::Term>| t.as_ref().map(super::text).unwrap_or_default();
    Ok(
        query::select(&dataset.store, "event-table parties", PARTIES)?
            .iter()
            .map(|r| {
                Row::from([
                    ("actor".to_owned(), cell(&r[0])),
                    ("actorName".to_owned(), cell(&r[1])),
                    ("actorIso3".to_owned(), cell(&r[2])),
                ])
            })
            .collect(),
    )
}

/// Writes the table `ask` asks for to `out`, batch by batch; in a picture
/// format, the picture of the rows counted per dyad and year. Every check
/// (formats, parties, dates) comes before the first byte.
pub fn write_to(
    dataset: &Dataset,
    catalog: &Catalog,
    ask: &Ask,
    batch: usize,
    out: &mut dyn Write,
) -> Result<()> {
    let picture = matches!(ask.format, Format::Text | Format::Svg);
    if picture && (ask.aggregate == Some(Period::Month) || ask.set != Set::Dipkg) {
        return Err(Error::Usage(
            "the picture counts per dyad and year: leave out --aggregate dyad-month and --columns"
                .to_owned(),
        ));
    }
    if ask.filter.actor.is_some() || ask.filter.recipient.is_some() {
        check(&parties(dataset)?, &ask.filter)?;
    } else {
        check(&[], &ask.filter)?;
    }
    let counting = if picture {
        Some(Period::Year)
    } else {
        ask.aggregate
    };
    if let Some(period) = counting {
        let mut counter = Counter::new(period);
        each_batch(dataset, catalog, batch, |_, rows| {
            rows.iter()
                .filter(|r| keeps(r, &ask.filter))
                .for_each(|r| counter.add(r));
            Ok(())
        })?;
        let counted = counter.table();
        let text = match ask.format {
            Format::Svg => chart::svg(&counted),
            Format::Text => chart::text(&counted),
            _ => written(&counted, ask.format)?,
        };
        return io(out.write_all(text.as_bytes()));
    }
    let mut sink = Sink::new(ask.format, out);
    let columns = each_batch(dataset, catalog, batch, |columns, rows| {
        let rows: Vec<Row> = rows.into_iter().filter(|r| keeps(r, &ask.filter)).collect();
        match ask.set {
            Set::Plover => io(sink
                .out
                .write_all(write::plover(&write::one_per_event(rows)).as_bytes())),
            Set::Dipkg => sink.rows(&table(columns, &rows, Columns::Dipkg)),
            Set::Icews => sink.rows(&table(columns, &rows, Columns::Icews)),
            Set::Polecat => sink.rows(&table(
                columns,
                &write::one_per_event(rows),
                Columns::Polecat,
            )),
        }
    })?;
    if ask.set == Set::Plover {
        return Ok(());
    }
    let set = match ask.set {
        Set::Icews => Columns::Icews,
        Set::Polecat => Columns::Polecat,
        _ => Columns::Dipkg,
    };
    sink.finish(&table(&columns, &[], set).columns)
}

/// [`write_to`] into a string, in batches of [`super::batch::EVENTS_PER_BATCH`].
pub fn render(dataset: &Dataset, catalog: &Catalog, ask: &Ask) -> Result<String> {
    let mut out = Vec::new();
    write_to(
        dataset,
        catalog,
        ask,
        super::batch::EVENTS_PER_BATCH,
        &mut out,
    )?;
    String::from_utf8(out).map_err(|e| Error::Internal(format!("the event table: {e}")))
}

fn io(result: std::io::Result<()>) -> Result<()> {
    result.map_err(|e| Error::Internal(format!("writing the event table: {e}")))
}

/// Rows written as they come: the header before the first, JSON's brackets around them.
struct Sink<'a> {
    format: Format,
    out: &'a mut dyn Write,
    started: bool,
    rows: usize,
}

impl<'a> Sink<'a> {
    fn new(format: Format, out: &'a mut dyn Write) -> Self {
        Self {
            format,
            out,
            started: false,
            rows: 0,
        }
    }

    fn start(&mut self, columns: &[String]) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let head = match self.format {
            Format::Csv => write::header(columns, write::Delimited::Csv),
            Format::Tsv => write::header(columns, write::Delimited::Tsv),
            Format::Json => "[\n".to_owned(),
            _ => String::new(),
        };
        io(self.out.write_all(head.as_bytes()))
    }

    fn rows(&mut self, table: &Table) -> Result<()> {
        self.start(&table.columns)?;
        let mut text = String::new();
        for row in &table.rows {
            match self.format {
                Format::Csv => write::line(row, write::Delimited::Csv, &mut text),
                Format::Tsv => write::line(row, write::Delimited::Tsv, &mut text),
                Format::Json => {
                    text.push_str(if self.rows == 0 { "" } else { ",\n" });
                    text.push_str(&write::object(&table.columns, row));
                }
                _ => {
                    text.push_str(&write::object(&table.columns, row));
                    text.push('\n');
                }
            }
            self.rows += 1;
        }
        io(self.out.write_all(text.as_bytes()))
    }

    fn finish(mut self, columns: &[String]) -> Result<()> {
        self.start(columns)?;
        if self.format == Format::Json {
            let end = if self.rows == 0 { "]\n" } else { "\n]\n" };
            io(self.out.write_all(end.as_bytes()))?;
        }
        io(self.out.flush())
    }
}

/// Which of our rows (those `filter` keeps) the ICEWS or POLECAT file at
/// `path` has (see [`against`]), in `format`.
pub fn coverage(
    dataset: &Dataset,
    catalog: &Catalog,
    filter_by: &Filter,
    path: &std::path::Path,
    format: Format,
) -> Result<String> {
    let (_, rows) = rows(dataset, catalog)?;
    let rows = filter(rows, filter_by)?;
    let file = std::fs::File::open(path)
        .map_err(|e| Error::Usage(format!("--against {}: {e}", path.display())))?;
    let table = against::compare(
        &rows,
        std::io::BufReader::new(file),
        &path.display().to_string(),
    )?;
    written(&table, format)
}

fn written(table: &Table, format: Format) -> Result<String> {
    Ok(match format {
        Format::Csv => write::csv(table),
        Format::Tsv => write::tsv(table),
        Format::Json => write::json(table),
        Format::Jsonl => write::jsonl(table),
        Format::Text | Format::Svg => {
            return Err(Error::Usage(
                "--against writes a table: csv, tsv, json or jsonl".to_owned(),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::store::{self, Sources};

    fn written(dataset: &Dataset, ask: &Ask, batch: usize) -> String {
        let mut out = Vec::new();
        write_to(dataset, &Catalog::shipped(), ask, batch, &mut out).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    /// The lines, sorted, without JSON's separating commas.
    fn lines(text: &str) -> Vec<String> {
        let mut out: Vec<String> = text
            .lines()
            .map(|l| l.trim_end_matches(',').to_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn batches_of_two_events_write_what_one_whole_answer_does() {
        let dataset = store::load(&Sources::default()).expect("the shipped graph");
        assert!(super::super::batch::more_than(&dataset.store, 2).expect("counts"));
        for (set, format, aggregate) in [
            (Set::Dipkg, Format::Csv, None),
            (Set::Icews, Format::Json, None),
            (Set::Polecat, Format::Tsv, None),
            (Set::Plover, Format::Jsonl, None),
            (Set::Dipkg, Format::Tsv, Some(Period::Month)),
            (Set::Dipkg, Format::Svg, None),
        ] {
            let ask = Ask {
                filter: Filter {
                    to: Some("2018-12-31".to_owned()),
                    ..Filter::default()
                },
                set,
                aggregate,
                format,
            };
            let whole = written(&dataset, &ask, 1000);
            let parts = written(&dataset, &ask, 2);
            assert!(whole.lines().count() > 3, "{set:?} {format:?}: {whole}");
            assert_eq!(lines(&whole), lines(&parts), "{set:?} {format:?}");
            if aggregate.is_some() || format == Format::Svg {
                assert_eq!(whole, parts, "counts do not depend on batches");
            }
        }
    }
}
