"""Hostile input: what a careless paste, a broken client or an attacker may send."""

import string

from hypothesis import settings
from hypothesis import strategies as st

# Fragments people and tools really send: markup, SQL, template syntax, paths, scripts
# written right to left, invisible and control characters, numbers and dates that are not.
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "[link](javascript:alert(1))",
    "{{ request }}",
    "{% debug %}",
    "${7*7}",
    "&lt;b&gt;",
    "<!--",
    "]]>",
]
SQL = ["' OR '1'='1", "'; DROP TABLE enquiries_enquiry; --", '" OR ""="', "1; SELECT pg_sleep(5)"]
SQL += ["%", "_", "\\"]
PATHS = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\boot.ini", "%2e%2e%2f", "CON"]
SCRIPTS = [
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c.pdf",
    "\u200fRTL\u200e",
    "Ελληνικά Кириллица 日本語",
    "🎓🇪🇺👩🏽‍🔬",
    "Z\u0338\u0322\u031ba\u0335l\u0334g\u0338o\u0337",
    "\ufdfd",
    "\u01c5 \u00df \u0130 \u0131 \ufb00",  # letters whose case mapping changes their length
]
INVISIBLE = ["\x00", "a\x00b", "\x01\x02\x1b[31m", "\x0b\x0c", "\x7f", "\x85", "\u2028\u2029", "\ufeff"]
INVISIBLE += ["\u200b", "\ufffe", "\uffff"]
BLANK = ["", " ", "\t\n\r", "\r\n\r\n", "\u00a0", "\u3000"]
NUMBERS = ["9" * 40, "-1", "0", "1e309", "NaN", "Infinity", "0x10", "²", "٣", "½", "1,5", "+7", " 3 "]
DATES = ["2024-02-30", "0000-00-00", "10000-01-01", "9999-12-31", "0001-01-01", "31/12/2024", "2024-13-01"]
LITERALS = ["true", "false", "null", "None", "[]", "{}", "on", "off"]
FRAGMENTS = MARKUP + SQL + PATHS + SCRIPTS + INVISIBLE + BLANK + NUMBERS + DATES + LITERALS

# Any Unicode scalar value that UTF-8 can carry (no lone surrogates: no client can send them).
any_character = st.characters(codec="utf-8")
free_text = st.text(any_character, max_size=40)
fragment = st.sampled_from(FRAGMENTS)
# Very long values: past every max_length of the site, and far past it.
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["x", "é", "\u202e", "<b>", "9", "a\x00", "日本"]),
    st.sampled_from([101, 121, 201, 301, 501, 2_001, 10_001, 100_001]),
)
hostile_text = st.one_of(
    fragment,
    free_text,
    st.lists(st.one_of(fragment, free_text), min_size=2, max_size=5).map("".join),
    long_text,
)


def values_of(valid: list[str]) -> st.SearchStrategy[str]:
    """A valid value, or any hostile one."""
    return st.one_of(st.sampled_from(valid), hostile_text) if valid else hostile_text


def query_values(valid: list[str]) -> st.SearchStrategy[list[str]]:
    """What one query parameter carries: nothing, one value or several (valid and hostile mixed)."""
    return st.lists(values_of(valid), max_size=3)


# Query strings that are not even well formed: stray separators, broken percent escapes.
raw_query = st.text(st.sampled_from([*string.ascii_letters[:6], "=", "&", ";", "%", "0", "f", "+", "[", "]"]))
raw_query = st.one_of(
    raw_query,
    st.sampled_from(["q=%ff%fe", "q=%", "q=%0", "kind=%00", "&&&", "=x", "page=%ff", "a[]=1&a[]=2"]),
)


def examples(in_ci: int) -> settings:
    """``in_ci`` examples under the CI profile (20 by default), as many more under "explore"."""
    return settings(max_examples=max(1, in_ci * settings.default.max_examples // 20))
