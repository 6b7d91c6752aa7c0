//! Markdown → Typst markup: the markup of any body parses in Typst without a syntax error, and
//! its only code is the converter's own vocabulary: content text can never become a function
//! call, an import, a rule or a reference.

#![no_main]

use brochure::content::markdown::{MarkdownOptions, render};
use brochure::pdf::markup::to_typst;
use brochure::render::print::LinkTargets;
use libfuzzer_sys::fuzz_target;
use typst_syntax::{SyntaxKind, SyntaxNode};

/// The names the converter writes: functions, fields and the values it uses.
const VOCABULARY: &[&str] = &[
    "block", "emph", "enum", "figure", "heading", "image", "label", "line", "linebreak", "link",
    "list", "quote", "raw", "strike", "strong", "sub", "super", "table", "text", "v", "header",
    "cell", "left", "center", "right", "auto", "none", "true", "false",
];

/// Kinds of syntax that content must never produce.
const FORBIDDEN: &[SyntaxKind] = &[
    SyntaxKind::ModuleImport,
    SyntaxKind::ModuleInclude,
    SyntaxKind::SetRule,
    SyntaxKind::ShowRule,
    SyntaxKind::LetBinding,
    SyntaxKind::Closure,
    SyntaxKind::ForLoop,
    SyntaxKind::WhileLoop,
    SyntaxKind::Conditional,
    SyntaxKind::Ref,
    SyntaxKind::Label,
    SyntaxKind::Equation,
    SyntaxKind::Contextual,
];

fn check(node: &SyntaxNode, markup: &str) {
    assert!(
        !FORBIDDEN.contains(&node.kind()),
        "{:?} in the markup:\n{markup}",
        node.kind()
    );
    if node.kind() == SyntaxKind::Ident || node.kind() == SyntaxKind::MathIdent {
        assert!(
            VOCABULARY.contains(&node.leaf_text().as_str()),
            "identifier {:?} in the markup:\n{markup}",
            node.leaf_text()
        );
    }
    // A named argument's name (`level: 3`) is the converter's own, not a value.
    let skip = usize::from(node.kind() == SyntaxKind::Named);
    for child in node.children().skip(skip) {
        check(child, markup);
    }
}

fuzz_target!(|text: &str| {
    let options = MarkdownOptions {
        unsafe_html: false,
        keep_events: true,
    };
    let body = render(text, options);
    let events = body.events.as_deref().unwrap_or_default();
    let mut links = LinkTargets::default();
    links.projects.insert("alpha");
    links.base_url = Some("https://zs.example.gov.cn/");
    let markup = to_typst(events, &links);
    let tree = typst_syntax::parse(&markup);
    let (errors, _) = tree.errors_and_warnings();
    assert!(errors.is_empty(), "{errors:?} in the markup:\n{markup}");
    check(&tree, &markup);
});
