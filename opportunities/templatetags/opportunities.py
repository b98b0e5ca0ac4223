from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from opportunities.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render Markdown through the sanitiser (the only way descriptions reach a page)."""
    # nh3 has removed every tag, attribute and URL scheme outside the allow-lists.
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703


FACET_OPTION = (
    '<div class="form-check">'
    '<input class="form-check-input" type="checkbox" name="{0}" value="{1}" id="f-{0}-{2}"{3}>'
    '<label class="form-check-label d-flex justify-content-between gap-2" for="f-{0}-{2}">'
    '<span>{4}</span><span class="badge text-bg-light border">{5}'
    '<span class="visually-hidden"> {6}</span></span>'
    "</label></div>"
)


@register.simple_tag
def facet_options(facet) -> SafeString:
    """The check boxes of a facet's values (hundreds on an unfiltered catalogue: drawn at once)."""
    results = escape(gettext("results"))
    name = escape(facet.name)
    # Every value is escaped above or in the loop.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "\n".join(
            FACET_OPTION.format(
                name, escape(v.value), n, " checked" if v.selected else "", escape(v.label), v.count, results
            )
            for n, v in enumerate(facet.values, 1)
        )
    )
