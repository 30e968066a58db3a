//! Configuration files: `[tool.hunkguard]` in `pyproject.toml`, or `.hunkguard.toml`, at the
//! root of the scanned repository's work tree, or an explicit `--config FILE`. Always the work
//! tree's, never a commit's: a change under review must not choose the rules it is judged by.
//! Command-line options win over the file ([`Config::merge`]).

use crate::model::{Level, Named, ScopeMode, TestMode};
use anyhow::{anyhow, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The settings a file may give. Keys are kebab-case, as in Ruff's and Bandit's files.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    #[serde(default, deserialize_with = "fail_on")]
    pub fail_on: Option<Level>,
    #[serde(default, deserialize_with = "scope")]
    pub scope: Option<ScopeMode>,
    #[serde(default, deserialize_with = "tests")]
    pub tests: Option<TestMode>,
    /// Glob patterns of paths never scanned.
    pub exclude: Option<Vec<String>>,
    /// Glob pattern → rules ignored in matching paths.
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// A baseline file, relative to the configuration file.
    pub baseline: Option<PathBuf>,
    pub max_file_size: Option<usize>,
    /// Where the settings came from, for error messages.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyProjectTool>,
}

#[derive(Deserialize)]
struct PyProjectTool {
    hunkguard: Option<toml::Value>,
}

impl Config {
    /// Loads `explicit` if given, else the first of `.hunkguard.toml` and `pyproject.toml`
    /// (with a `[tool.hunkguard]` table) in `root`. No file: the defaults.
    pub fn load(root: Option<&Path>, explicit: Option<&Path>) -> Result<Config> {
        if let Some(path) = explicit {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow!("cannot read config {}: {e}", path.display()))?;
            return if path.file_name().is_some_and(|n| n == "pyproject.toml") {
                Self::from_pyproject(path, &text).map(Option::unwrap_or_default)
            } else {
                Self::parse(path, &text)
            };
        }
        let Some(root) = root else {
            return Ok(Config::default());
        };
        let own = root.join(".hunkguard.toml");
        if own.is_file() {
            let text = std::fs::read_to_string(&own)
                .map_err(|e| anyhow!("cannot read config {}: {e}", own.display()))?;
            return Self::parse(&own, &text);
        }
        let pyproject = root.join("pyproject.toml");
        if pyproject.is_file() {
            let text = std::fs::read_to_string(&pyproject)
                .map_err(|e| anyhow!("cannot read config {}: {e}", pyproject.display()))?;
            if let Some(config) = Self::from_pyproject(&pyproject, &text)? {
                return Ok(config);
            }
        }
        Ok(Config::default())
    }

    fn from_pyproject(path: &Path, text: &str) -> Result<Option<Config>> {
        let doc: PyProject = toml::from_str(text)
            .map_err(|e| anyhow!("{}: {}", path.display(), one_line(&e.to_string())))?;
        let Some(table) = doc.tool.and_then(|t| t.hunkguard) else {
            return Ok(None);
        };
        let mut config: Config = table.try_into().map_err(|e: toml::de::Error| {
            anyhow!(
                "{}: [tool.hunkguard]: {}",
                path.display(),
                one_line(&e.to_string())
            )
        })?;
        config.source = Some(path.to_path_buf());
        config.validate()?;
        Ok(Some(config))
    }

    fn parse(path: &Path, text: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(text)
            .map_err(|e| anyhow!("{}: {}", path.display(), one_line(&e.to_string())))?;
        config.source = Some(path.to_path_buf());
        config.validate()?;
        Ok(config)
    }

    fn name(&self) -> String {
        self.source
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "configuration".into())
    }

    fn validate(&self) -> Result<()> {
        for list in [&self.select, &self.ignore].into_iter().flatten() {
            crate::rules::RuleSet::from_lists(list, &[])
                .with_context(|| format!("{}: select/ignore", self.name()))?;
        }
        self.path_filter()?;
        Ok(())
    }

    /// The compiled `exclude` and `per-file-ignores` patterns.
    pub fn path_filter(&self) -> Result<PathFilter> {
        let mut exclude = GlobSetBuilder::new();
        for pattern in self.exclude.iter().flatten() {
            exclude.add(glob(pattern).with_context(|| format!("{}: exclude", self.name()))?);
        }
        let mut ignores = Vec::new();
        for (pattern, rules) in self.per_file_ignores.iter().flatten() {
            let set = crate::rules::RuleSet::from_lists(rules, &[])
                .with_context(|| format!("{}: per-file-ignores '{pattern}'", self.name()))?;
            let matcher = glob(pattern)
                .with_context(|| format!("{}: per-file-ignores", self.name()))?
                .compile_matcher();
            let ids = crate::rules::all_rules()
                .iter()
                .enumerate()
                .filter(|(i, _)| set.is_enabled(*i))
                .map(|(_, r)| r.id)
                .collect();
            ignores.push((matcher, ids));
        }
        Ok(PathFilter {
            exclude: exclude.build()?,
            ignores,
        })
    }

    /// The settings of a scan: each command-line value, else this file's, else the default.
    pub fn merge(&self, cli: Overrides) -> Result<Settings> {
        let pick_list = |cli: Vec<String>, file: &Option<Vec<String>>| {
            if cli.is_empty() {
                file.clone().unwrap_or_default()
            } else {
                cli
            }
        };
        Ok(Settings {
            select: pick_list(cli.select, &self.select),
            ignore: pick_list(cli.ignore, &self.ignore),
            fail_on: cli.fail_on.or(self.fail_on).unwrap_or(Level::Low),
            scope: cli.scope.or(self.scope).unwrap_or_default(),
            tests: cli.tests.or(self.tests).unwrap_or_default(),
            max_file_bytes: cli
                .max_file_size
                .or(self.max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_BYTES),
            baseline: cli.baseline.or_else(|| self.baseline_path()),
            paths: self.path_filter()?,
        })
    }

    /// The baseline path, resolved against the directory of the configuration file.
    pub fn baseline_path(&self) -> Option<PathBuf> {
        let base = self.baseline.as_ref()?;
        let dir = self
            .source
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        Some(dir.join(base))
    }
}

/// Files larger than this are skipped with a note unless `max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// What the command line gives for the settings a file may also give (`None`/empty: not given).
#[derive(Debug, Default)]
pub struct Overrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Level>,
    pub scope: Option<ScopeMode>,
    pub tests: Option<TestMode>,
    pub max_file_size: Option<usize>,
    pub baseline: Option<PathBuf>,
}

/// The merged settings of one scan.
#[derive(Debug, Clone)]
pub struct Settings {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Level,
    pub scope: ScopeMode,
    pub tests: TestMode,
    pub max_file_bytes: usize,
    pub baseline: Option<PathBuf>,
    pub paths: PathFilter,
}

/// Reads a [`Named`] value by its exact name, as the command line does; `key` is for the
/// error message.
fn named<'de, D: Deserializer<'de>, T: Named>(
    d: D,
    key: &str,
) -> std::result::Result<Option<T>, D::Error> {
    let text = String::deserialize(d)?;
    T::from_name(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "{key} = '{text}' is not allowed (one of: {})",
            T::names().join(", ")
        ))
    })
}

/// A `deserialize_with` function for the [`Named`] setting under `key`.
macro_rules! named_setting {
    ($fn:ident, $key:literal, $ty:ty) => {
        fn $fn<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<$ty>, D::Error> {
            named(d, $key)
        }
    };
}

named_setting!(fail_on, "fail-on", Level);
named_setting!(scope, "scope", ScopeMode);
named_setting!(tests, "tests", TestMode);

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A pattern as users write it: `tests/**`, `*.pyi`, `docs/` (a directory and what is in it).
fn glob(pattern: &str) -> Result<Glob> {
    let pattern = match pattern.strip_suffix('/') {
        Some(dir) => format!("{dir}/**"),
        None => pattern.to_owned(),
    };
    let mut builder = globset::GlobBuilder::new(&pattern);
    builder.literal_separator(false);
    builder
        .build()
        .map_err(|e| anyhow!("bad glob '{pattern}': {}", e.kind()))
}

/// Which paths are skipped, and which rules are off for which paths.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    exclude: GlobSet,
    ignores: Vec<(globset::GlobMatcher, Vec<&'static str>)>,
}

impl PathFilter {
    /// Whether a path is excluded from scanning.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude.is_match(path)
    }

    /// Whether rule `id` is ignored for `path`.
    pub fn ignores(&self, path: &str, id: &str) -> bool {
        self.ignores
            .iter()
            .any(|(m, ids)| ids.contains(&id) && m.is_match(path))
    }
}
