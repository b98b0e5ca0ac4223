"""Safe Markdown: what coordinators write is rendered, what attackers write is inert."""

import threading

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's converter: building one (its extensions) costs more than a conversion."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return converter


def render_markdown(text: str) -> str:
    """Render ``text`` as HTML with only harmless tags, attributes and link schemes."""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
