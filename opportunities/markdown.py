"""Safe Markdown: what coordinators write is rendered, what attackers write is inert."""

import hashlib
import threading
from collections.abc import Iterable

import markdown as markdown_lib
import nh3
from django.core.cache import cache

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
EXTENSIONS = ["extra", "sane_lists"]


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    """This thread's converter: building one (its extensions) costs more than a conversion."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(extensions=EXTENSIONS, output_format="html")
    return converter


def render_markdown(text: str) -> str:
    """Render ``text`` as HTML with only harmless tags, attributes and link schemes."""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


# What the output depends on besides the text: a rendering cached under other rules is not used.
RULES = hashlib.sha256(
    repr(
        [sorted(ALLOWED_TAGS), sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items()),
         sorted(URL_SCHEMES), LINK_REL, EXTENSIONS, markdown_lib.__version__, nh3.__version__]
    ).encode()
).hexdigest()[:12]  # fmt: skip
RENDERED_SECONDS = 24 * 3600


def render_markdown_many(texts: Iterable[str]) -> dict[str, str]:
    """Render several texts (a page of the API): each text once, from the cache if done before.

    The cache key is the text's own digest, so a changed description is a new key: nothing
    has to be forgotten when an opportunity changes.
    """
    keys = {text: f"markdown:{RULES}:{hashlib.sha256(text.encode()).hexdigest()}" for text in set(texts)}
    cached = cache.get_many(list(keys.values()))
    rendered, fresh = {}, {}
    for text, key in keys.items():
        if key in cached:
            rendered[text] = cached[key]
        else:
            rendered[text] = fresh[key] = render_markdown(text)
    if fresh:
        cache.set_many(fresh, RENDERED_SECONDS)
    return rendered
