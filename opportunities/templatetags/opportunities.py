from django import template
from django.utils.safestring import SafeString, mark_safe

from opportunities.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render Markdown through the sanitiser (the only way descriptions reach a page)."""
    # nh3 has removed every tag, attribute and URL scheme outside the allow-lists.
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703
