use super::context::Node;
use super::helpers::{self, BanditValue};
use super::{Check, Context, Hit, Level};
use ruff_python_ast::ExprCall;

crate::declare_rule! {
    /// ## What it does
    /// Flags asymmetric keys generated too small (Bandit B505, `weak_cryptographic_key`,
    /// with its default sizes): RSA and DSA below 2048 bits (high severity below 1024), EC
    /// on a curve below 224 bits. It judges `cryptography`'s
    /// `rsa/dsa/ec.generate_private_key` and PyCrypto/PyCryptodome's `RSA/DSA.generate`
    /// when the size is an integer literal (or, for EC, the curve is named as an attribute
    /// such as `ec.SECP192R1`); as in Bandit, a size in a variable and a curve instance
    /// (`ec.SECP192R1()`) are not judged.
    ///
    /// ## Why is this bad?
    /// Keys this small can be factored or broken with affordable computing power, so
    /// anything they sign or protect can be forged or read.
    ///
    /// ## Example
    /// ```python
    /// rsa.generate_private_key(public_exponent=65537, key_size=1024)   # flagged
    /// rsa.generate_private_key(public_exponent=65537, key_size=3072)
    /// ```
    pub static RULE = {
        id: "B505",
        name: "weak_cryptographic_key",
        severity: High,
        confidence: High,
        cwe: 326,
        aspect: DataProtection,
        message: "RSA key sizes below 2048 bits are considered breakable.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// For each key type: (size below which the key is weak, severity), strictest first.
fn thresholds(key_type: &str) -> [(u64, Level); 2] {
    match key_type {
        "EC" => [(160, Level::High), (224, Level::Medium)],
        _ => [(1024, Level::High), (2048, Level::Medium)],
    }
}

const EC_CURVES: &[(&str, u64)] = &[
    ("SECT571K1", 571),
    ("SECT571R1", 570),
    ("SECP521R1", 521),
    ("BrainpoolP512R1", 512),
    ("SECT409K1", 409),
    ("SECT409R1", 409),
    ("BrainpoolP384R1", 384),
    ("SECP384R1", 384),
    ("SECT283K1", 283),
    ("SECT283R1", 283),
    ("BrainpoolP256R1", 256),
    ("SECP256K1", 256),
    ("SECP256R1", 256),
    ("SECT233K1", 233),
    ("SECT233R1", 233),
    ("SECP224R1", 224),
    ("SECP192R1", 192),
    ("SECT163K1", 163),
    ("SECT163R2", 163),
];

/// Bandit's `get_call_arg_value(name) or get_call_arg_at_position(i) or 2048`.
fn key_size<'a>(call: &'a ExprCall, name: &str, position: usize) -> BanditValue<'a> {
    helpers::bandit_keyword(call, name)
        .filter(BanditValue::is_truthy)
        .or_else(|| helpers::bandit_positional(call, position).filter(BanditValue::is_truthy))
        .unwrap_or(BanditValue::Int(2048))
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let qualname = helpers::bandit_call_qualname(ctx, call);
    let (key_type, size) = match qualname.as_str() {
        "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key" => {
            ("DSA", key_size(call, "key_size", 0))
        }
        "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key" => {
            ("RSA", key_size(call, "key_size", 1))
        }
        "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key" => {
            let curve = helpers::bandit_keyword(call, "curve")
                .filter(BanditValue::is_truthy)
                .or_else(|| helpers::bandit_positional(call, 0));
            let bits = curve
                .and_then(|c| c.as_str())
                .and_then(|c| EC_CURVES.iter().find(|(name, _)| *name == c))
                .map_or(224, |(_, bits)| *bits);
            ("EC", BanditValue::Int(bits))
        }
        "Crypto.PublicKey.DSA.generate" | "Cryptodome.PublicKey.DSA.generate" => {
            ("DSA", key_size(call, "bits", 0))
        }
        "Crypto.PublicKey.RSA.generate" | "Cryptodome.PublicKey.RSA.generate" => {
            ("RSA", key_size(call, "bits", 0))
        }
        _ => return,
    };
    // A size in a variable (a name) cannot be judged; other non-numbers make Bandit's
    // comparison fail, which reports nothing either.
    let below = |limit: u64| match size {
        BanditValue::Int(bits) => bits < limit,
        BanditValue::Float(bits) => bits < limit as f64,
        _ => false,
    };
    if let Some((limit, level)) = thresholds(key_type).into_iter().find(|(l, _)| below(*l)) {
        out.push(Hit::at(call).severity(level).message(format!(
            "{key_type} key sizes below {limit} bits are considered breakable. "
        )));
    }
}
