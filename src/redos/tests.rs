use super::*;

fn v(p: &str, mode: Mode) -> Verdict {
    analyse_uncached(p, Flags::default(), mode, DEFAULT_BUDGET).verdict
}

#[test]
fn smoke() {
    for (p, m) in [
        ("(a+)+$", Mode::Match),
        ("(a|a)*b", Mode::Match),
        ("(a*)*b", Mode::Match),
        (r"\s*x", Mode::Search),
        (r"\d+\d+$", Mode::Match),
        (r"^[a-z]+$", Mode::Search),
        (r"(\r\n|\r|\n)+ *$", Mode::Search),
        (r"\d+\.\d+", Mode::Match),
        (r"(?:\w+\.)*\w+", Mode::Match),
    ] {
        eprintln!("{p:20} {m:?} {:?}", v(p, m));
    }
}

#[test]
fn cache_returns_the_same_analysis() {
    let a = analyse_full(r"(x+x+)+y", Flags::default(), Mode::Match);
    let b = analyse_full(r"(x+x+)+y", Flags::default(), Mode::Match);
    assert!(Arc::ptr_eq(&a, &b));
    assert!(cache::len() >= 1 && cache::len() <= cache::CAPACITY);
    assert!(matches!(a.verdict, Verdict::Exponential { .. }));
}
