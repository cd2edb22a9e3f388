//! `dipkg publish DIR`: the static site has every resource in every format,
//! the same RDF `dipkg serve` answers, links that all resolve, a VoID that
//! lists its dumps with their true sizes, the same bytes on every run; and a
//! real Apache serves it with the generated rules, and Chromium browses it
//! from `file://`.

use crate::util::{dipkg, files, required_tool, success_stdout, tempdir};
use dipkg::publish::http::RdfType;
use dipkg::publish::server::{App, Config, resources};
use dipkg::rdf::store::{self, Sources};
use dipkg::sparql::catalog::Catalog;
use oxigraph::model::NamedNode;
use std::path::{Path, PathBuf};

fn publish(dir: &Path, extra: &[&str]) -> String {
    let (mut cmd, _d) = dipkg();
    cmd.arg("publish").arg(dir).args(extra);
    success_stdout(&mut cmd)
}

#[test]
fn every_resource_has_its_files_and_they_equal_what_serve_answers() {
    let dir = tempdir();
    publish(dir.path(), &[]);
    let dataset = store::load(&Sources::default()).expect("loads");
    let iris = resources(&dataset, "https://w3id.org/dipkg/").expect("resources");
    assert!(iris.len() > 100, "{} resources", iris.len());
    let app = App::new(dataset, Catalog::shipped(), Config::default());
    for iri in &iris {
        let path = iri.strip_prefix("https://w3id.org/dipkg/").expect("ours");
        assert!(
            dir.path().join(format!("{path}.html")).is_file(),
            "{path}.html"
        );
        for extension in ["ttl", "jsonld", "nt", "rdf"] {
            let file = dir.path().join(format!("{path}.{extension}"));
            let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{}", file.display()));
            let format = RdfType::by_extension(extension).expect("a format");
            let served = app
                .resource_rdf(&NamedNode::new_unchecked(iri.clone()), format)
                .expect("serves");
            assert_eq!(
                bytes, served,
                "{path}.{extension} differs from what serve answers"
            );
            let parsed = oxigraph::io::RdfParser::from_format(format.format())
                .for_slice(&bytes)
                .collect::<Result<Vec<_>, _>>()
                .unwrap_or_else(|e| panic!("{path}.{extension}: {e}"));
            assert!(!parsed.is_empty(), "{path}.{extension} is empty");
        }
    }
}

/// Every `href` and `src` of every HTML page that is not an absolute URL
/// names a file of the site.
#[test]
fn every_internal_link_resolves_to_a_file() {
    let dir = tempdir();
    publish(dir.path(), &[]);
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, bytes) in files(dir.path()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for attribute in ["href=\"", "src=\""] {
            for part in text.split(attribute).skip(1) {
                let link = part.split('"').next().unwrap_or_default();
                if link.starts_with("http://")
                    || link.starts_with("https://")
                    || link.starts_with('#')
                {
                    continue;
                }
                let target = link.split(['#', '?']).next().unwrap_or_default();
                let resolved = dir
                    .path()
                    .join(path.parent().unwrap_or(Path::new("")))
                    .join(target.replace("&amp;", "&"));
                let resolved = if target.ends_with('/') || target.is_empty() {
                    resolved.join("index.html")
                } else {
                    resolved
                };
                checked += 1;
                if !resolved.is_file() {
                    broken.push(format!("{}: {link}", path.display()));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} links");
    broken.dedup();
    assert!(
        broken.is_empty(),
        "{} broken links, e.g.\n{}",
        broken.len(),
        broken[..broken.len().min(20)].join("\n")
    );
}

#[test]
fn publishing_twice_writes_the_same_bytes_and_only_changes() {
    let dir = tempdir();
    let first_run = publish(dir.path(), &["--base-url", "https://example.org/dipkg/"]);
    let first = files(dir.path());
    let second_run = publish(dir.path(), &["--base-url", "https://example.org/dipkg/"]);
    assert_eq!(first, files(dir.path()));
    assert!(
        first_run.contains(&format!("{} written", first.len())),
        "{first_run}"
    );
    assert!(second_run.contains(" 0 written"), "{second_run}");
    // A touched file is put right, and only it is rewritten.
    std::fs::write(dir.path().join("id/state/turkey.ttl"), "changed").expect("writes");
    let third = publish(dir.path(), &["--base-url", "https://example.org/dipkg/"]);
    assert!(third.contains(" 1 written"), "{third}");
}

#[test]
fn void_lists_the_dumps_with_their_sizes() {
    let dir = tempdir();
    publish(dir.path(), &["--base-url", "https://example.org/dipkg/"]);
    let void = std::fs::read_to_string(dir.path().join(".well-known/void")).expect("VoID");
    let store = oxigraph::store::Store::new().expect("store");
    store
        .load_from_slice(oxigraph::io::RdfFormat::Turtle, void.as_bytes())
        .expect("VoID parses");
    let rows = dipkg::sparql::query::select(
        &store,
        "test",
        "PREFIX dcat: <http://www.w3.org/ns/dcat#>
         SELECT ?url ?size WHERE { ?d dcat:downloadURL ?url ; dcat:byteSize ?size }",
    )
    .expect("runs");
    assert_eq!(
        rows.len(),
        13,
        "six formats, plain and gzipped, and the event table"
    );
    for row in rows {
        let (
            Some(oxigraph::model::Term::NamedNode(url)),
            Some(oxigraph::model::Term::Literal(size)),
        ) = (&row[0], &row[1])
        else {
            panic!("{row:?}");
        };
        let file = url
            .as_str()
            .strip_prefix("https://example.org/dipkg/")
            .expect("on the site");
        let bytes = std::fs::metadata(dir.path().join(file))
            .unwrap_or_else(|_| panic!("{file}"))
            .len();
        assert_eq!(size.value(), bytes.to_string(), "{file}");
    }
}

/// Debian's Apache serves the site with the generated `.htaccess`, and the
/// w3id rules (mapped onto localhost) redirect by `Accept`.
#[test]
#[cfg_attr(
    not(dipkg_tool = "apache"),
    ignore = "set DIPKG_TEST_APACHE=/usr/sbin/apache2 to run it"
)]
fn apache_serves_the_site_with_the_generated_rules() {
    let Some(apache) = required_tool("DIPKG_TEST_APACHE", "Debian's apache2 (/usr/sbin/apache2)")
    else {
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let work = tempdir();
    let site = work.path().join("site");
    publish(&site, &["--base-url", &format!("http://127.0.0.1:{port}/")]);
    // Apache's workers run as www-data: the site must be readable by them.
    let _ = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(work.path())
        .status();
    let modules = "/usr/lib/apache2/modules";
    let conf = format!(
        "ServerRoot {root}\nListen 127.0.0.1:{port}\nServerName localhost\nPidFile {root}/apache.pid\n\
         LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so\n\
         LoadModule authz_core_module {modules}/mod_authz_core.so\n\
         LoadModule mime_module {modules}/mod_mime.so\n\
         LoadModule rewrite_module {modules}/mod_rewrite.so\n\
         LoadModule headers_module {modules}/mod_headers.so\n\
         LoadModule alias_module {modules}/mod_alias.so\n\
         LoadModule dir_module {modules}/mod_dir.so\n\
         User www-data\nGroup www-data\nErrorLog {root}/error.log\nTypesConfig /etc/mime.types\n\
         DocumentRoot {site}\nDirectoryIndex index.html\n\
         <Directory {site}>\n  AllowOverride All\n  Options FollowSymLinks\n  Require all granted\n</Directory>\n\
         Alias /dipkg {site}/w3id\n\
         <Directory {site}/w3id>\n  AllowOverride All\n  Options FollowSymLinks\n  Require all granted\n</Directory>\n",
        root = work.path().display(),
        site = site.display(),
    );
    let conf_file = work.path().join("apache.conf");
    std::fs::write(&conf_file, conf).expect("writes");
    // Apache's own output goes to its log, not to the test's pipes (its
    // workers would keep them open and cargo test waiting).
    let mut child = Command::new(&apache)
        .args(["-f"])
        .arg(&conf_file)
        .args(["-DFOREGROUND"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        // Its own process group: prefork stops its workers by signalling its
        // whole group, which would otherwise be cargo test's.
        .process_group(0)
        .spawn()
        .expect("apache starts");
    /// Stops Apache the way it wants (SIGTERM to the parent stops the
    /// workers too; SIGKILL would orphan them).
    struct Stop<'a>(&'a mut std::process::Child);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.0.id().to_string())
                .status();
            let _ = self.0.wait();
        }
    }
    let _stop = Stop(&mut child);
    let log = work.path().join("error.log");
    // curl, with a time limit, rather than a client that waits for Apache
    // to close a kept-alive connection.
    let get = |path: &str, accept: &str| -> (u16, String, String) {
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "--max-time",
                "5",
                "-w",
                "%{http_code} %{redirect_url} %{content_type}",
                "-H",
            ])
            .arg(format!("Accept: {accept}"))
            .arg(format!("http://127.0.0.1:{port}{path}"))
            .output()
            .expect("curl runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut parts = text.splitn(3, ' ');
        let status = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let location = parts.next().unwrap_or_default().to_owned();
        let content_type = parts.next().unwrap_or_default().to_owned();
        (status, location, content_type)
    };
    let mut up = false;
    for _ in 0..50 {
        if get("/index.html", "text/html").0 == 200 {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(
        up,
        "Apache did not answer; its log: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let browser =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    let cases = [
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
        ("application/trig", "trig"),
        ("text/html", "html"),
        (browser, "html"),
        ("*/*", "html"),
        ("text/turtle;q=0, text/html", "html"),
    ];
    for (prefix, base) in [
        ("/dipkg/", format!("http://127.0.0.1:{port}/")),
        ("/", String::new()),
    ] {
        for (accept, extension) in cases {
            let (status, location, _) = get(&format!("{prefix}id/state/turkey"), accept);
            assert_eq!(
                status,
                303,
                "{prefix} {accept}: {location}; Apache's log: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            assert!(
                location.ends_with(&format!("id/state/turkey.{extension}"))
                    && location.starts_with(&base),
                "{prefix} {accept}: {location}"
            );
        }
        let (status, _, _) = get(&format!("{prefix}id/state/turkey"), "image/png");
        assert_eq!(status, 406, "{prefix}: an unknown type");
        let (status, location, _) = get(&format!("{prefix}ontology"), "text/turtle");
        assert_eq!(status, 303);
        assert!(location.ends_with("ontology.ttl"), "{location}");
    }
    // Every name the data and its description mint, through the w3id rules
    // and through the site's own rules, ends at a file of the type asked for.
    let follow = |path: &str, accept: &str| -> (u16, String) {
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-L",
                "--max-redirs",
                "3",
                "--max-time",
                "5",
            ])
            .args(["-w", "%{http_code} %{content_type}", "-H"])
            .arg(format!("Accept: {accept}"))
            .arg(format!("http://127.0.0.1:{port}{path}"))
            .output()
            .expect("curl runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (status, content_type) = text.split_once(' ').unwrap_or((&text, ""));
        (status.parse().unwrap_or(0), content_type.to_owned())
    };
    let (mut cmd, _dir) = crate::util::dipkg();
    let dump = crate::util::success_stdout(cmd.args([
        "export",
        "--format",
        "nquads",
        "--with-description",
    ]));
    let mut names = std::collections::BTreeSet::new();
    for piece in dump.split('<').skip(1) {
        let iri = piece.split('>').next().unwrap_or_default();
        if let Some(path) = iri.strip_prefix("https://w3id.org/dipkg/") {
            names.insert(path.split('#').next().unwrap_or_default().to_owned());
        }
    }
    assert!(names.len() > 190, "{} names", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let file = name.starts_with("dumps/") || name.is_empty();
        for prefix in ["/dipkg/", "/"] {
            for (accept, media) in [("text/turtle", "text/turtle"), ("text/html", "text/html")] {
                let (status, content_type) = follow(&format!("{prefix}{name}"), accept);
                if status != 200 || !(file || content_type.starts_with(media)) {
                    failures.push(format!(
                        "{prefix}{name} ({accept}): {status} {content_type}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} names do not resolve:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
    for (extension, media) in [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("html", "text/html"),
    ] {
        let (status, _, content_type) = get(&format!("/id/state/turkey.{extension}"), "*/*");
        assert_eq!(status, 200);
        assert!(
            content_type.starts_with(media),
            "{extension}: {content_type}"
        );
    }
}

use std::os::unix::process::CommandExt;
use std::process::Command;

#[test]
#[cfg_attr(
    not(dipkg_tool = "chromium"),
    ignore = "set DIPKG_TEST_CHROMIUM=/usr/bin/chromium to run it"
)]
fn chromium_browses_the_site_from_files() {
    let Some(browser) = required_tool("DIPKG_TEST_CHROMIUM", "headless Chromium (Debian chromium)")
    else {
        return;
    };
    let dir = tempdir();
    publish(dir.path(), &[]);
    let url = |path: &str| format!("file://{}", dir.path().join(path).display());
    let shots = std::env::var("DIPKG_SCREENSHOTS").ok().map(PathBuf::from);
    let dom = crate::serve_clients::chromium(
        &browser,
        &url("index.html"),
        shots.as_ref().map(|d| d.join("site-index.png")).as_deref(),
    );
    assert!(
        dom.contains("href=\"types/states.html\""),
        "{}",
        &dom[..dom.len().min(1000)]
    );
    let dom = crate::serve_clients::chromium(
        &browser,
        &url("id/event/establishment-of-diplomatic-relations.html"),
        shots
            .as_ref()
            .map(|d| d.join("site-resource.png"))
            .as_deref(),
    );
    assert!(
        dom.contains(
            "<h1>establishment of diplomatic relations between Kyrgyzstan and Turkey</h1>"
        )
    );
    assert!(dom.contains("established on December 24, 1991</q>"));
    assert!(
        dom.contains("href=\"../../id/state/turkey.html\""),
        "relative links to other pages"
    );
    let dom = crate::serve_clients::chromium(
        &browser,
        &url("timeline.html"),
        shots
            .as_ref()
            .map(|d| d.join("site-timeline.png"))
            .as_deref(),
    );
    assert!(dom.contains("1991-12-24") && dom.contains("2018-11-19"));
    assert!(
        dom.contains("class=\"dk-quads\"") && dom.contains("data-quad=\"1\""),
        "the coded events by quad class beside the timeline"
    );
}

#[cfg(unix)]
#[test]
fn publish_never_writes_through_a_link_out_of_its_folder() {
    let dir = tempdir();
    let (site, outside) = (dir.path().join("site"), dir.path().join("outside"));
    std::fs::create_dir_all(site.join("id")).expect("folders");
    std::fs::create_dir_all(&outside).expect("folders");
    std::os::unix::fs::symlink(&outside, site.join("id/state")).expect("a link");
    let file = dir.path().join("file");
    std::fs::write(&file, "x").expect("a file");
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("a link");
    for (target, says) in [
        (&site, "is a link (to "),
        (&file, "is a file, not a folder"),
        (&dangling, "which does not exist"),
    ] {
        let (mut cmd, _d) = dipkg();
        let out = cmd.arg("publish").arg(target).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{}: {err}", target.display());
    }
    assert_eq!(
        std::fs::read_dir(&outside).expect("reads").count(),
        0,
        "nothing written outside the site"
    );
}
