//! Bandit's call blacklist (`bandit/blacklists/calls.py`) as a table: each entry is a rule
//! whose check is the list of qualified names it flags (a trailing `*` matches a prefix).

use super::{Aspect, Check, Level, Rule};

/// One blacklisted-call rule per Bandit id.
pub static RULES: &[Rule] = &[
    Rule {
        id: "B301",
        name: "pickle",
        severity: Level::Medium,
        confidence: Level::High,
        aspect: Aspect::ExternalInputs,
        message: "Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.",
        doc: "## What it does\nFlags deserialisation with `pickle`, `cPickle`, `dill`, `shelve`, `jsonpickle` and `pandas.read_pickle` (Bandit B301).\n\n## Why is this bad?\nUnpickling runs code chosen by whoever wrote the data: never unpickle anything that crossed a trust boundary.\n\n## Example\n```python\nobj = pickle.loads(request.body)\n```\n",
        kinds: &[],
        check: Check::Calls(&[
            "pickle.loads",
            "pickle.load",
            "pickle.Unpickler",
            "dill.loads",
            "dill.load",
            "dill.Unpickler",
            "shelve.open",
            "shelve.DbfilenameShelf",
            "jsonpickle.decode",
            "jsonpickle.unpickler.decode",
            "jsonpickle.unpickler.Unpickler",
            "pandas.read_pickle",
        ]),
    },
    Rule {
        id: "B307",
        name: "eval",
        severity: Level::Medium,
        confidence: Level::High,
        aspect: Aspect::ExternalInputs,
        message: "Use of possibly insecure function - consider using safer ast.literal_eval.",
        doc: "## What it does\nFlags calls to the builtin `eval` (Bandit B307).\n\n## Why is this bad?\n`eval` runs any expression, including `__import__('os').system(...)`. To read a literal, use `ast.literal_eval`.\n\n## Example\n```python\nvalue = eval(request.args['n'])\n```\n",
        kinds: &[],
        check: Check::Calls(&["eval"]),
    },
];
