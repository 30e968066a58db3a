//! Helpers that several rules share: AST and Bandit-name helpers, and the knowledge of one
//! domain each (passwords, shells, HTTP, TLS, secrets, exception handlers).

pub mod ast;
pub mod handlers;
pub mod http;
pub mod passwords;
pub mod secrets;
pub mod shell;
pub mod tls;
