use super::context::Node;
use super::{helpers, Check, Context, Hit, Level};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr};

crate::declare_rule! {
    /// ## What it does
    /// Flags a `jinja2` `Environment(...)` (`jinja2` in the qualified name) created without
    /// autoescaping (Bandit B701, `jinja2_autoescape_false`): no `autoescape=` (high
    /// confidence; Jinja2's default is off), `autoescape=False` (high), or an `autoescape=`
    /// that is neither `True` nor a call of `select_autoescape(...)` (medium: it may be a
    /// variable that is true).
    ///
    /// Like Bandit, it looks at every `autoescape=` inside the call, nested calls included,
    /// and the outermost (then leftmost) one decides.
    ///
    /// ## Why is this bad?
    /// Without autoescaping, a value rendered into HTML can carry its own markup and script:
    /// cross-site scripting.
    ///
    /// ## Example
    /// ```python
    /// env = jinja2.Environment(loader=FileSystemLoader("templates"))
    /// ```
    /// Use `Environment(loader=…, autoescape=select_autoescape())` or `autoescape=True`.
    pub static RULE = {
        id: "B701",
        name: "jinja2_autoescape_false",
        severity: High,
        confidence: High,
        cwe: 94,
        aspect: ExternalInputs,
        message: "By default, jinja2 sets autoescape to False. Consider using autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.",
        kinds: [Call],
        check: Check::Node(check),
    }
}

/// Finds the `autoescape=` keyword Bandit's breadth-first `ast.walk` meets first: the least
/// deep, then the first in Python's field order at that depth. Depth counts Python's AST
/// levels, so a keyword is one level below its call and its value one more.
struct FirstAutoescape<'a> {
    /// The depth of the node whose children are being visited (the call is 0).
    depth: usize,
    best: Option<(usize, &'a Expr)>,
}

impl<'a> Visitor<'a> for FirstAutoescape<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.depth += 1;
        visitor::walk_expr(self, expr);
        self.depth -= 1;
    }

    fn visit_keyword(&mut self, keyword: &'a ast::Keyword) {
        let depth = self.depth + 1;
        // Visiting in field order, the first keyword met at a depth is Bandit's first there.
        if keyword
            .arg
            .as_ref()
            .is_some_and(|a| a.id.as_str() == "autoescape")
            && self.best.is_none_or(|(d, _)| depth < d)
        {
            self.best = Some((depth, &keyword.value));
        }
        self.depth += 1;
        visitor::walk_keyword(self, keyword);
        self.depth -= 1;
    }

    fn visit_comprehension(&mut self, comprehension: &'a ast::Comprehension) {
        self.depth += 1;
        visitor::walk_comprehension(self, comprehension);
        self.depth -= 1;
    }

    fn visit_interpolated_string_element(&mut self, element: &'a ast::InterpolatedStringElement) {
        self.depth += 1;
        visitor::walk_interpolated_string_element(self, element);
        self.depth -= 1;
    }
}

fn is_select_autoescape(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    match &*call.func {
        Expr::Attribute(a) => a.attr.id.as_str() == "select_autoescape",
        Expr::Name(n) => n.id.as_str() == "select_autoescape",
        _ => false,
    }
}

fn check(node: &Node<'_>, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    let Node::Call(call) = node else { return };
    let name = helpers::bandit_qualname(ctx, &call.func);
    let parts: Vec<&str> = name.split('.').collect();
    if parts.last() != Some(&"Environment") || !parts.contains(&"jinja2") {
        return;
    }
    let mut finder = FirstAutoescape {
        depth: 0,
        best: None,
    };
    finder.visit_expr(&call.func);
    finder.visit_arguments(&call.arguments);
    let hit = Hit::at(*call);
    match finder.best.map(|(_, value)| value) {
        None => out.push(hit),
        Some(Expr::BooleanLiteral(b)) if !b.value => out.push(hit.message(
            "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.",
        )),
        Some(Expr::BooleanLiteral(b)) if b.value => {}
        Some(value) if is_select_autoescape(value) => {}
        Some(_) => out.push(
            hit.confidence(Level::Medium).message(
                "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.",
            ),
        ),
    }
}
