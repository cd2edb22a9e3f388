//! Writes query answers: SELECT and ASK in the W3C results formats (CSV, TSV,
//! JSON, XML, through Oxigraph's serializers so they follow the specs exactly) or
//! as an aligned table for a person; CONSTRUCT and DESCRIBE as RDF through the
//! same deterministic writer as `export`.

use crate::error::{Error, Result};
use crate::rdf::export;
use crate::rdf::prefixes::Prefixes;
use crate::sparql::query::Answer;
use oxigraph::io::RdfFormat;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Quad, Term};
use oxigraph::sparql::QuerySolution;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::Write;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// Every output format of `dipkg query` and `dipkg export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// An RDF serialization, for graphs.
    Rdf(RdfFormat),
}

/// Writes an answer in the given format.
pub fn write_answer(
    answer: Answer,
    format: Format,
    prefixes: &Prefixes,
    out: &mut impl Write,
) -> Result<()> {
    write_answer_fitted(answer, format, prefixes, None, out)
}

/// Writes an answer; a table is fitted into `width` columns when given,
/// clipping the widest columns first.
pub fn write_answer_fitted(
    answer: Answer,
    format: Format,
    prefixes: &Prefixes,
    width: Option<usize>,
    out: &mut impl Write,
) -> Result<()> {
    match (answer, format) {
        (Answer::Graph(triples), Format::Rdf(rdf)) => {
            let quads = triples
                .into_iter()
                .map(|t| t.in_graph(oxigraph::model::GraphName::DefaultGraph));
            export::write_quads(quads.collect::<Vec<Quad>>(), rdf, prefixes, out)
        }
        (Answer::Graph(_), other) => Err(Error::Usage(format!(
            "--format {} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE query writes turtle, ntriples, nquads, trig, rdfxml or jsonld",
            name(other)
        ))),
        (_, Format::Rdf(rdf)) => Err(Error::Usage(format!(
            "--format {} is for CONSTRUCT and DESCRIBE; SELECT and ASK results are written as table, csv, tsv, json or xml",
            rdf_name(rdf)
        ))),
        (Answer::Boolean(value), Format::Table) => {
            writeln!(out, "{value}").map_err(Error::Write)?;
            Ok(())
        }
        (Answer::Solutions { variables, rows }, Format::Table) => {
            write_table(&variables, &rows, prefixes, width, out)
        }
        (answer, format) => write_w3c(answer, w3c_format(format), out),
    }
}

/// Most rows the table shows: it must see every row to size its columns.
pub const MAX_TABLE_ROWS: usize = 100_000;

/// Writes SELECT rows as they come: the W3C formats row by row, so memory
/// stays flat however large the answer; the table collects them (it needs the
/// widths), up to [`MAX_TABLE_ROWS`].
pub fn write_rows(
    variables: Vec<oxigraph::model::Variable>,
    rows: impl Iterator<Item = Result<QuerySolution>>,
    format: Format,
    prefixes: &Prefixes,
    width: Option<usize>,
    out: &mut impl Write,
) -> Result<()> {
    match format {
        Format::Table => {
            let mut collected = Vec::new();
            for row in rows {
                if collected.len() == MAX_TABLE_ROWS {
                    return Err(Error::Usage(format!(
                        "the answer has more than {MAX_TABLE_ROWS} rows, more than a table shows; use --format tsv, csv, json or xml, which stream any number"
                    )));
                }
                collected.push(row?.values().to_vec());
            }
            write_table(&variables, &collected, prefixes, width, out)
        }
        Format::Rdf(rdf) => Err(Error::Usage(format!(
            "--format {} is for CONSTRUCT and DESCRIBE; SELECT and ASK results are written as table, csv, tsv, json or xml",
            rdf_name(rdf)
        ))),
        format => {
            let format = w3c_format(format);
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut *out, variables)
                .map_err(Error::Write)?;
            for row in rows {
                writer.serialize(&row?).map_err(Error::Write)?;
            }
            writer.finish().map_err(Error::Write)?;
            // As write_w3c: JSON and XML end with a line break (CSV/TSV rows do).
            if !matches!(format, QueryResultsFormat::Csv | QueryResultsFormat::Tsv) {
                out.write_all(b"\n").map_err(Error::Write)?;
            }
            Ok(())
        }
    }
}

fn name(format: Format) -> &'static str {
    match format {
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Tsv => "tsv",
        Format::Json => "json",
        Format::Xml => "xml",
        Format::Rdf(_) => "rdf",
    }
}

/// The name `--format` gives an RDF format.
fn rdf_name(format: RdfFormat) -> &'static str {
    match format {
        RdfFormat::NTriples => "ntriples",
        RdfFormat::NQuads => "nquads",
        RdfFormat::TriG => "trig",
        RdfFormat::RdfXml => "rdfxml",
        RdfFormat::JsonLd { .. } => "jsonld",
        _ => "turtle",
    }
}

fn w3c_format(format: Format) -> QueryResultsFormat {
    match format {
        Format::Csv => QueryResultsFormat::Csv,
        Format::Tsv => QueryResultsFormat::Tsv,
        Format::Xml => QueryResultsFormat::Xml,
        _ => QueryResultsFormat::Json,
    }
}

fn write_w3c(answer: Answer, format: QueryResultsFormat, out: &mut impl Write) -> Result<()> {
    let serializer = QueryResultsSerializer::from_format(format);
    let is_boolean = matches!(answer, Answer::Boolean(_));
    match answer {
        Answer::Boolean(value) => {
            serializer
                .serialize_boolean_to_writer(&mut *out, value)
                .map_err(Error::Write)?;
        }
        Answer::Solutions { variables, rows } => {
            let variables: Arc<[_]> = variables.into();
            let mut writer = serializer
                .serialize_solutions_to_writer(&mut *out, variables.to_vec())
                .map_err(Error::Write)?;
            for row in rows {
                writer
                    .serialize(&QuerySolution::from((Arc::clone(&variables), row)))
                    .map_err(Error::Write)?;
            }
            writer.finish().map_err(Error::Write)?;
        }
        Answer::Graph(_) => unreachable!("graphs are written as RDF before this point"),
    }
    // Oxigraph ends JSON, XML and a CSV/TSV boolean without a line break; a
    // shell prompt should not follow the answer on its last line.
    let end: &[u8] = match (format, is_boolean) {
        (_, true) => boolean_end(format),
        (QueryResultsFormat::Csv | QueryResultsFormat::Tsv, false) => b"",
        _ => b"\n",
    };
    out.write_all(end).map_err(Error::Write)?;
    Ok(())
}

/// What ends a boolean answer Oxigraph wrote in `format` (which it leaves
/// without a line break): CRLF in CSV, LF otherwise.
pub fn boolean_end(format: QueryResultsFormat) -> &'static [u8] {
    match format {
        QueryResultsFormat::Csv => b"\r\n",
        _ => b"\n",
    }
}

/// A term as a person reads it: prefixed IRIs, bare strings, numbers and dates,
/// other literals in Turtle syntax.
pub fn display_term(term: &Term, prefixes: &Prefixes) -> String {
    match term {
        Term::NamedNode(n) => prefixes
            .shorten_for_display(n.as_str())
            .unwrap_or_else(|| format!("<{}>", n.as_str())),
        Term::BlankNode(b) => b.to_string(),
        Term::Literal(l) => {
            if let Some(language) = l.language() {
                format!("{}@{language}", l.value())
            } else if matches!(
                l.datatype(),
                xsd::STRING
                    | xsd::DATE
                    | xsd::G_YEAR
                    | xsd::G_YEAR_MONTH
                    | xsd::INTEGER
                    | xsd::POSITIVE_INTEGER
                    | xsd::NON_NEGATIVE_INTEGER
                    | xsd::DECIMAL
                    | xsd::BOOLEAN
            ) {
                l.value().to_owned()
            } else {
                let datatype = prefixes
                    .shorten_for_display(l.datatype().as_str())
                    .unwrap_or_else(|| format!("<{}>", l.datatype().as_str()));
                format!("\"{}\"^^{datatype}", l.value())
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// A cell as a terminal can show it safely: line breaks and tabs become spaces,
/// other control characters (ESC, BEL, the C1 controls, DEL) are written as
/// `\u{1b}`, so a literal from the data or a remote endpoint cannot move the
/// cursor, retitle the window or clear the screen.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Widest cell a table shows; the machine formats always carry the whole value.
const MAX_CELL_WIDTH: usize = 72;

fn clip(text: &str) -> String {
    if text.width() <= MAX_CELL_WIDTH {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 1 >= MAX_CELL_WIDTH {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Narrows the widest columns, one column at a time, until the line (cells
/// and two spaces between them) fits in `width`; no column goes below
/// `minimums`.
fn fit(widths: &mut [usize], minimums: &[usize], width: usize) {
    let gaps = 2 * widths.len().saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > width {
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > minimums[*i])
            .max_by_key(|(i, w)| (**w, std::cmp::Reverse(*i)))
        else {
            return;
        };
        widths[i] -= 1;
    }
}

/// `text` cut to `width` columns, ending in `…` when cut.
fn clip_to(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn write_table(
    variables: &[oxigraph::model::Variable],
    rows: &[Vec<Option<Term>>],
    prefixes: &Prefixes,
    fit_to: Option<usize>,
    out: &mut impl Write,
) -> Result<()> {
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    cell.as_ref()
                        .map(|t| clip(&printable(&display_term(t, prefixes))))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let natural = widths.clone();
    if let Some(limit) = fit_to {
        // First down to each header's width or 8, whichever is smaller, so
        // headers stay readable; then, if need be, down to 3 (two letters and
        // `…`), so every column still shows.
        let minimums: Vec<usize> = header.iter().map(|h| h.width().clamp(1, 8)).collect();
        fit(&mut widths, &minimums, limit);
        let last_resort: Vec<usize> = widths.iter().map(|w| (*w).min(3)).collect();
        fit(&mut widths, &last_resort, limit);
    }
    let clipped = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .zip(widths.iter().zip(&natural))
            .map(|(cell, (w, n))| {
                if w < n {
                    clip_to(cell, *w)
                } else {
                    cell.clone()
                }
            })
            .collect()
    };
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(width - cell.width()));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(&clipped(&header), out).map_err(Error::Write)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, out).map_err(Error::Write)?;
    for row in &cells {
        line(&clipped(row), out).map_err(Error::Write)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_narrows_the_widest_column_first() {
        let mut widths = vec![10, 40, 20];
        fit(&mut widths, &[4, 4, 4], 50);
        // 46 of cells + 4 of gaps: the 40 came down to 20 before the 20 moved.
        assert_eq!(widths.iter().sum::<usize>() + 4, 50);
        assert_eq!(widths, vec![10, 18, 18]);
        let mut widths = vec![10, 10];
        fit(&mut widths, &[8, 8], 5);
        assert_eq!(widths, vec![8, 8], "never below the minimums");
    }

    #[test]
    fn clipping_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(clip_to("Kyrgyzstan", 6), "Kyrgy…");
        assert_eq!(clip_to("Kyrgyzstan", 10), "Kyrgyzstan");
        assert_eq!(clip_to("Жогорку Кеңеш", 8).width(), 8);
    }
}
