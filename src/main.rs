//! Entry point: arguments in, exit code out (0 clean, 1 findings, 2 could not scan).

mod cli;

use clap::Parser;
use cli::{Cli, ColorArg, Command, FormatArg, LevelArg, ScanArgs, ScopeArg, TestsArg};
use hunkguard::git::{open_repository, Target};
use hunkguard::hook;
use hunkguard::report::{Format, Style};
use hunkguard::rules::analyze::{AnalysisOptions, TestMode};
use hunkguard::rules::{all_rules, find_rule, Level, RuleSet};
use hunkguard::runner::{self, ScanRequest};
use hunkguard::scan::{Scanner, ScopeMode};
use std::io::IsTerminal;
use std::process::ExitCode;

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
            eprintln!("hunkguard: error: {}", one_line(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

fn one_line(text: &str) -> String {
    hunkguard::report::sanitize::for_terminal(&text.replace('\n', " "))
}

fn run(cli: Cli) -> anyhow::Result<u8> {
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
        Command::Rules => {
            print_rules();
            return Ok(0);
        }
        Command::Explain { rule } => {
            let rule = find_rule(&rule)
                .ok_or_else(|| anyhow::anyhow!("unknown rule '{rule}' (see `hunkguard rules`)"))?;
            println!(
                "{} {} (severity {}, confidence {}; aspect: {})\n",
                rule.id,
                rule.name,
                rule.severity.as_str(),
                rule.confidence.as_str(),
                rule.aspect.title()
            );
            print!("{}", rule.doc);
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

fn print_rules() {
    println!(
        "{:<6} {:<44} {:<8} {:<10} aspect",
        "id", "name", "severity", "confidence"
    );
    for r in all_rules() {
        println!(
            "{:<6} {:<44} {:<8} {:<10} {}",
            r.id,
            r.name,
            r.severity.as_str(),
            r.confidence.as_str(),
            r.aspect.title()
        );
    }
}

fn scan(target: Target, args: ScanArgs) -> anyhow::Result<u8> {
    let rules = RuleSet::from_lists(&args.select, &args.ignore)?;
    let level = |l: LevelArg| match l {
        LevelArg::Low => Level::Low,
        LevelArg::Medium => Level::Medium,
        LevelArg::High => Level::High,
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
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    };
    let analysis = AnalysisOptions {
        rules,
        tests: match args.tests {
            TestsArg::Aware => TestMode::Aware,
            TestsArg::Strict => TestMode::Strict,
            TestsArg::Skip => TestMode::Skip,
        },
        max_file_bytes: args.max_file_size,
    };
    let scope = match args.scope {
        ScopeArg::Hunk => ScopeMode::Hunk,
        ScopeArg::Function => ScopeMode::Function,
        ScopeArg::File => ScopeMode::File,
    };
    let scanner = Scanner::new(analysis, scope);
    let request = ScanRequest {
        repo: args.repo,
        target,
        format,
        style: Style { color },
        output: args.output,
        fail_on: level(args.fail_on),
        jobs: args.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
    };
    let outcome = runner::run(&request, &scanner)?;
    Ok(if outcome.failed { 1 } else { 0 })
}
