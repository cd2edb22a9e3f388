//! Pictures: `dipkg timeline` and `dipkg graph`. Snapshots of the text (fixed
//! width, no colour), SVG, DOT and Mermaid over the shipped data
//! (`tests/picture/`, rewritten by `DIPKG_BLESS=1 cargo test picture`); the SVG
//! read back as XML, naming every event an independent query finds; the HTML
//! page drawn by headless Chromium (`DIPKG_TEST_CHROMIUM`): not blank, every
//! label in the DOM, no two label boxes overlapping, for the shipped data and
//! for 500 generated events; and the error paths.

use crate::util::{dipkg, dipkg_in, required_tool, root, success_stdout, tempdir, write};
use dipkg::picture::{self, Links};
use dipkg::rdf::store::{self, Sources};
use predicates::prelude::*;
use predicates::str::contains;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The events an independent query finds: anything with a date, a start date,
/// or a "during" link, and its English label.
fn expected_events(data: Option<&Path>) -> BTreeMap<String, String> {
    let sources = Sources {
        data: data.map(|d| vec![d.to_owned()]).unwrap_or_default(),
        ..Sources::default()
    };
    let dataset = store::load(&sources).expect("loads");
    let rows = crate::util::select_rows(
        &dataset,
        "PREFIX dkg: <https://w3id.org/dipkg/ontology#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         SELECT DISTINCT ?e ?label WHERE {
           { ?e dkg:date ?d } UNION { ?e dkg:startDate ?d } UNION { ?e dkg:duringEvent ?d }
           ?e rdfs:label ?label FILTER (lang(?label) = \"en\")
         }",
    );
    rows.into_iter()
        .map(|row| {
            let text = |i: usize| match &row[i] {
                Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_owned(),
                Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
                other => panic!("unexpected {other:?}"),
            };
            (text(0), text(1))
        })
        .collect()
}

/// Compares `actual` with the snapshot `tests/picture/NAME`, or rewrites it.
fn snapshot(name: &str, actual: &str) {
    crate::util::golden_file("picture", name, actual);
}

fn run(args: &[&str]) -> String {
    let (mut cmd, _dir) = dipkg();
    cmd.env("COLUMNS", "100").args(args);
    success_stdout(&mut cmd)
}

#[test]
fn picture_snapshots_of_the_shipped_data() {
    snapshot("timeline.txt", &run(&["timeline"]));
    snapshot("timeline.svg", &run(&["timeline", "--format", "svg"]));
    snapshot(
        "timeline-erdogan.txt",
        &run(&["timeline", "--entity", "person:erdogan"]),
    );
    snapshot(
        "graph-erdogan.svg",
        &run(&["graph", "person:erdogan", "--format", "svg"]),
    );
    snapshot("graph-erdogan.dot", &run(&["graph", "person:erdogan"]));
    snapshot(
        "graph-visit.mmd",
        &run(&[
            "graph",
            "event:official-visit-erdogan-2018",
            "--format",
            "mermaid",
        ]),
    );
}

#[test]
fn picture_text_is_plain_off_a_terminal_and_fits_the_width() {
    let (mut cmd, _dir) = dipkg();
    cmd.env("COLUMNS", "60").arg("timeline");
    let out = success_stdout(&mut cmd);
    assert!(!out.contains('\x1b'), "no colour into a pipe");
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 60,
            "wider than 60: {line}"
        );
    }
    // Precision as given, and spans as start – end.
    assert!(out.contains("1992-04 "), "{out}");
    assert!(out.contains("2018-09-01 – 2018-09-03"), "{out}");
    // Colour only when asked for, as on a terminal without NO_COLOR.
    let dataset = store::load(&Sources::default()).expect("loads");
    let timeline = picture::timeline::load(&dataset, &picture::Filter::default()).expect("loads");
    let coloured = picture::text::write(
        &timeline,
        picture::text::TextStyle {
            width: 100,
            colour: true,
        },
    );
    assert!(coloured.contains("\x1b["));
}

#[test]
fn picture_events_during_a_visit_follow_it_inside_its_span() {
    let out = run(&["timeline", "--from", "2018-09", "--to", "2018-09"]);
    let lines: Vec<&str> = out.lines().collect();
    let visit = lines
        .iter()
        .position(|l| l.contains("official visit of President Erdoğan"))
        .expect("the visit is listed");
    for (offset, label) in [
        (1, "4th meeting of the High Council"),
        (2, "6th Summit of Heads of State"),
        (3, "opening ceremony of the 3rd World Nomad Games"),
    ] {
        let line = lines[visit + offset];
        assert!(line.contains(label) && line.contains("─ "), "{line}");
    }
    assert!(!out.contains("Jeenbekov"), "April is outside the range");
}

#[test]
fn picture_entity_by_name_in_any_language() {
    // The Turkic Council's Kyrgyz name finds its summit (and the visit it was during).
    let out = run(&["timeline", "--entity", "Түрк Кеңеши"]);
    assert!(out.contains("6th Summit of Heads of State"), "{out}");
    assert!(out.contains("official visit of President Erdoğan"), "{out}");
    assert!(!out.contains("Treaty"), "{out}");
    let by_name = run(&["timeline", "--entity", "recep tayyip erdoğan"]);
    assert_eq!(by_name, run(&["timeline", "--entity", "person:erdogan"]));
    let by_iri = run(&[
        "timeline",
        "--entity",
        "<https://w3id.org/dipkg/id/person/erdogan>",
    ]);
    assert_eq!(by_iri, by_name);
}

#[test]
fn picture_timeline_svg_is_xml_and_names_every_event() {
    let svg = run(&["timeline", "--format", "svg"]);
    let found = events_in_svg(&svg);
    let expected = expected_events(None);
    assert_eq!(
        found.keys().collect::<BTreeSet<_>>(),
        expected.keys().collect::<BTreeSet<_>>()
    );
    for (iri, label) in &expected {
        assert!(
            found[iri].starts_with(label.as_str()),
            "{iri}: hover text {:?} does not start with its label {label:?}",
            found[iri]
        );
    }
    // The source's words are in the hover text.
    assert!(svg.contains("“December 24, 1991”"), "citation key phrase");
    assert!(svg.contains("paragraph 2"), "citation paragraph");
}

/// Reads the SVG with an XML parser: each event link's `data-iri` and the text
/// of its `<title>`.
fn events_in_svg(svg: &str) -> BTreeMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut found = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_title = false;
    let mut depth_in_event = 0usize;
    loop {
        match reader.read_event().expect("the SVG is well-formed XML") {
            Event::Start(e) => {
                if current.is_some() {
                    depth_in_event += 1;
                    in_title = e.name().as_ref() == b"title" && depth_in_event == 1;
                } else if e.name().as_ref() == b"a" {
                    let iri = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref() == b"data-iri")
                        .map(|a| a.unescape_value().expect("attribute").into_owned());
                    if let Some(iri) = iri.filter(|_| {
                        e.attributes()
                            .filter_map(Result::ok)
                            .any(|a| a.key.as_ref() == b"class" && a.value.as_ref() == b"dk-event")
                    }) {
                        current = Some(iri);
                        depth_in_event = 0;
                    }
                }
            }
            Event::Text(t) if in_title => {
                if let Some(iri) = &current {
                    found
                        .entry(iri.clone())
                        .or_insert_with(String::new)
                        .push_str(&t.unescape().expect("text"));
                }
            }
            Event::End(e) => {
                if current.is_some() {
                    if depth_in_event == 0 && e.name().as_ref() == b"a" {
                        current = None;
                    } else {
                        depth_in_event = depth_in_event.saturating_sub(1);
                    }
                }
                in_title = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

#[test]
fn picture_graph_labels_edges_and_dashes_claims() {
    let dot = run(&["graph", "event:official-visit-erdogan-2018"]);
    assert!(dot.contains("label=\"visitor\""), "{dot}");
    assert!(dot.contains("label=\"Recep Tayyip Erdoğan\""), "{dot}");
    assert!(!dot.contains("label=\"https://"), "labels, not IRIs");
    // 24.kg's dates are a claim on the visit's official part (a sub-event).
    let part = run(&["graph", "event:official-visit-erdogan-2018-official-part"]);
    let claim_edge = part
        .lines()
        .find(|l| l.contains("claim about"))
        .expect("the 24.kg claim about the visit");
    assert!(claim_edge.contains("style=dashed"), "{claim_edge}");
    let svg = run(&[
        "graph",
        "event:official-visit-erdogan-2018-official-part",
        "--format",
        "svg",
    ]);
    let mut reader = quick_xml::Reader::from_str(&svg);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            _ => continue,
        }
    }
    assert!(
        svg.contains("class=\"dk-edge dk-claim\""),
        "dashed claim edge"
    );
    assert!(
        svg.contains("class=\"dk-node dk-claim\""),
        "dashed claim node"
    );
    assert_eq!(
        svg,
        run(&[
            "graph",
            "event:official-visit-erdogan-2018-official-part",
            "--format",
            "svg"
        ]),
        "the same bytes on every run"
    );
}

#[test]
fn picture_page_api_links_under_the_given_base() {
    let dataset = store::load(&Sources::default()).expect("loads");
    let links = Links::new("/");
    let fragment = picture::timeline_fragment(&dataset, None, &links).expect("draws");
    assert!(!fragment.contains("<html"), "a fragment, not a page");
    assert!(fragment.contains("href=\"/id/event/coup-attempt-2016\""));
    assert!(fragment.contains("href=\"/id/state/turkey\""));
    let turkey = "https://w3id.org/dipkg/id/state/turkey";
    let own = picture::timeline_svg(&dataset, Some(turkey), &links).expect("draws");
    assert!(own.contains("2016 coup attempt in Turkey"));
    let svg =
        picture::neighbourhood_svg(&dataset, turkey, 1, &Links::new("https://example.org/kg/"))
            .expect("draws");
    assert!(svg.contains("href=\"https://example.org/kg/id/state/turkey\""));
    assert_eq!(
        Links::default().href(turkey),
        turkey,
        "by default links are the IRIs"
    );
}

#[test]
fn picture_error_paths() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["timeline", "--entity", "erdgan"])
        .assert()
        .code(2)
        .stderr(contains("unknown entity \"erdgan\"").and(contains("did you mean person:erdogan")));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["graph", "state:turkye"])
        .assert()
        .code(2)
        .stderr(contains("did you mean state:turkey"));
    for bad in ["2018-13", "18", "2018-02-30", "last year"] {
        let (mut cmd, _dir) = dipkg();
        cmd.args(["timeline", "--from", bad])
            .assert()
            .code(2)
            .stderr(contains("is not a date"));
    }
    let (mut cmd, _dir) = dipkg();
    cmd.args(["timeline", "--from", "2019", "--to", "2018"])
        .assert()
        .code(2)
        .stderr(contains("--from 2019 is after --to 2018"));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["timeline", "--format", "pdf"]).assert().code(2);
    let (mut cmd, _dir) = dipkg();
    cmd.args(["graph", "state:turkey", "--format", "png"])
        .assert()
        .code(2);
    let (mut cmd, _dir) = dipkg();
    cmd.args(["graph", "state:turkey", "--depth", "9"])
        .assert()
        .code(2);
}

/// Turtle with `n` generated events over 1990–2020: days, months, years,
/// spans, and events during spans, some with dates of their own.
fn generated_events(n: usize) -> String {
    let mut ttl = String::from(
        "@prefix dkg: <https://w3id.org/dipkg/ontology#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         @prefix ex: <https://example.org/gen/> .\n\
         ex:a a dkg:SovereignState ; rdfs:label \"Avaland\"@en .\n\
         ex:b a dkg:SovereignState ; rdfs:label \"Borduria\"@en .\n",
    );
    let mut seed: u64 = 14;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    let mut last_span: Option<usize> = None;
    for i in 0..n {
        let year = 1990 + next(31);
        let month = 1 + next(12);
        let day = 1 + next(28);
        let states = match next(3) {
            0 => "ex:a",
            1 => "ex:b",
            _ => "ex:a, ex:b",
        };
        let words = [
            "meeting",
            "visit",
            "consultations",
            "forum",
            "agreement",
            "summit",
            "exchange",
        ];
        let label = format!(
            "{} {i} on {}",
            words[i % words.len()],
            ["trade", "culture", "energy", "security", "education"][i % 5]
        );
        let date = match next(10) {
            0 => format!("dkg:date \"{year}\"^^xsd:gYear"),
            1 | 2 => format!("dkg:date \"{year}-{month:02}\"^^xsd:gYearMonth"),
            3 | 4 => {
                last_span = Some(i);
                format!(
                    "dkg:startDate \"{year}-{month:02}-{day:02}\"^^xsd:date ; dkg:endDate \"{year}-{month:02}-{:02}\"^^xsd:date",
                    day + next(3)
                )
            }
            5 if last_span.is_some() => {
                format!("dkg:duringEvent ex:e{}", last_span.unwrap_or(0))
            }
            6 if last_span.is_some() => format!(
                "dkg:duringEvent ex:e{} ; dkg:date \"{year}-{month:02}-{day:02}\"^^xsd:date",
                last_span.unwrap_or(0)
            ),
            _ => format!("dkg:date \"{year}-{month:02}-{day:02}\"^^xsd:date"),
        };
        ttl.push_str(&format!(
            "ex:e{i} a dkg:Event ; rdfs:label \"{label}\"@en ; {date} ; dkg:participant {states} .\n"
        ));
    }
    ttl
}

/// A PNG's pixels as RGB(A) rows, decoded with zlib and the PNG filters.
fn png_pixels(bytes: &[u8]) -> (usize, usize, usize, Vec<u8>) {
    use std::io::Read;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let mut at = 8;
    let (mut width, mut height, mut channels) = (0, 0, 0);
    let mut data = Vec::new();
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(body[0..4].try_into().expect("4")) as usize;
                height = u32::from_be_bytes(body[4..8].try_into().expect("4")) as usize;
                assert_eq!(body[8], 8, "8-bit samples");
                channels = match body[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
            }
            b"IDAT" => data.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&data[..])
        .read_to_end(&mut raw)
        .expect("zlib");
    let stride = width * channels;
    let mut pixels = vec![0u8; height * stride];
    for y in 0..height {
        let filter = raw[y * (stride + 1)];
        for x in 0..stride {
            let byte = raw[y * (stride + 1) + 1 + x];
            let a = if x >= channels {
                pixels[y * stride + x - channels]
            } else {
                0
            };
            let b = if y > 0 {
                pixels[(y - 1) * stride + x]
            } else {
                0
            };
            let c = if y > 0 && x >= channels {
                pixels[(y - 1) * stride + x - channels]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                other => panic!("filter {other}"),
            };
            pixels[y * stride + x] = byte.wrapping_add(predicted);
        }
    }
    (width, height, channels, pixels)
}

/// Runs headless Chromium with the usual quiet flags.
fn chromium(chrome: &str, args: &[&str]) -> std::process::Output {
    let profile = tempdir();
    std::process::Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

/// The script the test adds to the page: it writes each event's label box,
/// as the browser laid it out, into `<pre id="boxes">`.
const MEASURE: &str = "<script>
(function () {
  var out = [];
  var svg = document.querySelector('svg.dk-timeline').getBoundingClientRect();
  out.push(['svg', '', svg.left, svg.top, svg.right, svg.bottom].join('\\t'));
  document.querySelectorAll('a.dk-event').forEach(function (a) {
    var t = a.querySelector('text.dk-label');
    var r = t.getBoundingClientRect();
    out.push([a.getAttribute('data-iri'), t.textContent, r.left, r.top, r.right, r.bottom].join('\\t'));
  });
  var pre = document.createElement('pre');
  pre.id = 'boxes';
  pre.textContent = out.join('\\n');
  document.body.appendChild(pre);
})();
</script>
";

/// Draws the HTML timeline of `data` (or the shipped data) with Chromium and
/// checks the picture and the label boxes.
fn check_rendered_timeline(chrome: &str, data: Option<&Path>, screenshot: &Path) {
    let dir = tempdir();
    let mut cmd = dipkg_in(dir.path());
    if let Some(data) = data {
        cmd.arg("--data").arg(data);
    }
    cmd.args(["timeline", "--format", "html"]);
    let page = success_stdout(&mut cmd);
    assert!(!page.contains("<script"), "the page itself needs no script");
    for remote in ["src=", "<link", "url(", "@import"] {
        assert!(!page.contains(remote), "the page loads nothing ({remote})");
    }
    let expected = expected_events(data);
    for label in expected.values() {
        let escaped = label
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;");
        assert!(page.contains(&escaped), "{label} is not in the page");
    }

    // Not blank: the PNG has many colours and enough ink.
    let html = write(dir.path(), "timeline.html", &page);
    let url = format!("file://{}", html.display());
    let out = chromium(
        chrome,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1400,900",
            &url,
        ],
    );
    assert!(
        screenshot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (width, height, channels, pixels) = png_pixels(&std::fs::read(screenshot).expect("png"));
    let mut colours = BTreeSet::new();
    let mut ink = 0usize;
    for px in pixels.chunks(channels) {
        colours.insert((px[0], px[1], px[2]));
        if u32::from(px[0]) + u32::from(px[1]) + u32::from(px[2]) < 600 {
            ink += 1;
        }
    }
    assert!(
        colours.len() > 20,
        "{} colours: a blank page?",
        colours.len()
    );
    assert!(
        ink * 100 > width * height,
        "{ink} dark pixels of {}",
        width * height
    );

    // Every label laid out, and no two label boxes overlap.
    let measured = page.replace("</body>", &format!("{MEASURE}</body>"));
    let html = write(dir.path(), "measure.html", &measured);
    let out = chromium(
        chrome,
        &["--dump-dom", &format!("file://{}", html.display())],
    );
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    let start =
        dom.find("<pre id=\"boxes\">").expect("the script ran") + "<pre id=\"boxes\">".len();
    let end = start + dom[start..].find("</pre>").expect("end of boxes");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let mut boxes: Vec<(String, String, [f64; 4])> = Vec::new();
    let mut svg_box = [0.0; 4];
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let n: Vec<f64> = cols[2..6]
            .iter()
            .map(|c| c.parse().expect("number"))
            .collect();
        let b = [n[0], n[1], n[2], n[3]];
        if cols[0] == "svg" {
            svg_box = b;
        } else {
            boxes.push((cols[0].to_owned(), cols[1].to_owned(), b));
        }
    }
    let drawn: BTreeSet<&str> = boxes.iter().map(|(iri, _, _)| iri.as_str()).collect();
    assert_eq!(
        drawn,
        expected.keys().map(String::as_str).collect(),
        "every event drawn"
    );
    for (iri, label, b) in &boxes {
        let full = &expected[iri];
        let shown = label.trim_end_matches('…');
        assert!(
            full.starts_with(shown),
            "{iri}: label {label:?} is not {full:?}"
        );
        assert!(b[2] > b[0] && b[3] > b[1], "{iri}: empty box");
        assert!(
            b[0] >= svg_box[0] - 0.5 && b[2] <= svg_box[2] + 0.5,
            "{iri}: label {label:?} leaves the picture ({b:?} in {svg_box:?})"
        );
    }
    let mut overlaps = Vec::new();
    for (i, (a_iri, a_label, a)) in boxes.iter().enumerate() {
        for (b_iri, b_label, b) in &boxes[i + 1..] {
            let apart = a[2] <= b[0] + 0.5
                || b[2] <= a[0] + 0.5
                || a[3] <= b[1] + 0.5
                || b[3] <= a[1] + 0.5;
            if !apart {
                overlaps.push(format!(
                    "{a_iri} {a_label:?} {a:?} and {b_iri} {b_label:?} {b:?}"
                ));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "overlapping labels:\n{}",
        overlaps.join("\n")
    );
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "chromium"),
    ignore = "set DIPKG_TEST_CHROMIUM=/usr/bin/chromium to run it"
)]
fn picture_html_timeline_in_chromium() {
    let Some(chrome) = required_tool(
        "DIPKG_TEST_CHROMIUM",
        "headless Chromium, e.g. /usr/bin/chromium",
    ) else {
        return;
    };
    let shots = tempdir();
    check_rendered_timeline(&chrome, None, &shots.path().join("timeline.png"));
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "chromium"),
    ignore = "set DIPKG_TEST_CHROMIUM=/usr/bin/chromium to run it"
)]
fn picture_html_timeline_of_500_generated_events_in_chromium() {
    let Some(chrome) = required_tool(
        "DIPKG_TEST_CHROMIUM",
        "headless Chromium, e.g. /usr/bin/chromium",
    ) else {
        return;
    };
    let dir = tempdir();
    let data = write(dir.path(), "generated/events.ttl", &generated_events(500));
    assert_eq!(expected_events(Some(&data)).len(), 500);
    check_rendered_timeline(&chrome, Some(&data), &dir.path().join("timeline-500.png"));
}

#[test]
fn picture_events_during_a_visit_may_have_dates_of_their_own() {
    // The data model may date what happened during a visit, and add events;
    // they stay with the visit, at their own dates.
    let dir = tempdir();
    let extra = write(
        dir.path(),
        "extra.ttl",
        "@prefix dkg: <https://w3id.org/dipkg/ontology#> .\n\
         @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         <https://w3id.org/dipkg/id/event/high-council-4th-meeting> dkg:date \"2018-09-02\"^^xsd:date .\n\
         <https://w3id.org/dipkg/id/event/wreath-laying> a dkg:Ceremony ;\n\
           rdfs:label \"wreath-laying at the Ata-Beyit memorial\"@en ;\n\
           dkg:duringEvent <https://w3id.org/dipkg/id/event/official-visit-erdogan-2018> ;\n\
           dkg:startDate \"2018-09-01\"^^xsd:date ; dkg:endDate \"2018-09-01\"^^xsd:date .\n",
    );
    let data = root().join("data");
    let mut cmd = dipkg_in(dir.path());
    cmd.env("COLUMNS", "120")
        .arg("--data")
        .arg(&data)
        .arg("--data")
        .arg(&extra)
        .args(["timeline", "--from", "2018-09", "--to", "2018-09"]);
    let out = success_stdout(&mut cmd);
    let lines: Vec<&str> = out.lines().collect();
    // The year 2018, which holds September, then the visit and what took place during it.
    assert!(lines[0].contains("meetings and visits"), "{out}");
    assert!(
        lines[1].contains("official visit of President Erdoğan"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("2018-09-01 ") && lines[2].contains("├─ wreath-laying"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("2018-09-02 ") && lines[3].contains("├─ 4th meeting"),
        "{out}"
    );
    assert!(
        lines[4].starts_with("during ") && lines[4].contains("6th Summit"),
        "{out}"
    );
    assert!(
        lines[5].starts_with("during ") && lines[5].contains("└─ opening ceremony"),
        "{out}"
    );
    assert_eq!(lines.len(), 6, "{out}");

    let mut cmd = dipkg_in(dir.path());
    cmd.arg("--data")
        .arg(&data)
        .arg("--data")
        .arg(&extra)
        .args(["timeline", "--format", "svg"]);
    let svg = success_stdout(&mut cmd);
    let found = events_in_svg(&svg);
    assert!(found.contains_key("https://w3id.org/dipkg/id/event/wreath-laying"));
    assert!(
        found["https://w3id.org/dipkg/id/event/high-council-4th-meeting"].contains("2018-09-02")
    );
}

#[test]
fn picture_output_files_are_written_whole() {
    let dir = tempdir();
    let mut cmd = dipkg_in(dir.path());
    cmd.args(["timeline", "--format", "html", "-o", "out/timeline.html"])
        .assert()
        .success()
        .stdout(predicates::str::is_empty());
    let page = std::fs::read_to_string(dir.path().join("out/timeline.html")).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    assert!(page.contains("@page { size: A4 landscape"), "prints on A4");
    let mut cmd = dipkg_in(dir.path());
    cmd.args([
        "graph",
        "state:turkey",
        "--format",
        "svg",
        "-o",
        "turkey.svg",
        "--link-base",
        "/",
    ])
    .assert()
    .success();
    let svg = std::fs::read_to_string(dir.path().join("turkey.svg")).expect("written");
    assert!(
        svg.contains("href=\"/id/state/kyrgyzstan\""),
        "links under the base"
    );
}
