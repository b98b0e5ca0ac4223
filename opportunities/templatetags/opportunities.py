from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from opportunities.facets import Facet
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


# A literal: nothing of the request reaches it.
CHECKED = SafeString(" checked")


@register.simple_tag
def facet_options(facet: Facet) -> SafeString:
    """The check boxes of a facet's values (hundreds on an unfiltered catalogue: drawn at once)."""
    results = gettext("results")
    return format_html_join(
        "\n",
        FACET_OPTION,
        (
            (facet.name, v.value, n, CHECKED if v.selected else "", v.label, v.count, results)
            for n, v in enumerate(facet.values, 1)
        ),
    )
