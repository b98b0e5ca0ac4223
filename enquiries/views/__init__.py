def key_from(value: str) -> int | None:
    """The row id a parameter names, or None when no row can have it (not digits, or past 64 bits)."""
    return int(value) if value.isdecimal() and len(value) <= 18 else None
