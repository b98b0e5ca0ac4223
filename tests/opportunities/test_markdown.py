"""Descriptions are rendered safely, each on its own, by one converter per thread."""

from opportunities import markdown
from opportunities.markdown import render_markdown, render_markdown_many


def test_markdown_is_rendered_and_dangerous_markup_removed():
    html = render_markdown("**Bold** [link](javascript:alert(1)) <script>alert(1)</script>")
    assert "<strong>Bold</strong>" in html
    assert "javascript" not in html
    assert "<script" not in html


def test_a_description_does_not_carry_its_definitions_into_the_next():
    first = render_markdown(
        "The ECTS rules.\n\n*[ECTS]: European Credit Transfer System\n\nNote[^1].\n\n[^1]: A footnote."
    )
    second = render_markdown("ECTS credits apply.")
    assert "European Credit Transfer System" in first
    assert "European Credit Transfer System" not in second
    assert "footnote" not in second
    assert second == "<p>ECTS credits apply.</p>"


def test_a_page_of_descriptions_is_rendered_once_then_read_from_the_cache(monkeypatch):
    texts = ["**One**", "*Two*", "**One**"]
    first = render_markdown_many(texts)
    assert first == {"**One**": "<p><strong>One</strong></p>", "*Two*": "<p><em>Two</em></p>"}

    def fail(text):
        raise AssertionError(f"rendered again: {text}")

    monkeypatch.setattr(markdown, "render_markdown", fail)
    assert render_markdown_many(texts) == first
    assert render_markdown_many(["*Two*"]) == {"*Two*": "<p><em>Two</em></p>"}
