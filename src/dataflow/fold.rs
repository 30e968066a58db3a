//! Constant folding: what Python computes from constants, for the operations that decide
//! branches (`if 7 * 18 + num > 200:`, `if "abc"[1] == "x":`, `if 'should' in bar:`) and
//! the strings a sink or a route is given. Anything it does not know is `None`, never a
//! guess.

use super::value::Const;
use ruff_python_ast::{CmpOp, Operator, UnaryOp};
use std::rc::Rc;

/// Longest string folding builds: a constant that grows past this is no longer tracked.
const MAX_STR: usize = 4096;

/// `a op b`.
pub fn binary(op: Operator, a: &Const, b: &Const) -> Option<Const> {
    match (a, b) {
        (Const::Int(x), Const::Int(y)) => int_binary(op, *x, *y).map(Const::Int),
        (Const::Bool(_), _) | (_, Const::Bool(_)) => {
            binary(op, &Const::Int(as_int(a)?), &Const::Int(as_int(b)?))
        }
        (Const::Str(x), Const::Str(y)) if op == Operator::Add => {
            (x.len() + y.len() <= MAX_STR).then(|| Const::Str(format!("{x}{y}").into()))
        }
        (Const::Str(x), Const::Int(n)) | (Const::Int(n), Const::Str(x)) if op == Operator::Mult => {
            let n = usize::try_from(*n).unwrap_or(0);
            (x.len().saturating_mul(n) <= MAX_STR).then(|| Const::Str(x.repeat(n).into()))
        }
        _ => None,
    }
}

fn as_int(c: &Const) -> Option<i64> {
    match c {
        Const::Int(i) => Some(*i),
        Const::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn int_binary(op: Operator, x: i64, y: i64) -> Option<i64> {
    match op {
        Operator::Add => x.checked_add(y),
        Operator::Sub => x.checked_sub(y),
        Operator::Mult => x.checked_mul(y),
        Operator::FloorDiv => {
            (y != 0).then(|| x.div_euclid(y) - i64::from(x.rem_euclid(y) != 0 && y < 0))
        }
        Operator::Mod => (y != 0).then(|| ((x % y) + y) % y),
        Operator::Pow => u32::try_from(y).ok().and_then(|e| x.checked_pow(e)),
        Operator::LShift => u32::try_from(y)
            .ok()
            .filter(|s| *s < 63)
            .and_then(|s| x.checked_shl(s)),
        Operator::RShift => u32::try_from(y).ok().filter(|s| *s < 63).map(|s| x >> s),
        Operator::BitAnd => Some(x & y),
        Operator::BitOr => Some(x | y),
        Operator::BitXor => Some(x ^ y),
        _ => None,
    }
}

/// `op a`.
pub fn unary(op: UnaryOp, a: &Const) -> Option<Const> {
    match op {
        UnaryOp::Not => Some(Const::Bool(!a.truthy())),
        UnaryOp::USub => as_int(a).and_then(i64::checked_neg).map(Const::Int),
        UnaryOp::UAdd => as_int(a).map(Const::Int),
        UnaryOp::Invert => as_int(a).map(|i| Const::Int(!i)),
    }
}

/// `a op b` for one comparison operator; `None` when it cannot be decided.
pub fn compare(op: CmpOp, a: &Const, b: &Const) -> Option<bool> {
    use std::cmp::Ordering;
    let order = match (a, b) {
        (Const::Str(x), Const::Str(y)) => Some(x.cmp(y)),
        _ => match (as_int(a), as_int(b)) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => None,
        },
    };
    match op {
        CmpOp::Eq => Some(equal(a, b)?),
        CmpOp::NotEq => Some(!equal(a, b)?),
        CmpOp::Lt => order.map(|o| o == Ordering::Less),
        CmpOp::LtE => order.map(|o| o != Ordering::Greater),
        CmpOp::Gt => order.map(|o| o == Ordering::Greater),
        CmpOp::GtE => order.map(|o| o != Ordering::Less),
        CmpOp::In => contains(b, a),
        CmpOp::NotIn => contains(b, a).map(|x| !x),
        CmpOp::Is => match (a, b) {
            (Const::None, Const::None) => Some(true),
            (Const::None, _) | (_, Const::None) => Some(false),
            _ => None,
        },
        CmpOp::IsNot => match (a, b) {
            (Const::None, Const::None) => Some(false),
            (Const::None, _) | (_, Const::None) => Some(true),
            _ => None,
        },
    }
}

fn equal(a: &Const, b: &Const) -> Option<bool> {
    match (a, b) {
        (Const::Str(x), Const::Str(y)) => Some(x == y),
        (Const::None, Const::None) => Some(true),
        (Const::None, _) | (_, Const::None) => Some(false),
        (Const::Str(_), _) | (_, Const::Str(_)) => Some(false),
        _ => Some(as_int(a)? == as_int(b)?),
    }
}

/// `needle in haystack` for a string haystack.
fn contains(haystack: &Const, needle: &Const) -> Option<bool> {
    match (haystack, needle) {
        (Const::Str(h), Const::Str(n)) => Some(h.contains(&**n)),
        _ => None,
    }
}

/// `s[i]` of a string.
pub fn index(s: &Const, i: i64) -> Option<Const> {
    let Const::Str(s) = s else { return None };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as i64;
    let i = if i < 0 { len + i } else { i };
    (0..len)
        .contains(&i)
        .then(|| Const::Str(chars[i as usize].to_string().into()))
}

/// `s[lower:upper]` of a string (no step).
pub fn slice(s: &Const, lower: Option<i64>, upper: Option<i64>) -> Option<Const> {
    let Const::Str(s) = s else { return None };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len() as i64;
    let clamp = |i: i64| {
        let i = if i < 0 { len + i } else { i };
        i.clamp(0, len) as usize
    };
    let (a, b) = (clamp(lower.unwrap_or(0)), clamp(upper.unwrap_or(len)));
    let text: String = if a < b {
        chars[a..b].iter().collect()
    } else {
        String::new()
    };
    Some(Const::Str(Rc::from(text)))
}

/// What a `str` method called on a constant with constant arguments returns, for the few
/// that decide branches and build paths.
pub fn str_method(s: &str, method: &str, args: &[Option<Const>]) -> Option<Const> {
    let arg_str = |i: usize| match args.get(i) {
        Some(Some(Const::Str(a))) => Some(a.clone()),
        _ => None,
    };
    Some(match method {
        "lower" => Const::Str(s.to_lowercase().into()),
        "upper" => Const::Str(s.to_uppercase().into()),
        "strip" if args.is_empty() => Const::Str(s.trim().into()),
        "startswith" => Const::Bool(s.starts_with(&*arg_str(0)?)),
        "endswith" => Const::Bool(s.ends_with(&*arg_str(0)?)),
        "replace" if args.len() == 2 => {
            let out = s.replace(&*arg_str(0)?, &arg_str(1)?);
            (out.len() <= MAX_STR).then(|| Const::Str(out.into()))?
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Const {
        Const::Str(text.into())
    }

    #[test]
    fn arithmetic_and_comparisons_fold_as_python_does() {
        let n = binary(Operator::Mult, &Const::Int(7), &Const::Int(18)).unwrap();
        let n = binary(Operator::Add, &n, &Const::Int(106)).unwrap();
        assert_eq!(compare(CmpOp::Gt, &n, &Const::Int(200)), Some(true));
        let m = binary(Operator::Sub, &Const::Int(294), &Const::Int(106)).unwrap();
        assert_eq!(compare(CmpOp::Gt, &m, &Const::Int(200)), Some(false));
        assert_eq!(
            binary(Operator::FloorDiv, &Const::Int(-7), &Const::Int(2)),
            Some(Const::Int(-4))
        );
        assert_eq!(
            binary(Operator::Mod, &Const::Int(-7), &Const::Int(3)),
            Some(Const::Int(2))
        );
        assert_eq!(binary(Operator::Div, &Const::Int(1), &Const::Int(0)), None);
        assert_eq!(
            compare(CmpOp::In, &s("should"), &s("This should never happen")),
            Some(true)
        );
        assert_eq!(compare(CmpOp::NotIn, &s("x"), &s("abc")), Some(true));
        assert_eq!(index(&s("ABC"), 1), Some(s("B")));
        assert_eq!(index(&s("ABC"), -1), Some(s("C")));
        assert_eq!(index(&s("ABC"), 3), None);
        assert_eq!(slice(&s("help me"), Some(4), Some(-1)), Some(s(" m")));
        assert_eq!(compare(CmpOp::Eq, &s("1"), &Const::Int(1)), Some(false));
        assert_eq!(unary(UnaryOp::Not, &s("")), Some(Const::Bool(true)));
        assert_eq!(binary(Operator::Pow, &Const::Int(2), &Const::Int(70)), None);
    }
}
