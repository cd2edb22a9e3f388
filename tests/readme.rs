//! Every command example of the README runs, so the README cannot drift:
//! the ```console blocks are read as shell sessions (`$ ` starts a command,
//! `\` continues it, the lines up to the next `$ ` are its output). Each block
//! runs in one `sh` in a fresh temporary directory that holds links to the
//! checkout's `data/`, `tests/`, `queries/` and `ontology/` (the files the
//! examples name) with the built `dipkg` first on `PATH`. Every command must
//! succeed, except one followed by `$ echo $?`, whose shown code is checked;
//! where the README shows output, the command's standard output and error
//! must be exactly that.
//!
//! Left out, and said so by the test's message: commands that need a server
//! the README tells you to start first (`127.0.0.1`), benchmarks
//! (`benches/`), and pipes into a program this machine lacks (`dot`).

use crate::util::{root, tempdir};
use std::path::Path;
use std::process::Command;

/// One `$ ` command of a console block and the output the README shows for it.
#[derive(Debug)]
struct Example {
    command: String,
    shown: Vec<String>,
}

/// The console blocks of the README, each a list of examples.
fn blocks(readme: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    let mut continued = false;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None if line.trim() == "```console" => current = Some(Vec::new()),
                None => {}
            }
            continue;
        }
        let Some(block) = current.as_mut() else {
            continue;
        };
        if let Some(command) = line.strip_prefix("$ ") {
            block.push(Example {
                command: command.to_owned(),
                shown: Vec::new(),
            });
            continued = command.ends_with('\\');
        } else if let Some(last) = block.last_mut() {
            if continued {
                last.command.push('\n');
                last.command.push_str(line);
                continued = line.ends_with('\\');
            } else {
                last.shown.push(line.to_owned());
            }
        }
    }
    blocks
}

/// Why an example is not run here, if it is not.
fn left_out(command: &str) -> Option<String> {
    if command.contains("127.0.0.1") {
        return Some("needs a server started first".to_owned());
    }
    if command.contains("benches/") {
        return Some("a benchmark".to_owned());
    }
    for segment in command.split('|').skip(1) {
        let program = segment.split_whitespace().next().unwrap_or_default();
        let found = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {program}"))
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Some(format!("{program} is not installed"));
        }
    }
    None
}

/// A temporary directory with links to the checkout's folders the examples read.
fn workdir() -> tempfile::TempDir {
    let dir = tempdir();
    for folder in ["data", "tests", "queries", "ontology"] {
        std::os::unix::fs::symlink(root().join(folder), dir.path().join(folder)).expect("symlink");
    }
    dir
}

const MARK: &str = "@@dipkg-readme-exit";

/// Runs a block's commands in one shell; returns each command's output and
/// exit code.
fn run_block(dir: &Path, examples: &[&Example]) -> Vec<(String, i32)> {
    let bin = Path::new(env!("CARGO_BIN_EXE_dipkg"))
        .parent()
        .expect("binary folder")
        .to_owned();
    let mut script = String::new();
    for example in examples {
        // Keep $? for a following `echo $?`.
        script.push_str(&format!(
            "{} 2>&1\n__rc=$?; printf '\\n{MARK} %s\\n' $__rc; (exit $__rc)\n",
            example.command
        ));
    }
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(&script).current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("DIPKG_") || key == "NO_COLOR" || key == "COLUMNS" {
            cmd.env_remove(key);
        }
    }
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", bin.display()));
    let out = cmd.output().expect("sh runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut results = Vec::new();
    let mut output = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(code) = line.trim_end().strip_prefix(MARK) {
            let code = code.trim().parse().unwrap_or(-1);
            // The mark starts on a line of its own: drop that line break.
            let body = output.strip_suffix('\n').unwrap_or(&output).to_owned();
            results.push((body, code));
            output.clear();
        } else {
            output.push_str(line);
        }
    }
    results
}

#[test]
fn every_console_example_of_the_readme_runs_as_shown() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let blocks = blocks(&readme);
    assert!(blocks.len() >= 8, "console blocks: {}", blocks.len());
    let mut ran = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    for block in &blocks {
        let kept: Vec<&Example> = block
            .iter()
            .filter(|e| match left_out(&e.command) {
                Some(why) => {
                    skipped.push(format!("{} ({why})", e.command));
                    false
                }
                None => true,
            })
            .collect();
        if kept.is_empty() {
            continue;
        }
        let dir = workdir();
        let results = run_block(dir.path(), &kept);
        assert_eq!(
            results.len(),
            kept.len(),
            "every command reported: {results:?}"
        );
        for (i, (example, (output, code))) in kept.iter().zip(&results).enumerate() {
            ran += 1;
            let checked_by_next = kept
                .get(i + 1)
                .is_some_and(|next| next.command.trim() == "echo $?");
            if *code != 0 && !checked_by_next {
                failures.push(format!(
                    "$ {}\nexit code {code}, not 0:\n{output}",
                    example.command
                ));
                continue;
            }
            if !example.shown.is_empty() {
                let got: Vec<&str> = output.lines().map(str::trim_end).collect();
                let want: Vec<&str> = example.shown.iter().map(|l| l.trim_end()).collect();
                if got != want {
                    failures.push(format!(
                        "$ {}\nthe README shows:\n{}\nit printed:\n{}",
                        example.command,
                        want.join("\n"),
                        got.join("\n")
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} README examples differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(ran >= 15, "ran {ran} examples; left out: {skipped:?}");
}
