//! Compile errors.

use protokit_diagnostics::Span;

/// One compile error: a message in protoc's wording, the file it is in (protoc's display
/// name for it) and the span it points at, if it has one.
///
/// Lowering, linking and import resolution all report `CompileError`s; the driver turns them
/// into [`protokit_diagnostics`] diagnostics for rendering.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CompileError {
    file: String,
    span: Option<Span>,
    message: String,
    labels: Vec<(String, Span, String)>,
    undefined: Option<Box<Undefined>>,
    deferred: bool,
}

/// A name lookup that failed without a "seems to be defined in" explanation among the file's
/// imports: protoc also names files built earlier in the run that the file does not import,
/// which only the driver knows once every file is linked.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct Undefined {
    /// The name as written.
    pub name: String,
    /// The full names the lookup tried and did not find, in order.
    pub tried: Vec<String>,
    /// What the first component resolved to, when the rest was missing.
    pub resolved: Option<String>,
}

impl CompileError {
    /// An error at `span` of `file`.
    pub fn new(file: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        CompileError {
            file: file.into(),
            span: Some(span),
            message: message.into(),
            labels: Vec::new(),
            undefined: None,
            deferred: false,
        }
    }

    /// An error about a whole file (e.g. it cannot be read), with no position.
    pub fn without_span(file: impl Into<String>, message: impl Into<String>) -> Self {
        CompileError {
            file: file.into(),
            span: None,
            message: message.into(),
            labels: Vec::new(),
            undefined: None,
            deferred: false,
        }
    }

    /// Adds a secondary label (file, span, text), e.g. where a duplicate was first defined.
    pub fn with_label(
        mut self,
        file: impl Into<String>,
        span: Span,
        text: impl Into<String>,
    ) -> Self {
        self.labels.push((file.into(), span, text.into()));
        self
    }

    /// This error as the lookup failure `undefined` (see [`Undefined`]).
    pub(crate) fn set_undefined(&mut self, undefined: Box<Undefined>) {
        self.undefined = Some(undefined);
    }

    /// Marks this error as one of protoc's deferred validation errors (option and feature
    /// `targets`, feature support windows): protoc reports them once the file is built,
    /// keeping the file, so its importers and the run's later inputs still build.
    pub(crate) fn set_deferred(&mut self) {
        self.deferred = true;
    }

    /// Whether this is a deferred validation error (see [`CompileError::set_deferred`]).
    pub(crate) fn is_deferred(&self) -> bool {
        self.deferred
    }

    /// The lookup failure this error reports, when the driver may still explain it.
    pub(crate) fn undefined(&self) -> Option<&Undefined> {
        self.undefined.as_deref()
    }

    /// The file the error is in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where in the file, if known.
    pub fn span(&self) -> Option<Span> {
        self.span
    }

    /// The message, e.g. `"Foo" is not defined.`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Secondary labels: (file, span, text).
    pub fn labels(&self) -> &[(String, Span, String)] {
        &self.labels
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CompileError {}
