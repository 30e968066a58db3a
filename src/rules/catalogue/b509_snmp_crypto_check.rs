use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `pysnmp.hlapi.UsmUserData(...)` with fewer than three positional arguments,
    /// i.e. SNMP v3 without an authentication key and a privacy key (Bandit B509,
    /// `snmp_crypto_check`). As in Bandit, keys passed by keyword are not counted.
    ///
    /// ## Why is this bad?
    /// SNMP v3 in `noAuthNoPriv` or `authNoPriv` mode sends its data unencrypted, so the
    /// traffic is readable on the network.
    ///
    /// ## Example
    /// ```python
    /// UsmUserData("user")                                   # flagged
    /// UsmUserData("user", "authkey", "privkey")
    /// ```
    pub static RULE = {
        id: "B509",
        name: "snmp_crypto_check",
        severity: Medium,
        confidence: High,
        cwe: 319,
        aspect: AccessToResources,
        message: "You should not use SNMPv3 without encryption. noAuthNoPriv & authNoPriv is insecure",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if call.arguments.args.len() < 3
        && helpers::bandit_call_qualname(ctx, call) == "pysnmp.hlapi.UsmUserData"
    {
        out.push(Hit::at(*call));
    }
}
