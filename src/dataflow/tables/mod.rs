//! The engine's models as data: where untrusted data enters (`sources`), where it does harm
//! (`sinks`), what protects it (`sanitisers`), and what passes it on (`propagators`). A
//! framework or library is a few rows here; the engine has no code per entry.

pub mod propagators;
pub mod sanitisers;
pub mod sinks;
pub mod sources;

/// How a table names the function a call calls.
#[derive(Debug, Clone, Copy)]
pub enum Callee {
    /// A call of exactly this qualified name, resolved through the import table
    /// (`os.system`, `flask.redirect`; builtins by their bare name).
    Qualified(&'static str),
    /// A method of this name on any value (`.execute`).
    Method(&'static str),
    /// A method of this name on a value made by a call whose qualified name contains the
    /// first text (`ldap` in `ldap3.Connection`, `helpers.ldap.get_connection`).
    MethodOf(&'static str, &'static str),
    /// A method of this name called on `self` (a request handler's `self.redirect(url)`).
    SelfMethod(&'static str),
}

/// Which argument of a call a row is about.
#[derive(Debug, Clone, Copy)]
pub enum Arg {
    /// The positional argument at this index, or the keyword of this name.
    At(usize, &'static str),
    /// Only the keyword of this name.
    Keyword(&'static str),
    /// The object the method is called on.
    Receiver,
    /// Every argument.
    Any,
}
