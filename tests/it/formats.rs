//! `--format sarif` and `--format github` on real repositories with the real binary.

use crate::common::TestRepo;
use serde_json::{json, Value};

/// One high (B602), one medium (B307) and one low (B101) finding, on lines 5, 6 and 7.
const THREE_LEVELS: &str = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n    x = eval(cmd)\n    assert x\n";

/// Runs hunkguard with `args` and returns its exit code and stdout. B404 (importing
/// `subprocess`) is left out so that the fixtures keep exactly three findings.
fn run(repo: &TestRepo, args: &[&str]) -> (i32, String) {
    let out = repo
        .hunkguard()
        .args(args)
        .args(["--ignore", "B404"])
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 output"),
    )
}

fn scan_sarif(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    let (code, stdout) = run(repo, &[args, &["--format", "sarif"]].concat());
    let doc = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); exit {code}: {stdout}"));
    (code, doc)
}

/// The official SARIF 2.1.0 schema, compiled offline: its `$schema` is draft-07, which the
/// validator knows without fetching, and every `$ref` in it is local.
fn sarif_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("../contract/sarif-2.1.0.schema.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("SARIF schema compiles")
}

fn assert_valid_sarif(doc: &Value) {
    let errors: Vec<String> = sarif_validator()
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let repo = TestRepo::new();
    repo.write("pkg/app.py", THREE_LEVELS);
    repo.commit_all("one");
    // A path that is not a valid URI as it stands: a space, `#`, and non-ASCII.
    repo.write("my dir/#é.py", "import hashlib\nh = hashlib.md5(b'x')\n");
    repo.commit_all("two");
    let (code, doc) = scan_sarif(&repo, &["range", "HEAD"]);
    assert_eq!(code, 1);
    assert_valid_sarif(&doc);
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "hunkguard");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let uris: Vec<&str> = results(&doc)
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "pkg/app.py",
            "pkg/app.py",
            "pkg/app.py",
            "my%20dir/%23%C3%A9.py"
        ]
    );

    // The validator is not vacuous: it rejects a result without a message, and (formats
    // checked) a uri that is not a URI reference.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!sarif_validator().is_valid(&broken));
    let mut raw_path = doc.clone();
    raw_path["runs"][0]["results"][3]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"] = json!("my dir/#é.py");
    assert!(!sarif_validator().is_valid(&raw_path));

    // A scan with nothing to report is still a valid log, with an empty results array.
    let (code, clean) = scan_sarif(&repo, &["range", "HEAD..HEAD"]);
    assert_eq!(code, 0);
    assert_valid_sarif(&clean);
    assert_eq!(clean["runs"][0]["results"], json!([]));
    assert_eq!(clean["runs"][0]["tool"]["driver"]["rules"], json!([]));
}

#[test]
fn sarif_results_carry_rules_levels_fingerprints_and_commits() {
    let repo = TestRepo::new();
    repo.write("pkg/app.py", THREE_LEVELS);
    let first = repo.commit_all("one");
    repo.write(
        "pkg/other.py",
        "import subprocess\nsubprocess.run(c, shell=True)\n",
    );
    let second = repo.commit_all("two");
    let (_, doc) = scan_sarif(&repo, &["range", "HEAD"]);
    let (_, json_doc) = repo.scan_json(&["range", "HEAD", "--ignore", "B404"]);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["B101", "B307", "B602"]);
    let b602 = &rules[2];
    assert_eq!(b602["name"], "subprocess-popen-with-shell-equals-true");
    assert_eq!(
        b602["shortDescription"]["text"],
        "subprocess call with shell=True identified, security issue."
    );
    assert!(b602["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Flags `subprocess` calls"));
    assert!(b602["help"]["markdown"]
        .as_str()
        .unwrap()
        .starts_with("## What it does\n"));
    assert!(!b602["help"]["text"].as_str().unwrap().contains("## "));
    assert_eq!(b602["defaultConfiguration"]["level"], "error");
    assert_eq!(b602["properties"]["security-severity"], "8.0");
    assert_eq!(
        b602["properties"]["tags"],
        json!(["security", "external/cwe/cwe-78"])
    );
    assert_eq!(b602["properties"]["cwe"], 78);
    assert_eq!(rules[1]["properties"]["security-severity"], "5.0");
    assert_eq!(rules[0]["properties"]["security-severity"], "2.0");

    let json_findings: Vec<&Value> = json_doc["commits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .collect();
    let results = results(&doc);
    assert_eq!(results.len(), 4);
    assert_eq!(results.len(), json_findings.len());
    for (r, f) in results.iter().zip(&json_findings) {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            r["ruleId"], rules[index]["id"],
            "ruleIndex points at the rule"
        );
        assert_eq!(r["ruleId"], f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], f["message"]);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], f["path"]);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], f["line"]);
        assert_eq!(location["region"]["startColumn"], f["column"]);
        assert_eq!(location["region"]["endLine"], f["end_line"]);
        assert_eq!(location["region"]["endColumn"], f["end_column"]);
        assert_eq!(r["partialFingerprints"]["hunkguard/v1"], f["fingerprint"]);
        assert_eq!(r["properties"]["scope"], f["scope"]);
        assert_eq!(r["properties"]["confidence"], f["confidence"]);
        assert_eq!(r["properties"]["in_test"], f["in_test"]);
    }
    let levels: Vec<&str> = results[..3]
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "note"]);
    let commits: Vec<&str> = results
        .iter()
        .map(|r| r["properties"]["commit"].as_str().unwrap())
        .collect();
    assert_eq!(commits, [&first, &first, &first, &second]);
    assert_eq!(
        doc["runs"][0]["properties"]["commits"],
        json!([first, second])
    );
}

#[test]
fn sarif_goes_to_the_output_file() {
    let repo = TestRepo::new();
    repo.write("app.py", THREE_LEVELS);
    repo.commit_all("one");
    let (code, stdout) = run(
        &repo,
        &[
            "commit",
            "HEAD",
            "--format",
            "sarif",
            "--output",
            "out.sarif",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("out.sarif")).unwrap()).unwrap();
    assert_valid_sarif(&doc);
    assert_eq!(results(&doc).len(), 3);
}

#[test]
fn github_writes_one_annotation_per_finding() {
    let repo = TestRepo::new();
    repo.write("app.py", THREE_LEVELS);
    let id = repo.commit_all("one");
    let short = &id[..10];
    let (code, stdout) = run(&repo, &["commit", "HEAD", "--format", "github"]);
    assert_eq!(code, 1);
    let expected = format!(
        "::error file=app.py,line=5,col=32,endColumn=35,title=B602 subprocess-popen-with-shell-equals-true::subprocess call with shell=True identified, security issue. [confidence: high; scope: run; commit: {short}]\n\
         ::warning file=app.py,line=6,col=9,endColumn=17,title=B307 eval::Use of possibly insecure function - consider using safer ast.literal_eval. [confidence: high; scope: run; commit: {short}]\n\
         ::notice file=app.py,line=7,col=5,endColumn=12,title=B101 assert-used::Use of assert detected. The enclosed code will be removed when compiling to optimised byte code. [confidence: high; scope: run; commit: {short}]\n\
         hunkguard: commit {short}: 3 findings (1 high, 1 medium, 1 low) in 1 file, 7 changed lines\n"
    );
    assert_eq!(stdout, expected);

    // A commit with nothing to judge says so in one plain line.
    repo.write("README", "text\n");
    let id = repo.commit_all("docs");
    let (code, stdout) = run(&repo, &["commit", "HEAD", "--format", "github"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        format!("hunkguard: commit {}: no changed Python lines\n", &id[..10])
    );
}

#[test]
fn github_escapes_paths_and_messages() {
    let repo = TestRepo::new();
    // `,` and `:` would end a property; `%`, CR and LF would end or forge a command.
    repo.write("a,b:c/x.py", "password = '%\\nrest'\n");
    repo.write("evil\n::error::forged.py", "password = 'hunter2'\n");
    repo.commit_all("one");
    let (code, stdout) = run(&repo, &["commit", "HEAD", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("::notice file=a%2Cb%3Ac/x.py,line=1,col=12,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("::Possible hardcoded password: '%25%0A***' [confidence: medium;"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::notice file=evil%0A%3A%3Aerror%3A%3Aforged.py,line=1,"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("hunkguard: commit "));
    assert!(lines.iter().all(|l| !l.starts_with("::error")));
}
