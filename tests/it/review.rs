//! Golden tests of `--format review`: realistic commits, reviewed snapshots (`insta`).

use crate::common::TestRepo;

fn review(repo: &TestRepo, args: &[&str]) -> String {
    let out = repo
        .hunkguard()
        .args(args)
        .args(["--format", "review"])
        .output()
        .expect("runs");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{out:?}"
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The shape of the seed review: a commit that adds a functional test with a fake driver,
/// mocks and assertions, and touches nothing else.
#[test]
fn seed_like_change_touching_only_tests() {
    let repo = TestRepo::new();
    repo.write("nova/compute/manager.py", "class ComputeManager:\n    def finish_resize(self, ctx, instance):\n        return self.driver.finish_migration(ctx, instance)\n");
    repo.commit_all("base");
    repo.write(
        "nova/tests/functional/test_servers.py",
        r#"from unittest import mock

from nova.tests.functional import integrated_helpers


class FakeFinishMigrationFailDriver:
    def finish_migration(self, *args, **kwargs):
        raise RuntimeError("finish_migration failed")


class TestResizeFailure(integrated_helpers.ProviderUsageBaseTestCase):
    @mock.patch("nova.virt.fake.FakeDriver.finish_migration")
    def test_resize_cross_host_fails_in_finish(self, finish):
        finish.side_effect = FakeFinishMigrationFailDriver().finish_migration
        server = self._boot_and_check_allocations(self.flavor1, "host1")
        try:
            self._resize_server(server, self.flavor2)
        except RuntimeError:
            raise
        server = self._wait_for_state_change(server, "ERROR")
        assert server["status"] == "ERROR"
        self.assertFlavorMatchesAllocation(self.flavor1, server["id"], "host1")
"#,
    );
    repo.commit_all("Add functional regression test for failed resize");
    insta::assert_snapshot!(review(&repo, &["commit", "HEAD"]));
}

/// A command-line tool that hands its arguments to a shell.
#[test]
fn subprocess_fed_by_argv() {
    let repo = TestRepo::new();
    repo.write("tools/__init__.py", "");
    repo.commit_all("base");
    repo.write(
        "tools/backup.py",
        r#"import subprocess
import sys


def main():
    target = sys.argv[1]
    try:
        subprocess.call("tar czf backup.tgz " + target, shell=True)
    except Exception:
        pass


if __name__ == "__main__":
    main()
"#,
    );
    repo.commit_all("Add backup tool");
    insta::assert_snapshot!(review(&repo, &["commit", "HEAD"]));
}

/// A test class that starts a patcher in setUp and never stops it.
#[test]
fn mock_patch_leaks_out_of_its_test() {
    let repo = TestRepo::new();
    repo.write(
        "app/client.py",
        "import requests\n\n\ndef fetch(url):\n    return requests.get(url, timeout=5).json()\n",
    );
    repo.commit_all("base");
    repo.write(
        "tests/test_client.py",
        r#"import unittest
from unittest import mock

from app import client


class TestFetch(unittest.TestCase):
    def setUp(self):
        self.get = mock.patch("app.client.requests.get").start()

    def test_fetch(self):
        self.get.return_value.json.return_value = {"ok": True}
        self.assertEqual(client.fetch("http://x"), {"ok": True})
"#,
    );
    repo.commit_all("Test fetch with a patched requests.get");
    insta::assert_snapshot!(review(&repo, &["commit", "HEAD"]));
}

/// A range review ends with what the branch leaves behind.
#[test]
fn range_ends_with_the_net_view() {
    let repo = TestRepo::new();
    repo.write("svc/__init__.py", "");
    let base = repo.commit_all("base");
    repo.write("svc/api.py", "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n\n\ndef calc(expr):\n    return eval(expr)\n");
    repo.commit_all("Add api with pickle and eval");
    repo.write("svc/api.py", "import json\n\n\ndef load(blob):\n    return json.loads(blob)\n\n\ndef calc(expr):\n    return eval(expr)\n");
    repo.commit_all("Use json instead of pickle");
    insta::assert_snapshot!(review(&repo, &["range", &format!("{base}..HEAD")]));
}

/// A review under `--select` speaks only for the rules that ran: a shell injection that B602
/// would flag is not called clean when only B101 was selected.
#[test]
fn selected_rules_review_says_what_was_not_checked() {
    let repo = TestRepo::new();
    repo.write("tool.py", "import subprocess\n");
    repo.commit_all("base");
    repo.write(
        "tool.py",
        "import subprocess\n\n\ndef run(x):\n    subprocess.call(x, shell=True)\n",
    );
    repo.commit_all("Run a command");
    let partial = review(&repo, &["commit", "HEAD", "--select", "B101"]);
    assert!(
        !partial.contains("No security defects are detected in the changed code.**"),
        "{partial}"
    );
    assert!(
        partial.contains("by the 1 rule that ran"),
        "the verdict names the selection: {partial}"
    );
    assert!(
        partial.contains("1. **Handling of external inputs**: Not checked"),
        "{partial}"
    );
    assert!(
        !partial.contains("none of the"),
        "no rule counts: {partial}"
    );
    let full = review(&repo, &["commit", "HEAD"]);
    assert!(full.contains("B602"), "{full}");
}
