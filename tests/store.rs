//! Issue 15: the persistent store (`--store`, `dipkg load`, `stats`, `dump`,
//! `optimize`, `backup`) and compressed inputs. Tests that need RocksDB run only
//! with `--features rocksdb` (CI runs them: `cargo test --features rocksdb store`);
//! the default build checks that it says how to get the feature. Where storage
//! makes a difference the same check runs in memory and on disk.

use crate::util::{dipkg_in, tempdir, write};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

/// A deterministic N-Triples document of `n` people: a type, a language-tagged
/// label, a date, a number and a link to the next person each.
fn people(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        let s = format!("<http://example.org/person/{i}>");
        text.push_str(&format!(
            "{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/{}> .\n",
            if i % 3 == 0 { "Politician" } else { "Person" }
        ));
        text.push_str(&format!(
            "{s} <http://www.w3.org/2000/01/rdf-schema#label> \"Person {i}\"@en .\n"
        ));
        text.push_str(&format!(
            "{s} <http://example.org/born> \"19{:02}-01-01\"^^<http://www.w3.org/2001/XMLSchema#date> .\n",
            i % 100
        ));
        text.push_str(&format!(
            "{s} <http://example.org/knows> <http://example.org/person/{}> .\n",
            (i + 1) % n
        ));
    }
    text
}

/// Counts a simple N-Triples text (one triple a line, no spaces in IRIs) without
/// RDF tooling: the independent count that `dipkg stats` must agree with.
fn independent_count(text: &str) -> serde_json::Value {
    let mut triples = BTreeSet::new();
    let mut subjects = BTreeSet::new();
    let mut predicates = BTreeSet::new();
    let mut objects = BTreeSet::new();
    let mut typed = std::collections::BTreeMap::<String, BTreeSet<String>>::new();
    for line in text.lines() {
        let (s, rest) = line.split_once(' ').expect("subject");
        let (p, rest) = rest.split_once(' ').expect("predicate");
        let o = rest.strip_suffix(" .").expect("end");
        triples.insert(line.to_owned());
        subjects.insert(s.to_owned());
        predicates.insert(p.to_owned());
        objects.insert(o.to_owned());
        if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" {
            typed
                .entry(o.trim_matches(['<', '>']).to_owned())
                .or_default()
                .insert(s.to_owned());
        }
    }
    serde_json::json!({
        "triples": triples.len(),
        "subjects": subjects.len(),
        "predicates": predicates.len(),
        "objects": objects.len(),
        "classes": typed.len(),
        "per_class": typed.iter().map(|(c, s)| (c.clone(), serde_json::Value::from(s.len()))).collect::<serde_json::Map<_, _>>(),
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn bzip2(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    encoder.write_all(bytes).expect("bzip2");
    encoder.finish().expect("bzip2")
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

/// Runs dipkg in `dir` and returns its standard output, failing with its stderr.
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = dipkg_in(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "dipkg {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Runs dipkg in `dir`, expecting exit code `code`; returns standard error.
fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    let out = dipkg_in(dir).args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "dipkg {args:?}: {stderr}");
    stderr
}

/// The lines of an N-Quads dump, sorted, so dumps compare whatever their order,
/// with blank node labels blanked (a load gives blank nodes new labels).
fn sorted_lines(text: &str) -> Vec<String> {
    let blank = regex::Regex::new("_:[A-Za-z0-9]+").expect("regex");
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| blank.replace_all(line, "_:").into_owned())
        .collect();
    lines.sort();
    lines
}

#[test]
fn data_reads_gz_bz2_zst_and_standard_input() {
    let dir = tempdir();
    let text = people(50);
    // Each file is two compressed pieces one after the other (gzip members,
    // bzip2 streams, zstd frames), as parallel compressors write them: both
    // are read, not only the first.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let (a, b) = (a.concat(), b.concat());
    let twice = |f: fn(&[u8]) -> Vec<u8>| [f(a.as_bytes()), f(b.as_bytes())].concat();
    std::fs::write(dir.path().join("p.nt.gz"), twice(gzip)).expect("writes");
    std::fs::write(dir.path().join("p.nt.bz2"), twice(bzip2)).expect("writes");
    std::fs::write(dir.path().join("p.nt.zst"), twice(zstd)).expect("writes");
    let count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
    for file in ["p.nt.gz", "p.nt.bz2", "p.nt.zst"] {
        let out = ok(
            dir.path(),
            &[
                "--data",
                file,
                "--no-ontology",
                "query",
                "-e",
                count,
                "-f",
                "csv",
            ],
        );
        // The graph is named after the file without its compression suffix.
        assert_eq!(
            out.replace('\r', ""),
            "g,n\nhttps://w3id.org/dipkg/graph/p.nt,200\n",
            "{file}"
        );
    }
    let out = dipkg_in(dir.path())
        .args(["--data", "-", "--data-format", "ntriples", "--no-ontology"])
        .args(["query", "-e", count, "-f", "csv"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).replace('\r', ""),
        "g,n\nhttps://w3id.org/dipkg/graph/stdin,200\n"
    );
    // Without --data-format, standard input is read as TriG (Turtle, N-Triples).
    let out = dipkg_in(dir.path())
        .args([
            "--data",
            "-",
            "--no-ontology",
            "query",
            "-e",
            count,
            "-f",
            "csv",
        ])
        .write_stdin(people(3))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("stdin,12"));
}

#[test]
fn stats_in_memory_equal_an_independent_count() {
    let dir = tempdir();
    let text = people(300);
    write(dir.path(), "people.nt", &text);
    let out = ok(
        dir.path(),
        &[
            "--data",
            "people.nt",
            "--no-ontology",
            "stats",
            "-f",
            "json",
        ],
    );
    let stats: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let expected = independent_count(&text);
    for key in [
        "triples",
        "subjects",
        "predicates",
        "objects",
        "classes",
        "per_class",
    ] {
        assert_eq!(stats[key], expected[key], "{key}");
    }
    assert_eq!(stats["graphs"], 1);
    assert_eq!(stats["quads"], 1200);
}

#[test]
fn dump_round_trip_in_memory() {
    let dir = tempdir();
    let first = ok(dir.path(), &["dump", "-o", "all.nq"]);
    assert!(first.is_empty());
    let again = ok(dir.path(), &["--data", "all.nq", "--no-ontology", "dump"]);
    let before = std::fs::read_to_string(dir.path().join("all.nq")).expect("dump written");
    assert!(before.lines().count() > 1000);
    assert_eq!(sorted_lines(&before), sorted_lines(&again));
}

#[cfg(not(feature = "rocksdb"))]
#[test]
fn store_without_the_feature_says_how_to_get_it() {
    let dir = tempdir();
    for args in [
        &["--store", "db", "query", "timeline"][..],
        &["--store", "db", "load", "--shipped"],
        &["--store", "db", "stats"],
        &["--store", "db", "dump"],
        &["--store", "db", "export"],
        &["--store", "db", "validate"],
        &["--store", "db", "describe"],
        &["--store", "db", "timeline"],
        &["--store", "db", "optimize"],
        &["--store", "db", "backup", "b"],
        &["--store", "db", "publish", "site"],
    ] {
        let stderr = fails(dir.path(), args, 2);
        assert!(
            stderr.contains("--features rocksdb") && stderr.contains("libclang-dev"),
            "{args:?}: {stderr}"
        );
    }
    assert!(!dir.path().join("db").exists(), "nothing was created");
}

#[cfg(feature = "rocksdb")]
mod on_disk {
    use super::*;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    fn dump(dir: &Path, store: &str) -> Vec<String> {
        sorted_lines(&ok(dir, &["--store", store, "dump"]))
    }

    /// Whether the bulk loader has written sorted files into the store folder.
    fn bulk_files(store: &Path) -> usize {
        std::fs::read_dir(store)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("bulk-"))
                    .count()
            })
            .unwrap_or(0)
    }

    #[test]
    fn store_answers_as_the_in_memory_dataset() {
        let dir = tempdir();
        ok(
            dir.path(),
            &["--store", "db", "load", "--shipped", "--quiet"],
        );
        for args in [
            &["query", "timeline", "-f", "csv"][..],
            &[
                "query",
                "official-visits",
                "--param",
                "year=2018",
                "-f",
                "json",
            ],
            &["export", "-f", "nquads"],
            &["describe"],
            &["timeline", "--format", "text"],
            &["graph", "person:erdogan"],
            &["stats", "-f", "json"],
        ] {
            let memory = ok(dir.path(), args);
            let mut on_disk = vec!["--store", "db"];
            on_disk.extend_from_slice(args);
            assert_eq!(memory, ok(dir.path(), &on_disk), "{args:?}");
        }
        // Validation gives the same verdict on disk.
        ok(dir.path(), &["--store", "db", "validate"]);
    }

    #[test]
    fn link_compare_and_publish_on_disk_give_what_memory_gives() {
        let dir = tempdir();
        let d = dir.path();
        ok(d, &["--store", "db", "load", "--shipped", "--quiet"]);
        let fixture = crate::util::root().join("tests/link/wikidata-extract.ttl");
        let fixture = fixture.to_str().expect("UTF-8 path");
        // link: the same links and the same review, candidate by candidate.
        ok(d, &["link", "--against", fixture, "-o", "memory/links.ttl"]);
        ok(
            d,
            &[
                "--store",
                "db",
                "link",
                "--against",
                fixture,
                "-o",
                "disk/links.ttl",
            ],
        );
        for file in ["links.ttl", "links.review.tsv"] {
            let memory = std::fs::read_to_string(d.join("memory").join(file)).expect("written");
            let disk = std::fs::read_to_string(d.join("disk").join(file)).expect("written");
            assert_eq!(memory, disk, "{file}");
        }
        assert!(
            std::fs::read_to_string(d.join("disk/links.ttl"))
                .expect("written")
                .contains("owl:sameAs")
        );
        // compare: the same rows.
        let memory = ok(d, &["compare", "--against", fixture]);
        assert!(memory.lines().count() > 1, "{memory}");
        assert_eq!(
            memory,
            ok(d, &["--store", "db", "compare", "--against", fixture])
        );
        // publish: the same site, file by file.
        ok(d, &["publish", "site-memory"]);
        ok(d, &["--store", "db", "publish", "site-disk"]);
        let (memory, disk) = (
            crate::util::files(&d.join("site-memory")),
            crate::util::files(&d.join("site-disk")),
        );
        assert!(memory.len() > 100, "{} files", memory.len());
        assert_eq!(
            memory.keys().collect::<Vec<_>>(),
            disk.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &memory {
            assert!(disk[path] == *bytes, "{} differs", path.display());
        }
    }

    #[test]
    fn load_reads_compressed_files_and_standard_input_into_named_graphs() {
        let dir = tempdir();
        let text = people(40);
        std::fs::write(dir.path().join("a.nt.gz"), gzip(text.as_bytes())).expect("writes");
        std::fs::write(dir.path().join("b.nt.bz2"), bzip2(text.as_bytes())).expect("writes");
        std::fs::write(dir.path().join("c.nt.zst"), zstd(text.as_bytes())).expect("writes");
        ok(
            dir.path(),
            &[
                "--store", "db", "load", "a.nt.gz", "b.nt.bz2", "c.nt.zst", "--quiet",
            ],
        );
        let load_stdin = |graph: &str| {
            let out = dipkg_in(dir.path())
                .args(["--store", "db", "load", "-", "--format", "ntriples"])
                .args(["--graph", graph])
                .write_stdin(text.clone())
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        let summary = load_stdin("http://example.org/g");
        assert!(summary.contains("loaded 160 statements"), "{summary}");
        let stats: serde_json::Value =
            serde_json::from_str(&ok(dir.path(), &["--store", "db", "stats", "-f", "json"]))
                .expect("JSON");
        let graphs = &stats["per_graph"];
        for graph in [
            "https://w3id.org/dipkg/graph/a.nt",
            "https://w3id.org/dipkg/graph/b.nt",
            "https://w3id.org/dipkg/graph/c.nt",
            "http://example.org/g",
        ] {
            assert_eq!(graphs[graph], 160, "{graph}: {stats}");
        }
        assert_eq!(stats["triples"], 160);
        assert_eq!(stats["quads"], 640);
        // `--graph default` is the default graph, as `oxigraph load` without --graph.
        load_stdin("default");
        let stats: serde_json::Value =
            serde_json::from_str(&ok(dir.path(), &["--store", "db", "stats", "-f", "json"]))
                .expect("JSON");
        assert_eq!(stats["per_graph"]["(default graph)"], 160, "{stats}");
        assert_eq!(stats["quads"], 800);
        // Standard input needs a format.
        let stderr = fails(dir.path(), &["--store", "db", "load", "-"], 2);
        assert!(stderr.contains("--format"), "{stderr}");
    }

    #[test]
    fn a_syntax_error_leaves_the_store_unchanged_and_names_file_line_and_column() {
        let dir = tempdir();
        write(dir.path(), "good.nt", &people(100));
        ok(dir.path(), &["--store", "db", "load", "good.nt", "--quiet"]);
        let before = dump(dir.path(), "db");
        let mut bad = people(2000);
        bad.push_str("<http://example.org/x> <http://example.org/p> \"unterminated .\n");
        write(dir.path(), "bad.nt", &bad);
        write(
            dir.path(),
            "more.nt",
            &people(3000).replace("person/", "other/"),
        );
        let stderr = fails(
            dir.path(),
            &[
                "--store",
                "db",
                "load",
                "more.nt",
                "bad.nt",
                "--max-memory",
                "4",
            ],
            1,
        );
        assert!(stderr.contains("bad.nt:8001:"), "{stderr}");
        assert_eq!(before, dump(dir.path(), "db"));
        // An unknown extension is refused before the store is touched.
        write(dir.path(), "x.csv", "a,b\n");
        let stderr = fails(dir.path(), &["--store", "db", "load", "x.csv"], 1);
        assert!(stderr.contains("unknown RDF format"), "{stderr}");
        assert_eq!(before, dump(dir.path(), "db"));
    }

    #[test]
    fn a_truncated_archive_leaves_the_store_unchanged() {
        let dir = tempdir();
        write(dir.path(), "good.nt", &people(100));
        ok(dir.path(), &["--store", "db", "load", "good.nt", "--quiet"]);
        let before = dump(dir.path(), "db");
        let text = people(5000);
        for (name, bytes) in [
            ("cut.nt.gz", gzip(text.as_bytes())),
            ("cut.nt.bz2", bzip2(text.as_bytes())),
            ("cut.nt.zst", zstd(text.as_bytes())),
        ] {
            std::fs::write(dir.path().join(name), &bytes[..bytes.len() * 2 / 3]).expect("writes");
            let stderr = fails(dir.path(), &["--store", "db", "load", name], 1);
            assert!(stderr.contains(name), "{name}: {stderr}");
            assert_eq!(before, dump(dir.path(), "db"), "{name}");
        }
    }

    #[test]
    fn lenient_skips_bad_statements_and_reports_them() {
        let dir = tempdir();
        let mut text = people(10);
        text.push_str("\"a literal\" <http://example.org/p> <http://example.org/o> .\n");
        text.push_str("<http://example.org/a> <http://example.org/p> .\n");
        text.push_str(&people(5).replace("person/", "late/"));
        write(dir.path(), "mixed.nt", &text);
        let out = dipkg_in(dir.path())
            .args(["--store", "db", "load", "mixed.nt", "--lenient"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.contains("skipped 2 bad statement(s)"), "{stderr}");
        assert!(stderr.contains("mixed.nt:41:"), "{stderr}");
        assert!(stderr.contains("mixed.nt:42:"), "{stderr}");
        let stats: serde_json::Value =
            serde_json::from_str(&ok(dir.path(), &["--store", "db", "stats", "-f", "json"]))
                .expect("JSON");
        assert_eq!(stats["triples"], 60);
    }

    /// Starts a load big enough to be caught halfway, waits until it has written
    /// sorted files into the store, and stops it with `signal`. On a busy
    /// machine the load may commit before the signal arrives (a whole load is
    /// as atomic as none): then it tries again, up to three times.
    fn interrupt_a_load(signal: i32) {
        for _ in 0..3 {
            if try_to_interrupt_a_load(signal) {
                return;
            }
        }
        panic!("three loads in a row finished before the signal reached them");
    }

    /// One attempt of [`interrupt_a_load`]: false if the load finished first.
    fn try_to_interrupt_a_load(signal: i32) -> bool {
        let dir = tempdir();
        write(dir.path(), "good.nt", &people(100));
        ok(dir.path(), &["--store", "db", "load", "good.nt", "--quiet"]);
        let before = dump(dir.path(), "db");
        write(
            dir.path(),
            "big.nt",
            &people(150_000).replace("person/", "big/"),
        );
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("dipkg"))
            .current_dir(dir.path())
            .args(["--store", "db", "load", "big.nt", "--max-memory", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts");
        let store = dir.path().join("db");
        let started = Instant::now();
        while bulk_files(&store) == 0 {
            if child.try_wait().expect("polls").is_some() {
                return false; // It finished before it could be interrupted.
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no sorted files appeared"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // SAFETY: sends a signal to our own child process.
        let sent = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        assert_eq!(sent, 0);
        let status = child.wait().expect("waits");
        if status.success() {
            return false;
        }
        assert_eq!(before, dump(dir.path(), "db"), "the store is as it was");
        // The next writer clears what the dead load left behind, and works.
        write(
            dir.path(),
            "small.nt",
            &people(10).replace("person/", "small/"),
        );
        ok(
            dir.path(),
            &["--store", "db", "load", "small.nt", "--quiet"],
        );
        assert_eq!(bulk_files(&store), 0, "leftovers removed");
        assert_eq!(dump(dir.path(), "db").len(), before.len() + 40);
        true
    }

    #[test]
    fn kill_9_mid_load_leaves_the_store_unchanged() {
        interrupt_a_load(libc::SIGKILL);
    }

    #[test]
    fn ctrl_c_mid_load_leaves_the_store_unchanged() {
        interrupt_a_load(libc::SIGINT);
    }

    #[test]
    fn a_full_disk_leaves_the_store_unchanged() {
        let dir = tempdir();
        write(dir.path(), "good.nt", &people(100));
        ok(dir.path(), &["--store", "db", "load", "good.nt", "--quiet"]);
        let before = dump(dir.path(), "db");
        write(
            dir.path(),
            "big.nt",
            &people(60_000).replace("person/", "big/"),
        );
        // A file size limit makes writes past 1 MB fail with EFBIG, as a full disk
        // fails them with ENOSPC (SIGXFSZ ignored, so the write returns the error).
        let out = Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 1024; exec \"$0\" --store db load big.nt")
            .arg(assert_cmd::cargo::cargo_bin("dipkg"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("dipkg: "), "{stderr}");
        assert_eq!(before, dump(dir.path(), "db"));
    }

    #[test]
    fn a_reader_during_a_load_is_told_about_the_lock_and_a_writer_during_reads_too() {
        let dir = tempdir();
        write(dir.path(), "good.nt", &people(10));
        ok(dir.path(), &["--store", "db", "load", "good.nt", "--quiet"]);
        // A load from standard input holds the store while we keep the pipe open.
        let mut loader = Command::new(assert_cmd::cargo::cargo_bin("dipkg"))
            .current_dir(dir.path())
            .args([
                "--store", "db", "load", "-", "--format", "ntriples", "--quiet",
            ])
            .stdin(Stdio::piped())
            .spawn()
            .expect("starts");
        // Once RocksDB's LOCK is open in the loader, it holds dipkg's lock too.
        wait_for_open_file(loader.id(), "db/LOCK");
        let stderr = fails(dir.path(), &["--store", "db", "stats"], 1);
        assert!(
            stderr.contains("the store is in use (lock db/dipkg.lock)")
                && stderr.contains("another process is writing it"),
            "{stderr}"
        );
        let stderr = fails(dir.path(), &["--store", "db", "load", "good.nt"], 1);
        assert!(stderr.contains("another process is using it"), "{stderr}");
        {
            let mut stdin = loader.stdin.take().expect("piped");
            stdin
                .write_all(people(5).replace("person/", "piped/").as_bytes())
                .expect("writes");
        }
        assert!(loader.wait().expect("waits").success());
        let stats: serde_json::Value =
            serde_json::from_str(&ok(dir.path(), &["--store", "db", "stats", "-f", "json"]))
                .expect("JSON");
        assert_eq!(stats["quads"], 60);
        // Readers share the store; a writer waits for them.
        let mut server = Command::new(assert_cmd::cargo::cargo_bin("dipkg"))
            .current_dir(dir.path())
            .args(["--store", "db", "serve", "--bind", "127.0.0.1:0", "--quiet"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // serve says it is serving once the dataset (and its lock) is open.
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(server.stderr.take().expect("piped")),
            &mut line,
        )
        .expect("reads");
        assert!(line.contains("serving on"), "{line}");
        let stderr = fails(dir.path(), &["--store", "db", "load", "good.nt"], 1);
        assert!(stderr.contains("another process is using it"), "{stderr}");
        ok(dir.path(), &["--store", "db", "stats"]);
        server.kill().expect("stops the server");
        server.wait().expect("waits");
    }

    /// Waits until process `pid` has a file ending in `suffix` open.
    fn wait_for_open_file(pid: u32, suffix: &str) {
        let started = Instant::now();
        loop {
            let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
                .map(|fds| {
                    fds.flatten().any(|fd| {
                        std::fs::read_link(fd.path())
                            .is_ok_and(|target| target.to_string_lossy().ends_with(suffix))
                    })
                })
                .unwrap_or(false);
            if open {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{suffix} never opened"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn stats_on_disk_equal_in_memory_and_an_independent_count() {
        let dir = tempdir();
        let text = people(500);
        write(dir.path(), "people.nt", &text);
        ok(
            dir.path(),
            &["--store", "db", "load", "people.nt", "--quiet"],
        );
        let on_disk = ok(dir.path(), &["--store", "db", "stats", "-f", "json"]);
        let in_memory = ok(
            dir.path(),
            &[
                "--data",
                "people.nt",
                "--no-ontology",
                "stats",
                "-f",
                "json",
            ],
        );
        assert_eq!(on_disk, in_memory);
        let stats: serde_json::Value = serde_json::from_str(&on_disk).expect("JSON");
        let expected = independent_count(&text);
        for key in [
            "triples",
            "subjects",
            "predicates",
            "objects",
            "classes",
            "per_class",
        ] {
            assert_eq!(stats[key], expected[key], "{key}");
        }
    }

    #[test]
    fn dump_round_trip_on_disk() {
        let dir = tempdir();
        ok(
            dir.path(),
            &["--store", "db", "load", "--shipped", "--quiet"],
        );
        for format in ["nquads", "trig"] {
            let file = format!("all.{format}");
            ok(
                dir.path(),
                &["--store", "db", "dump", "-f", format, "-o", &file],
            );
            let copy = format!("copy-{format}");
            ok(
                dir.path(),
                &[
                    "--store", &copy, "load", &file, "--format", format, "--quiet",
                ],
            );
            assert_eq!(dump(dir.path(), "db"), dump(dir.path(), &copy), "{format}");
        }
        let one = ok(
            dir.path(),
            &[
                "--store",
                "db",
                "dump",
                "-f",
                "ntriples",
                "--graph",
                "https://w3id.org/dipkg/graph/citations",
            ],
        );
        assert!(one.lines().count() > 50);
        let stderr = fails(
            dir.path(),
            &[
                "--store",
                "db",
                "dump",
                "--graph",
                "http://example.org/none",
            ],
            2,
        );
        assert!(stderr.contains("no graph"), "{stderr}");
    }

    #[test]
    fn backup_opens_on_its_own_and_optimize_keeps_the_data() {
        let dir = tempdir();
        ok(
            dir.path(),
            &["--store", "db", "load", "--shipped", "--quiet"],
        );
        let before = dump(dir.path(), "db");
        ok(dir.path(), &["--store", "db", "backup", "copy"]);
        ok(dir.path(), &["--store", "db", "optimize"]);
        assert_eq!(before, dump(dir.path(), "db"));
        std::fs::remove_dir_all(dir.path().join("db")).expect("removes the original");
        assert_eq!(before, dump(dir.path(), "copy"));
        let stderr = fails(dir.path(), &["--store", "copy", "backup", "copy"], 2);
        assert!(stderr.contains("exists already"), "{stderr}");
        let stderr = fails(dir.path(), &["--store", "missing", "stats"], 1);
        assert!(stderr.contains("no store there"), "{stderr}");
    }
}
