//! Never run what the repository configures: every hook, filter, textconv, fsmonitor, pager,
//! editor and helper a repository can make git run is armed, and no scan may spring one.

use super::{markers_in, run};
use crate::common::TestRepo;
use std::path::Path;

/// Every program a repository can make git run, each leaving its own marker file when run.
fn arm_traps(repo: &TestRepo, markers: &Path) {
    let touch = |name: &str| format!("touch '{}'", markers.join(name).display());
    let hook_dirs = [repo.path().join(".git/hooks"), repo.path().join("myhooks")];
    for dir in &hook_dirs {
        std::fs::create_dir_all(dir).unwrap();
        for hook in [
            "pre-commit",
            "post-checkout",
            "post-index-change",
            "reference-transaction",
            "fsmonitor-watchman",
            "pre-auto-gc",
            "post-rewrite",
        ] {
            let path = dir.join(hook);
            std::fs::write(
                &path,
                format!("#!/bin/sh\n{}\n", touch(&format!("hook-{hook}"))),
            )
            .unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let settings = [
        ("core.hooksPath", "myhooks".to_owned()),
        ("core.fsmonitor", touch("fsmonitor")),
        ("core.pager", touch("pager")),
        ("pager.diff", touch("pager-diff")),
        ("core.editor", touch("editor")),
        ("core.askPass", touch("askpass")),
        ("core.sshCommand", touch("ssh")),
        ("credential.helper", format!("!{}", touch("credential"))),
        ("diff.external", touch("diff-external")),
        ("diff.evil.textconv", format!("{} ; cat", touch("textconv"))),
        ("diff.evil.command", touch("diff-command")),
        ("filter.evil.clean", format!("{} ; cat", touch("clean"))),
        ("filter.evil.smudge", format!("{} ; cat", touch("smudge"))),
        ("filter.evil.process", touch("filter-process")),
        ("filter.evil.required", "true".to_owned()),
        ("gpg.program", touch("gpg")),
        ("core.gitProxy", touch("gitproxy")),
    ];
    for (key, value) in settings {
        repo.git(&["config", key, &value]);
    }
}

#[test]
fn never_runs_what_the_repository_configures() {
    let repo = TestRepo::new();
    let markers = tempfile::tempdir().unwrap();
    repo.write(".gitattributes", "* diff=evil filter=evil\n");
    repo.write("a.py", "x = 1\n");
    repo.commit_all("base");
    repo.write("a.py", "x = 1\neval(x)\n");
    repo.commit_all("eval");
    repo.write("b.py", "exec(y)\n");
    repo.git(&["add", "b.py"]);
    arm_traps(&repo, markers.path());
    for args in [
        vec!["staged"],
        vec!["commit", "HEAD"],
        vec!["range", "HEAD~1..HEAD"],
        vec!["range", "HEAD", "--format", "review"],
        vec!["range", "HEAD", "--format", "json", "--scope", "file"],
    ] {
        let (code, out, _) = run(&repo, &args);
        assert_eq!(code, 1, "{args:?}: {out}");
    }
    assert_eq!(markers_in(markers.path()), Vec::<String>::new());
    // The traps are live: git itself springs them.
    let _ = repo.git_output(&["status"]);
    let _ = repo.git_output(&["diff", "--no-ext-diff", "--textconv", "HEAD~1", "HEAD"]);
    let _ = repo.git_output(&["add", "a.py"]);
    let sprung = markers_in(markers.path());
    assert!(sprung.contains(&"fsmonitor".to_owned()), "{sprung:?}");
    assert!(sprung.contains(&"filter-process".to_owned()), "{sprung:?}");
}
