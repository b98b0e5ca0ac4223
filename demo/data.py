"""The two alliances of docs/demo-data.md, as demo data. Addresses use reserved .example domains."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UniversityData:
    slug: str
    name: str
    short_name: str
    city: str
    country: str
    time_zone: str
    erasmus_code: str
    schac_code: str
    website: str
    is_coordinating: bool = False


@dataclass(frozen=True)
class ThemeData:
    kind: str
    code: str
    name: str
    slug: str


@dataclass(frozen=True)
class AllianceData:
    slug: str
    code: str
    name: str
    description: str
    website: str
    office_name: str
    office_address: str
    office_phone: str
    office_email: str
    sdgs: tuple[int, ...]
    universities: tuple[UniversityData, ...]
    themes: tuple[ThemeData, ...] = field(default=())


EC2U = AllianceData(
    slug="ec2u",
    code="EC2U",
    name="European Campus of City-Universities",
    description=(
        "Nine universities in mid-sized European cities building a multilingual, multicultural "
        "campus around the UN Sustainable Development Goals. (Demo data.)"
    ),
    website="https://ec2u.example",
    office_name="EC2U central office, University of Poitiers",
    office_address="15 rue de l'Hôtel Dieu\nTSA 71117\n86073 Poitiers Cedex 9\nFrance",
    office_phone="+33 5 49 45 30 00",
    office_email="office@ec2u.example",
    sdgs=(3, 4, 11, 16),
    universities=(
        UniversityData(
            "coimbra",
            "University of Coimbra",
            "Coimbra",
            "Coimbra",
            "PT",
            "Europe/Lisbon",
            "P COIMBRA01",
            "uc.pt",
            "https://www.uc.pt",
        ),
        UniversityData(
            "iasi",
            "Alexandru Ioan Cuza University of Iași",
            "UAIC Iași",
            "Iași",
            "RO",
            "Europe/Bucharest",
            "RO IASI02",
            "uaic.ro",
            "https://www.uaic.ro",
        ),
        UniversityData(
            "jena",
            "Friedrich Schiller University Jena",
            "Jena",
            "Jena",
            "DE",
            "Europe/Berlin",
            "D JENA01",
            "uni-jena.de",
            "https://www.uni-jena.de",
        ),
        UniversityData(
            "linz",
            "Johannes Kepler University Linz",
            "JKU Linz",
            "Linz",
            "AT",
            "Europe/Vienna",
            "A LINZ01",
            "jku.at",
            "https://www.jku.at",
        ),
        UniversityData(
            "pavia",
            "University of Pavia",
            "Pavia",
            "Pavia",
            "IT",
            "Europe/Rome",
            "I PAVIA01",
            "unipv.it",
            "https://www.unipv.it",
        ),
        UniversityData(
            "poitiers",
            "University of Poitiers",
            "Poitiers",
            "Poitiers",
            "FR",
            "Europe/Paris",
            "F POITIER01",
            "univ-poitiers.fr",
            "https://www.univ-poitiers.fr",
            is_coordinating=True,
        ),
        UniversityData(
            "salamanca",
            "University of Salamanca",
            "Salamanca",
            "Salamanca",
            "ES",
            "Europe/Madrid",
            "E SALAMAN02",
            "usal.es",
            "https://www.usal.es",
        ),
        UniversityData(
            "turku",
            "University of Turku",
            "Turku",
            "Turku",
            "FI",
            "Europe/Helsinki",
            "SF TURKU01",
            "utu.fi",
            "https://www.utu.fi",
        ),
        UniversityData(
            "umea",
            "Umeå University",
            "Umeå",
            "Umeå",
            "SE",
            "Europe/Stockholm",
            "S UMEA01",
            "umu.se",
            "https://www.umu.se",
        ),
    ),
    themes=(
        ThemeData(
            "virtual-institute",
            "VI-GHW",
            "Virtual Institute for Good Health and Well-being",
            "vi-health",
        ),
        ThemeData("virtual-institute", "VI-QE", "Virtual Institute for Quality Education", "vi-education"),
        ThemeData(
            "virtual-institute",
            "VI-SCC",
            "Virtual Institute for Sustainable Cities and Communities",
            "vi-cities",
        ),
        ThemeData(
            "virtual-institute",
            "VI-PJSI",
            "Virtual Institute for Peace, Justice and Strong Institutions",
            "vi-peace",
        ),
        ThemeData("work-package", "WP1", "Governance and management", "wp1"),
        ThemeData("work-package", "WP2", "Joint study programmes", "wp2"),
        ThemeData("work-package", "WP3", "Student and staff mobility", "wp3"),
        ThemeData("work-package", "WP4", "Multilingual campus", "wp4"),
        ThemeData("work-package", "WP5", "Research and innovation for cities and citizens", "wp5"),
        ThemeData("work-package", "WP6", "Virtual Institutes", "wp6"),
        ThemeData("work-package", "WP7", "Civic engagement and the city", "wp7"),
        ThemeData("work-package", "WP8", "Digital campus and services", "wp8"),
        ThemeData("work-package", "WP9", "Quality and sustainability", "wp9"),
        ThemeData("work-package", "WP10", "Communication and dissemination", "wp10"),
    ),
)

TRUMOTION = AllianceData(
    slug="trumotion",
    code="TRUMOTION",
    name="TruMotion: Trust through Mobility",
    description=(
        "Seven research universities of 'second cities' in six countries, building trust through "
        "the mobility of students, academics and staff. (Demo data.)"
    ),
    website="https://trumotion.example",
    office_name="TruMotion central office, Goethe University Frankfurt",
    office_address="Theodor-W.-Adorno-Platz 1\n60323 Frankfurt am Main\nGermany",
    office_phone="+49 69 798 0",
    office_email="office@trumotion.example",
    sdgs=(4, 10, 11, 16),
    universities=(
        UniversityData(
            "birmingham",
            "University of Birmingham",
            "Birmingham",
            "Birmingham",
            "GB",
            "Europe/London",
            "UK BIRMING02",
            "bham.ac.uk",
            "https://www.birmingham.ac.uk",
        ),
        UniversityData(
            "frankfurt",
            "Goethe University Frankfurt",
            "Goethe Frankfurt",
            "Frankfurt am Main",
            "DE",
            "Europe/Berlin",
            "D FRANKFU01",
            "uni-frankfurt.de",
            "https://www.uni-frankfurt.de",
            is_coordinating=True,
        ),
        UniversityData(
            "lyon2",
            "Université Lumière Lyon 2",
            "Lyon 2",
            "Lyon",
            "FR",
            "Europe/Paris",
            "F LYON02",
            "univ-lyon2.fr",
            "https://www.univ-lyon2.fr",
        ),
        UniversityData(
            "sciencespo-lyon",
            "Sciences Po Lyon",
            "Sciences Po Lyon",
            "Lyon",
            "FR",
            "Europe/Paris",
            "",
            "sciencespo-lyon.fr",
            "https://www.sciencespo-lyon.fr",
        ),
        UniversityData(
            "cattolica",
            "Università Cattolica del Sacro Cuore",
            "Cattolica",
            "Milan",
            "IT",
            "Europe/Rome",
            "I MILANO03",
            "unicatt.it",
            "https://www.unicatt.it",
        ),
        UniversityData(
            "lodz",
            "University of Lodz",
            "Lodz",
            "Łódź",
            "PL",
            "Europe/Warsaw",
            "PL LODZ01",
            "uni.lodz.pl",
            "https://www.uni.lodz.pl",
        ),
        UniversityData(
            "telaviv",
            "Tel Aviv University",
            "Tel Aviv",
            "Tel Aviv",
            "IL",
            "Asia/Jerusalem",
            "",
            "tau.ac.il",
            "https://www.tau.ac.il",
        ),
    ),
    themes=(
        ThemeData("theme", "SC", "Research on second cities", "second-cities"),
        ThemeData("theme", "TR", "Trust, democracy and society", "trust"),
    ),
)

ALLIANCES = (EC2U, TRUMOTION)

# The documented password of the demo accounts.
DEFAULT_PASSWORD = "mobility-demo"  # noqa: S105  # nosec B105
ADMIN_EMAIL = "admin@hub.example"
VISITOR_EMAIL = "visitor@elsewhere.example"
