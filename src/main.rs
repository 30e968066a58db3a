//! Entry point: arguments in, exit code out (0 clean, 1 findings, 2 could not scan).

mod cli;

use anyhow::{anyhow, Result};
use clap::Parser;
use cli::{Cli, ColorArg, Command, ScanArgs};
use hunkguard::config::{Config, Overrides};
use hunkguard::git::{open_repository, Target};
use hunkguard::hook;
use hunkguard::model::RunInfo;
use hunkguard::report::{Format, Style};
use hunkguard::rules::{all_rules, find_rule, rule_info, AnalysisOptions, RuleSet};
use hunkguard::runner::{self, ScanRequest};
use hunkguard::scan::Scanner;
use std::io::IsTerminal;
use std::process::ExitCode;

/// The parser allocates and frees every node of every file, and with glibc's allocator that
/// was a sixth of a long range's time. jemalloc (as Ruff uses) took 5 to 11% off a range
/// for about 3 MB more resident memory. libgit2's own allocations stay with glibc.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Exit 2 also when the reader closed stdout (`| head`): see `runner::OutputClosed`.
            runner::warn(&format!(
                "hunkguard: error: {}",
                one_line(&format!("{e:#}"))
            ));
            ExitCode::from(2)
        }
    }
}

fn one_line(text: &str) -> String {
    hunkguard::report::sanitize::for_terminal(&text.replace('\n', " "))
}

fn run(cli: Cli) -> Result<u8> {
    let (target, args) = match cli.command {
        Command::Staged(args) => (Target::Staged, args),
        Command::Commit { rev, args } => (Target::Commit(rev), args),
        Command::Range {
            spec,
            merges,
            exclude_remotes,
            from_env,
            args,
        } => {
            let range = match spec {
                Some(spec) if !from_env => hook::RangeSpec {
                    spec,
                    exclude_remotes,
                },
                _ => {
                    let mut range = hook::range_from_env(|name| std::env::var(name).ok());
                    range.exclude_remotes |= exclude_remotes;
                    range
                }
            };
            let target = Target::Range {
                spec: range.spec,
                merges,
                exclude_remotes: range.exclude_remotes,
            };
            (target, args)
        }
        Command::Install {
            pre_push,
            force,
            repo,
        } => {
            let repo = open_repository(repo.as_deref())?;
            let outcomes = hook::install(&repo, hook::InstallOptions { pre_push, force })?;
            print_outcomes(&outcomes);
            return Ok(0);
        }
        Command::Uninstall { repo } => {
            let repo = open_repository(repo.as_deref())?;
            print_outcomes(&hook::uninstall(&repo)?);
            return Ok(0);
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "hunkguard", &mut text);
            print_out(&String::from_utf8_lossy(&text));
            return Ok(0);
        }
        Command::Rules => {
            print_rules();
            return Ok(0);
        }
        Command::Explain { rule } => {
            let rule = find_rule(&rule)
                .ok_or_else(|| anyhow!("unknown rule '{rule}' (see `hunkguard rules`)"))?;
            print_out(&format!(
                "{} {} (severity {}, confidence {}, CWE-{}; aspect: {})\n\n{}",
                rule.id,
                rule.name,
                rule.severity.as_str(),
                rule.confidence.as_str(),
                rule.cwe,
                rule.aspect.title(),
                rule.doc
            ));
            return Ok(0);
        }
    };
    scan(target, args)
}

fn print_outcomes(outcomes: &[hook::Outcome]) {
    for outcome in outcomes {
        println!("hunkguard: {outcome}");
    }
}

/// Writes to stdout; a reader that went away (`| head`) is not an error worth a panic.
fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn print_rules() {
    let mut text = format!(
        "{:<6} {:<44} {:<8} {:<10} {:<8} aspect\n",
        "id", "name", "severity", "confidence", "cwe"
    );
    for r in all_rules() {
        text += &format!(
            "{:<6} {:<44} {:<8} {:<10} {:<8} {}\n",
            r.id,
            r.name,
            r.severity.as_str(),
            r.confidence.as_str(),
            format!("CWE-{}", r.cwe),
            r.aspect.title()
        );
    }
    print_out(&text);
}

fn scan(target: Target, args: ScanArgs) -> Result<u8> {
    let root = hunkguard::git::open_repository(args.repo.as_deref())
        .ok()
        .and_then(|r| r.workdir().map(|p| p.to_path_buf()));
    let config = Config::load(root.as_deref(), args.config.as_deref())?;
    let settings = config.merge(Overrides {
        select: args.select,
        ignore: args.ignore,
        fail_on: args.fail_on,
        scope: args.scope,
        tests: args.tests,
        max_file_size: args.max_file_size,
        baseline: args.baseline,
    })?;
    let rules = RuleSet::from_lists(&settings.select, &settings.ignore)?;
    let run = RunInfo {
        rules: rules.rules().map(rule_info).collect(),
        rules_known: all_rules().len(),
        fail_on: settings.fail_on,
        scope: settings.scope,
        tests: settings.tests,
        moved_report: false,
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            args.output.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let analysis = AnalysisOptions {
        rules,
        tests: settings.tests,
        max_file_bytes: settings.max_file_bytes,
        facts: args.format == Format::Review,
    };
    let scanner = Scanner::new(analysis, settings.scope, settings.paths);
    let request = ScanRequest {
        repo: args.repo,
        target,
        format: args.format,
        style: Style { color },
        output: args.output,
        run,
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        baseline: settings.baseline,
        write_baseline: args.write_baseline,
        progress: !args.quiet,
    };
    let outcome = runner::run(&request, &scanner)?;
    Ok(if outcome.failed { 1 } else { 0 })
}
