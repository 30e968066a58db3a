use super::context::Node;
use super::{helpers, Check, Context, Hit};

crate::declare_rule! {
    /// ## What it does
    /// Flags `pysnmp.hlapi.CommunityData(..., mpModel=0)` or `mpModel=1`, that is SNMP v1 or
    /// v2c (Bandit B508, `snmp_insecure_version_check`).
    ///
    /// ## Why is this bad?
    /// SNMP v1 and v2c authenticate with a community string sent in clear text and do not
    /// encrypt: anyone on the path reads the data and can reuse the community to query or
    /// reconfigure the device.
    ///
    /// ## Example
    /// ```python
    /// CommunityData("public", mpModel=0)                       # flagged
    /// UsmUserData("user", "authkey", "privkey")                # SNMP v3 with privacy
    /// ```
    pub static RULE = {
        id: "B508",
        name: "snmp_insecure_version_check",
        severity: Medium,
        confidence: High,
        cwe: 319,
        aspect: AccessToResources,
        message: "The use of SNMPv1 and SNMPv2 is insecure. You should use SNMPv3 if able.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    if helpers::bandit_call_qualname(ctx, call) != "pysnmp.hlapi.CommunityData" {
        return;
    }
    if helpers::bandit_keyword(call, "mpModel").is_some_and(|v| v.equals_int(0) || v.equals_int(1))
    {
        out.push(Hit::at(*call));
    }
}
