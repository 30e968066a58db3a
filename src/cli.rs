//! The command line, as `CONTRACT.md` specifies it.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use hunkguard::model::{Level, Named, ScopeMode, TestMode};
use hunkguard::report::Format;
use std::path::PathBuf;

/// Parses one of a [`Named`] enum's names (exactly, as the configuration file does), listing
/// them all in `--help`.
fn named<T: Named + Clone + Send + Sync>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::names())
        .map(|name| T::from_name(&name).expect("the parser accepts only the enum's names"))
}

/// Security checks on exactly the Python lines a git change touched.
#[derive(Debug, Parser)]
#[command(name = "hunkguard", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan what `git commit` would record: the index against HEAD.
    Staged(ScanArgs),
    /// Scan one commit against its first parent.
    Commit {
        /// Any revision git understands (HEAD~3, a tag, a short sha).
        rev: String,
        #[command(flatten)]
        args: ScanArgs,
    },
    /// Scan every commit of a range (A..B, A...B, or B for all its history), oldest first.
    Range {
        /// The range.
        #[arg(required_unless_present = "from_env")]
        spec: Option<String>,
        /// Also scan merge commits (against their first parent).
        #[arg(long)]
        merges: bool,
        /// Leave out commits that a remote-tracking branch already has, as
        /// `git rev-list SPEC --not --remotes` does: what pushing a new branch would publish.
        #[arg(long)]
        exclude_remotes: bool,
        /// Take the range from the pre-commit framework's PRE_COMMIT_FROM_REF and
        /// PRE_COMMIT_TO_REF (FROM..TO); with only TO, or neither (then
        /// PRE_COMMIT_LOCAL_BRANCH, else HEAD), its commits not on any remote-tracking branch.
        #[arg(long, conflicts_with = "spec")]
        from_env: bool,
        #[command(flatten)]
        args: ScanArgs,
    },
    /// Install the git pre-commit hook (and pre-push with --pre-push). An existing hook is
    /// kept and run first, unless --force.
    Install {
        /// Also install the pre-push hook, which scans the commits a push would publish.
        #[arg(long)]
        pre_push: bool,
        /// Replace an existing hook instead of chaining to it; it is kept as
        /// <hook>.hunkguard-backup and `uninstall` puts it back.
        #[arg(long)]
        force: bool,
        /// The repository (default: discovered from the current directory).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
    },
    /// Remove the git hooks hunkguard installed, putting back the hooks that were there before.
    Uninstall {
        /// The repository (default: discovered from the current directory).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
    },
    /// List every rule.
    Rules,
    /// Print one rule's documentation.
    Explain {
        /// A rule id (B602) or name.
        rule: String,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Options shared by the scanning commands.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The repository (default: discovered from the current directory).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = named::<Format>(), default_value = "text")]
    pub format: Format,
    /// Read settings from this file instead of `.hunkguard.toml` / `pyproject.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Hide the findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this scan's findings as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Write the report here instead of stdout (atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity [default: low].
    #[arg(long, value_parser = named::<Level>())]
    pub fail_on: Option<Level>,
    /// Only these rules: ids, id prefixes (B6) or names, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Not these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Which findings of a changed file are kept [default: hunk].
    #[arg(long, value_parser = named::<ScopeMode>())]
    pub scope: Option<ScopeMode>,
    /// How test code is judged [default: aware].
    #[arg(long, value_parser = named::<TestMode>())]
    pub tests: Option<TestMode>,
    /// Colors in text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Worker threads (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Files larger than this many bytes are skipped with a note [default: 5 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<usize>,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}
