"""How much scale data to generate: the presets and the checks on a chosen size."""

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Sizes:
    alliances: int
    universities: int
    people: int
    opportunities: int
    enquiries: int
    messages: int
    saved: int
    notifications: int

    def check(self) -> list[str]:
        """Return what is wrong with these sizes, in words (empty if they can be generated)."""
        problems = [f"--{f.name} must not be negative." for f in fields(self) if getattr(self, f.name) < 0]
        if self.alliances < 1:
            problems.append("--alliances must be at least 1.")
        if self.universities < 2 * self.alliances:
            problems.append("--universities must be at least twice --alliances (two members per alliance).")
        if self.people < self.minimum_people:
            problems.append(
                f"--people must be at least {self.minimum_people} for {self.universities} universities "
                "(their staff, and requesters at every university)."
            )
        if self.enquiries and self.messages < self.enquiries:
            problems.append("--messages must be at least --enquiries (every enquiry has its first message).")
        if self.enquiries and not self.opportunities:
            problems.append("--enquiries needs --opportunities.")
        return problems

    @property
    def minimum_people(self) -> int:
        # At most 8 staff per university and 5 per central office, and 2 requesters per university.
        return 10 * self.universities + 5 * self.alliances


PRESETS = {
    # The whole European Universities Initiative.
    "default": Sizes(
        alliances=73,
        universities=650,
        people=300_000,
        opportunities=100_000,
        enquiries=1_000_000,
        messages=3_000_000,
        saved=200_000,
        notifications=200_000,
    ),
    # A few seconds, for the test suite and CI.
    "ci": Sizes(
        alliances=3,
        universities=20,
        people=500,
        opportunities=500,
        enquiries=2_000,
        messages=6_000,
        saved=300,
        notifications=500,
    ),
}


def sizes_for(preset: str, **overrides: int | None) -> Sizes:
    """Return the sizes of ``preset`` with the given values (None keeps the preset's)."""
    return replace(PRESETS[preset], **{k: v for k, v in overrides.items() if v is not None})
