"""Demo opportunities of both alliances. Dates are offsets in days from the day of seeding."""

import textwrap
from dataclasses import dataclass

from opportunities.models import Opportunity

Kind = Opportunity.Kind
Format = Opportunity.Format
Audience = Opportunity.Audience
Funding = Opportunity.Funding
Status = Opportunity.Status

DEMO_NOTES = {
    "en": "*Demo content: this opportunity is fictitious.*",
    "fr": "*Contenu de démonstration : cette offre est fictive.*",
}


@dataclass(frozen=True)
class OpportunityData:
    slug: str
    title: str
    alliance: str
    host: str | None
    kind: str
    audiences: tuple[str, ...]
    format: str
    funding: str
    summary: str
    description: str
    languages: tuple[str, ...]
    sdgs: tuple[int, ...]
    theme: str | None = None
    deadline_in: int | None = None
    start_in: int | None = None
    end_in: int | None = None
    places: int | None = None
    ects: int | float | None = None
    eligibility: str = ""
    funding_details: str = ""
    status: str = Status.PUBLISHED
    text_language: str = "en"
    place: tuple[str, str] | None = None

    @property
    def rolling(self) -> bool:
        """Without a deadline, applications are rolling."""
        return self.deadline_in is None

    @property
    def markdown(self) -> str:
        """The description, ending with the demo notice in the language of the text."""
        return f"{textwrap.dedent(self.description).strip()}\n\n{DEMO_NOTES[self.text_language]}"


EC2U_OPPORTUNITIES = (
    OpportunityData(
        slug="summer-school-health-ageing-coimbra",
        title="Summer School on Health and Ageing in Mid-Sized Cities",
        alliance="ec2u",
        host="coimbra",
        kind=Kind.SUMMER_SCHOOL,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Two weeks in Coimbra on how cities can help people age well: lectures, "
            "neighbourhood visits and a group project with local health services."
        ),
        description="""
            ## Programme

            Mornings bring lectures by EC2U researchers in medicine, sociology and urban
            planning; afternoons take you to day centres, pharmacies and public spaces.

            In mixed teams you design a small intervention for an ageing neighbourhood of
            Coimbra and present it to the city's health services on the last day.
        """,
        languages=("en", "pt"),
        sdgs=(3, 11),
        theme="vi-health",
        deadline_in=45,
        start_in=90,
        end_in=101,
        places=30,
        ects=4,
        eligibility="EC2U bachelor students from their second year, and master students.",
        funding_details="Tuition and accommodation are covered; travel is paid by you or Erasmus+.",
    ),
    OpportunityData(
        slug="forum-volunteers-coimbra",
        title="Volunteer at the EC2U Forum in Coimbra",
        alliance="ec2u",
        host="coimbra",
        kind=Kind.VOLUNTEERING,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Help welcome four hundred students, academics and city representatives to the "
            "alliance's yearly forum, and meet the whole EC2U community."
        ),
        description="""
            Volunteers staff the welcome desk, guide guests between the historic faculties
            and help run the student sessions.

            - a short online briefing a week before;
            - three days at the forum, in shifts;
            - a certificate of civic engagement afterwards.
        """,
        languages=("en", "pt"),
        sdgs=(4, 17),
        theme="wp7",
        deadline_in=30,
        start_in=55,
        end_in=57,
        places=40,
        eligibility="Students of any EC2U university; basic Portuguese helps but is not required.",
        funding_details="Meals and shared accommodation during the forum are provided.",
    ),
    OpportunityData(
        slug="joint-course-heritage-tourism-city",
        title="Joint Course: Heritage, Tourism and the City",
        alliance="ec2u",
        host="coimbra",
        kind=Kind.JOINT_COURSE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.BLENDED,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "A joint course of three EC2U universities on living with a UNESCO heritage site: "
            "online seminars, then a week in Coimbra."
        ),
        description="""
            ## How it works

            Eight online seminars compare Coimbra, Pavia and Salamanca, three university
            cities whose historic centres draw crowds of visitors.

            The course ends with a field week in Coimbra, where you interview residents,
            shop owners and the heritage office.
        """,
        languages=("en", "pt"),
        sdgs=(11, 8),
        theme="vi-cities",
        deadline_in=15,
        start_in=40,
        end_in=120,
        places=24,
        ects=6,
        eligibility="Students in history, tourism, geography, architecture or economics.",
        funding_details="An Erasmus+ blended mobility grant covers the field week.",
    ),
    OpportunityData(
        slug="semester-exchange-iasi-law-european-institutions",
        title="Semester Exchange in Iași: Law and European Institutions",
        alliance="ec2u",
        host="iasi",
        kind=Kind.SEMESTER_EXCHANGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Spend a semester at the Faculty of Law in Iași, with courses in English on EU "
            "law, human rights and the rule of law in Eastern Europe."
        ),
        description="""
            The faculty offers a package of courses in English, plus Romanian for beginners.

            You are paired with a local student and take part in a moot court with
            students from Jena and Salamanca.
        """,
        languages=("en", "ro"),
        sdgs=(16, 4),
        theme="vi-peace",
        deadline_in=60,
        start_in=150,
        end_in=270,
        places=12,
        ects=30,
        eligibility="Law or political science students with at least one completed year.",
        funding_details="Erasmus+ study grant; EC2U adds a top-up for students with fewer means.",
    ),
    OpportunityData(
        slug="volunteering-iasi-ngos",
        title="Civic Engagement: Volunteering with Iași NGOs",
        alliance="ec2u",
        host="iasi",
        kind=Kind.VOLUNTEERING,
        audiences=(Audience.BACHELOR,),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Give a few hours a week to a local association in Iași: food banks, tutoring "
            "for children, or support for refugees."
        ),
        description="""
            The university's volunteering centre matches you with one of twelve partner
            associations, according to your languages and availability.

            Exchange students already in Iași are welcome: it is a good way to meet the city
            beyond the campus.
        """,
        languages=("ro", "en"),
        sdgs=(1, 10, 16),
        theme="wp7",
        places=50,
        eligibility="Students enrolled in Iași, including exchange students.",
    ),
    OpportunityData(
        slug="research-stay-democratic-resilience-jena",
        title="Research Stay on Democratic Resilience at Jena",
        alliance="ec2u",
        host="jena",
        kind=Kind.RESEARCH_PROJECT,
        audiences=(Audience.DOCTORAL, Audience.ACADEMICS),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Join a research group in Jena studying how local institutions withstand "
            "polarisation, for a stay of up to three months."
        ),
        description="""
            ## The project

            The group compares municipal councils in six EC2U cities, combining surveys,
            interviews and the analysis of council minutes.

            Visiting researchers bring a case from their own city and co-author a working
            paper with the team.
        """,
        languages=("en", "de"),
        sdgs=(16,),
        theme="vi-peace",
        deadline_in=40,
        start_in=100,
        end_in=190,
        places=4,
        eligibility="EC2U doctoral candidates and researchers in the social sciences.",
        funding_details="A monthly allowance of €900 towards accommodation; travel is reimbursed.",
    ),
    OpportunityData(
        slug="doctoral-training-week-open-science",
        title="Doctoral Training Week: Open Science",
        alliance="ec2u",
        host="jena",
        kind=Kind.EVENT,
        audiences=(Audience.DOCTORAL,),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary="A week of workshops on open data, preprints and reproducible research.",
        description="""
            Workshops on data management plans, open access publishing and reproducible
            analyses, led by Jena's library and graduate academy.

            The programme is still being finalised.
        """,
        languages=("en",),
        sdgs=(4, 9),
        theme="wp5",
        deadline_in=60,
        start_in=90,
        end_in=94,
        places=20,
        eligibility="Doctoral candidates of EC2U universities.",
        funding_details="Travel and accommodation are covered.",
        status=Status.DRAFT,
    ),
    OpportunityData(
        slug="traineeship-digital-campus-linz",
        title="Digital Campus Traineeship at JKU Linz",
        alliance="ec2u",
        host="linz",
        kind=Kind.TRAINEESHIP,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Three months in the team building EC2U's shared digital services: course "
            "catalogues, mobility tools and accessibility testing."
        ),
        description="""
            Trainees join developers and designers working on services used by students of
            all nine universities.

            - user research with students and coordinators;
            - accessibility audits of alliance web pages;
            - small development tasks, reviewed by a mentor.
        """,
        languages=("en", "de"),
        sdgs=(4, 9),
        theme="wp8",
        deadline_in=30,
        start_in=75,
        end_in=165,
        places=2,
        eligibility="Students in computer science, design or information science.",
        funding_details="An Erasmus+ traineeship grant and a monthly JKU allowance.",
    ),
    OpportunityData(
        slug="challenge-ai-energy-smart-cities",
        title="AI for Energy-Smart Cities Challenge",
        alliance="ec2u",
        host="linz",
        kind=Kind.CHALLENGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.VIRTUAL,
        funding=Funding.FUNDED,
        summary=(
            "Teams of students used open energy data from Linz to propose ways of cutting "
            "the consumption of public buildings."
        ),
        description="""
            Teams of four, from at least two universities, worked online for six weeks with
            data from the city's public buildings.

            The best three proposals were presented to Linz's energy agency. Applications
            for this edition are closed.
        """,
        languages=("en", "de"),
        sdgs=(7, 9, 11),
        theme="vi-cities",
        deadline_in=-30,
        start_in=-25,
        end_in=20,
        places=15,
        eligibility="Teams of EC2U students in engineering, computer science or economics.",
        funding_details="Prizes of €1,500, €1,000 and €500 for the winning teams.",
        status=Status.CLOSED,
    ),
    OpportunityData(
        slug="bip-public-health-data-cities",
        title="Blended Intensive Programme: Public Health Data for Cities",
        alliance="ec2u",
        host="pavia",
        kind=Kind.SHORT_TERM_MOBILITY,
        audiences=(Audience.MASTER, Audience.DOCTORAL),
        format=Format.BLENDED,
        funding=Funding.FUNDED,
        summary=(
            "Two online weeks on health statistics, then five days in Pavia analysing "
            "water, air and hospital data with the city."
        ),
        description="""
            ## Programme

            The online part introduces epidemiological data sources and the tools to
            analyse them. In Pavia, teams work on a real question from the municipality.

            The programme is taught by the Virtual Institute for Good Health and Well-being.
        """,
        languages=("en", "it"),
        sdgs=(3, 6, 11),
        theme="vi-health",
        deadline_in=35,
        start_in=70,
        end_in=84,
        places=25,
        ects=3,
        eligibility="Master and doctoral students in health, statistics or data science.",
        funding_details="Erasmus+ short-term mobility grant for the physical week.",
    ),
    OpportunityData(
        slug="winter-school-migration-human-rights",
        title="Winter School on Migration and Human Rights",
        alliance="ec2u",
        host="pavia",
        kind=Kind.SUMMER_SCHOOL,
        audiences=(Audience.MASTER, Audience.DOCTORAL),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "A week in Pavia on the rights of migrants in European law and practice, with "
            "judges, lawyers and NGOs."
        ),
        description="""
            Seminars alternate with visits to a reception centre and the regional court.
            Participants write a short policy brief.

            This edition has taken place; the next call will be published here.
        """,
        languages=("en", "it"),
        sdgs=(16, 10),
        theme="vi-peace",
        deadline_in=-40,
        start_in=-10,
        end_in=-4,
        places=30,
        ects=3,
        eligibility="Students of law, political science or social work.",
        funding_details="Accommodation is covered; a fee of €150 covers meals and visits.",
        status=Status.CLOSED,
    ),
    OpportunityData(
        slug="staff-training-week-welcoming-international-students",
        title="Staff Training Week: Welcoming International Students",
        alliance="ec2u",
        host="poitiers",
        kind=Kind.STAFF_MOBILITY,
        audiences=(Audience.STAFF,),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "A week in Poitiers for international office and student services staff: "
            "sharing practices on welcome, housing and administrative procedures."
        ),
        description="""
            ## Programme

            - job shadowing in Poitiers' international relations office;
            - workshops on housing, residence permits and health insurance;
            - a visit to the city's welcome desk for newcomers.
        """,
        languages=("en", "fr"),
        sdgs=(4, 16),
        theme="wp3",
        deadline_in=25,
        start_in=60,
        end_in=64,
        places=18,
        eligibility="EC2U administrative staff working with international students.",
        funding_details="Erasmus+ staff training grant: travel and daily allowance.",
    ),
    OpportunityData(
        slug="semestre-master-villes-durables-poitiers",
        title="Semestre de master : villes durables à Poitiers",
        alliance="ec2u",
        host="poitiers",
        kind=Kind.SEMESTER_EXCHANGE,
        audiences=(Audience.MASTER,),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Un semestre de master en aménagement urbain durable à Poitiers, avec un projet "
            "tutoré auprès de la communauté urbaine."
        ),
        description="""
            ## Le semestre

            Les cours portent sur la mobilité, le logement et la transition énergétique des
            villes moyennes.

            Un projet tutoré, mené en équipe avec des étudiants de Poitiers, répond à une
            commande de la communauté urbaine.
        """,
        languages=("fr",),
        sdgs=(11, 13),
        theme="vi-cities",
        deadline_in=-20,
        start_in=40,
        end_in=160,
        places=6,
        ects=30,
        eligibility="Étudiants de master des universités EC2U ; niveau B2 en français.",
        funding_details="Bourse d'études Erasmus+.",
        text_language="fr",
    ),
    OpportunityData(
        slug="buddy-programme-salamanca",
        title="Let's Break the Erasmus Bubble: Buddy Programme in Salamanca",
        alliance="ec2u",
        host="salamanca",
        kind=Kind.BUDDY,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Be paired with a local student who helps with procedures in your first weeks, "
            "or become a buddy yourself and meet students from across Europe."
        ),
        description="""
            Part of the project *Let's Break the Erasmus Bubble*: international students
            should not only meet each other.

            Buddies help with the town hall registration, the bank and the health card, and
            invite newcomers to local activities: sports, language tandems, dinners.
        """,
        languages=("en", "es"),
        sdgs=(4, 10, 11),
        theme="wp7",
        places=60,
        eligibility="Incoming exchange students and students enrolled in Salamanca.",
    ),
    OpportunityData(
        slug="spanish-language-culture-summer-course",
        title="Spanish Language and Culture Summer Course",
        alliance="ec2u",
        host="salamanca",
        kind=Kind.SUMMER_SCHOOL,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.STAFF),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Three weeks of Spanish at all levels in Salamanca, with afternoon workshops on "
            "literature, cinema and the city's history."
        ),
        description="""
            Classes of twelve at most, from beginner to advanced, in the oldest university
            of Spain.

            Afternoons and weekends bring guided visits, films and a trip to Ávila.
        """,
        languages=("es",),
        sdgs=(4,),
        theme="wp4",
        deadline_in=-10,
        start_in=20,
        end_in=40,
        places=80,
        ects=6,
        eligibility="Students and staff of EC2U universities.",
        funding_details="A course fee applies; EC2U members get a 30% reduction.",
    ),
    OpportunityData(
        slug="virtual-exchange-teaching-sustainable-futures",
        title="Virtual Exchange: Teaching for Sustainable Futures",
        alliance="ec2u",
        host="turku",
        kind=Kind.VIRTUAL_EXCHANGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Future teachers from five countries plan lessons together on the Baltic Sea, "
            "climate and sustainability, in weekly online sessions."
        ),
        description="""
            ## Eight weeks online

            International teams of student teachers each design a short teaching unit,
            test it with a class at home and share the results.

            Run by the Virtual Institute for Quality Education.
        """,
        languages=("en", "fi"),
        sdgs=(4, 13, 14),
        theme="vi-education",
        deadline_in=20,
        start_in=45,
        end_in=100,
        places=40,
        ects=3,
        eligibility="Students in teacher education at an EC2U university.",
        funding_details="No cost and no grant: the exchange is fully online.",
    ),
    OpportunityData(
        slug="teacher-mobility-early-childhood-education",
        title="Teacher Mobility: Co-teaching in Early Childhood Education",
        alliance="ec2u",
        host="turku",
        kind=Kind.STAFF_MOBILITY,
        audiences=(Audience.ACADEMICS,),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Co-teach a week of classes with colleagues in Turku's early childhood education "
            "programme, and visit local kindergartens."
        ),
        description="""
            Visiting academics teach two or three sessions together with a Turku colleague
            and take part in the department's research seminar.

            Applications for this round are closed; the next round opens in spring.
        """,
        languages=("en", "fi"),
        sdgs=(4,),
        theme="vi-education",
        deadline_in=-5,
        start_in=30,
        end_in=35,
        places=5,
        eligibility="Academics teaching in education sciences at an EC2U university.",
        funding_details="Erasmus+ staff teaching grant.",
    ),
    OpportunityData(
        slug="citizen-science-urban-nature-umea",
        title="Citizen Science: Urban Nature in Winter Cities",
        alliance="ec2u",
        host="umea",
        kind=Kind.CITIZEN_SCIENCE,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.ACADEMICS),
        format=Format.BLENDED,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Record birds, trees and walking routes through the northern winter with Umeå's "
            "residents, as part of the RI4C2 research for cities and citizens."
        ),
        description="""
            ## RI4C2

            Research and Innovation for Cities and Citizens brings residents into research.
            In Umeå, volunteers log observations in a mobile app all winter.

            Students analyse the data in an online seminar and present the results at a
            public evening in the city library.
        """,
        languages=("en", "sv"),
        sdgs=(11, 15, 3),
        theme="vi-cities",
        start_in=14,
        end_in=180,
        eligibility="Anyone at an EC2U university; the field part is in Umeå.",
        funding_details="Travel to the public evening is reimbursed for the student team.",
    ),
    OpportunityData(
        slug="research-internship-nutrition-epidemiology",
        title="Research Internship in Nutrition Epidemiology",
        alliance="ec2u",
        host="umea",
        kind=Kind.TRAINEESHIP,
        audiences=(Audience.MASTER, Audience.DOCTORAL),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Three months in Umeå's public health department, working on a long-running "
            "study of diet and health in northern Sweden."
        ),
        description="""
            Interns clean and analyse survey data, take part in the weekly lab meeting and
            write a short report.

            Good knowledge of R or Stata is expected; Swedish is not.
        """,
        languages=("en", "sv"),
        sdgs=(3, 2),
        theme="vi-health",
        deadline_in=70,
        start_in=120,
        end_in=210,
        places=3,
        eligibility="Master students and doctoral candidates in public health or statistics.",
        funding_details="Erasmus+ traineeship grant; shared student housing can be arranged.",
    ),
    OpportunityData(
        slug="foreu4all-community-of-practice-inclusive-mobility",
        title="FOREU4ALL Community of Practice: Inclusive Mobility",
        alliance="ec2u",
        host=None,
        kind=Kind.EVENT,
        audiences=(Audience.ACADEMICS, Audience.STAFF),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "An online meeting of the community of practice that brings together all "
            "European Universities alliances, this time on mobility for everyone."
        ),
        description="""
            FOREU4ALL connects the people who build European Universities alliances. This
            session compares how alliances support students with disabilities, students
            with children and those from low-income families.

            Open to colleagues of all alliances; contributions of five minutes are welcome.
        """,
        languages=("en",),
        sdgs=(4, 10, 17),
        theme="wp3",
        deadline_in=21,
        start_in=28,
        end_in=28,
        places=100,
        eligibility="Academics and staff working on mobility in any European alliance.",
        funding_details="Free of charge.",
    ),
    OpportunityData(
        slug="ri4c2-challenge-cities-citizens",
        title="RI4C2 Challenge: Research and Innovation for Cities and Citizens",
        alliance="ec2u",
        host=None,
        kind=Kind.CHALLENGE,
        audiences=(Audience.MASTER, Audience.DOCTORAL, Audience.ACADEMICS),
        format=Format.BLENDED,
        funding=Funding.FUNDED,
        summary=(
            "Mixed teams of researchers and students answer questions put by the nine EC2U "
            "cities, and pitch their projects at a final event in Poitiers."
        ),
        description="""
            ## The challenge

            Each city has submitted a question: cooler schoolyards, safer night buses,
            loneliness among older residents, and more.

            Teams work online for three months with a mentor from the city, then meet in
            Poitiers to pitch. The best projects receive seed funding.
        """,
        languages=("en",),
        sdgs=(11, 17),
        theme="vi-cities",
        deadline_in=50,
        start_in=65,
        end_in=160,
        places=10,
        eligibility="Teams of two to five, mixing at least two EC2U universities.",
        funding_details="Travel to Poitiers is covered; seed grants of up to €5,000.",
        place=("Poitiers", "FR"),
    ),
    OpportunityData(
        slug="joint-micro-credential-multilingual-communication",
        title="Joint Micro-credential: Multilingual Communication",
        alliance="ec2u",
        host=None,
        kind=Kind.JOINT_COURSE,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.STAFF),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "A self-paced online course in intercomprehension: learn to understand texts in "
            "the alliance's languages that you never studied."
        ),
        description="""
            Short modules train you to read related languages: Romance, Germanic and
            Finno-Ugric. Tutors from each university run monthly live sessions.

            A micro-credential is awarded after the final assessment.
        """,
        languages=("en", "fr", "de", "it", "es", "pt", "ro", "fi", "sv"),
        sdgs=(4,),
        theme="wp4",
        ects=5,
        eligibility="Students and staff of EC2U universities.",
        funding_details="Free for members of EC2U universities.",
    ),
    OpportunityData(
        slug="online-welcome-desk-erasmus-bubble",
        title="Let's Break the Erasmus Bubble: Online Welcome Desk",
        alliance="ec2u",
        host=None,
        kind=Kind.BUDDY,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.DOCTORAL),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Before you leave, ask students of your host university about housing, "
            "registration and daily life, and get introduced to local students."
        ),
        description="""
            Trained student volunteers of all nine universities answer questions in a
            weekly online drop-in and by message.

            Once you arrive, they connect you with local students, not only with other
            international ones.
        """,
        languages=("en", "fr", "es", "de"),
        sdgs=(4, 10),
        theme="wp3",
        eligibility="Anyone preparing a mobility to an EC2U university.",
    ),
)

TRUMOTION_OPPORTUNITIES = (
    OpportunityData(
        slug="semester-abroad-politics-society-birmingham",
        title="Semester Abroad: Politics and Society in Birmingham",
        alliance="trumotion",
        host="birmingham",
        kind=Kind.SEMESTER_EXCHANGE,
        audiences=(Audience.BACHELOR,),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "A semester in Birmingham's School of Government, with modules on British "
            "politics, public policy and the West Midlands."
        ),
        description="""
            ## Your semester

            Choose three or four modules from the school's catalogue, including one on
            regional government and the city's economy.

            TruMotion students meet monthly with peers from the other six universities.
        """,
        languages=("en",),
        sdgs=(4, 16),
        theme="trust",
        deadline_in=40,
        start_in=120,
        end_in=230,
        places=10,
        ects=30,
        eligibility="Students in political science, sociology or economics, from the second year.",
        funding_details="A TruMotion mobility grant of €450 a month; tuition is waived.",
    ),
    OpportunityData(
        slug="urban-policy-lab-birmingham",
        title="Short-term Mobility: Comparative Urban Policy Lab",
        alliance="trumotion",
        host="birmingham",
        kind=Kind.SHORT_TERM_MOBILITY,
        audiences=(Audience.MASTER,),
        format=Format.BLENDED,
        funding=Funding.FUNDED,
        summary=(
            "Master students compare how Birmingham, Lyon and Łódź govern their "
            "neighbourhoods, online and then during a week in Birmingham."
        ),
        description="""
            The lab combines four online seminars with a week of site visits and meetings
            with city councillors.

            This edition is under way; applications are closed.
        """,
        languages=("en",),
        sdgs=(11, 16),
        theme="second-cities",
        deadline_in=-25,
        start_in=-5,
        end_in=30,
        places=20,
        ects=4,
        eligibility="Master students in urban studies, geography or political science.",
        funding_details="Travel and accommodation during the physical week are covered.",
        status=Status.CLOSED,
    ),
    OpportunityData(
        slug="summer-school-trust-democracy-city",
        title="Summer School: Trust, Democracy and the City",
        alliance="trumotion",
        host="frankfurt",
        kind=Kind.SUMMER_SCHOOL,
        audiences=(Audience.MASTER, Audience.DOCTORAL),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Twelve days in Frankfurt on why people trust, or distrust, their institutions, "
            "with lectures, city walks and a visit to the Paulskirche."
        ),
        description="""
            ## Programme

            - lectures by researchers from all seven TruMotion universities;
            - reading groups on trust, legitimacy and democracy;
            - a poster session for doctoral candidates.
        """,
        languages=("en", "de"),
        sdgs=(16, 11),
        theme="trust",
        deadline_in=35,
        start_in=80,
        end_in=91,
        places=25,
        ects=5,
        eligibility="Master students and doctoral candidates of TruMotion universities.",
        funding_details="Travel, accommodation and meals are covered.",
    ),
    OpportunityData(
        slug="citizen-science-neighbourhood-trust-frankfurt",
        title="Citizen Science: Neighbourhood Trust Survey in Frankfurt",
        alliance="trumotion",
        host="frankfurt",
        kind=Kind.CITIZEN_SCIENCE,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.STAFF),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Help residents of three Frankfurt neighbourhoods design and run a survey on "
            "trust between neighbours, and discuss the results with them."
        ),
        description="""
            Residents choose the questions; students and staff help with sampling,
            interviews and the analysis.

            Join for a few afternoons or for the whole year.
        """,
        languages=("de", "en"),
        sdgs=(16, 11),
        theme="trust",
        start_in=7,
        end_in=300,
        eligibility="Students and staff in Frankfurt; German is helpful for interviews.",
    ),
    OpportunityData(
        slug="internship-lyon-urban-research-lab",
        title="Internship at a Lyon Urban Research Lab",
        alliance="trumotion",
        host="lyon2",
        kind=Kind.TRAINEESHIP,
        audiences=(Audience.MASTER,),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "A research internship in a Lyon laboratory studying the circular economy in "
            "the metropolitan area: waste, repair and reuse."
        ),
        description="""
            Interns take part in fieldwork with local repair cafés and recycling centres,
            and in the analysis of interviews.

            The lab works in French and English.
        """,
        languages=("fr", "en"),
        sdgs=(11, 12),
        theme="second-cities",
        deadline_in=50,
        start_in=110,
        end_in=200,
        places=3,
        eligibility="Master students in geography, sociology or environmental studies.",
        funding_details="The legal French internship stipend; a TruMotion travel grant.",
    ),
    OpportunityData(
        slug="semester-exchange-lyon2-urban-studies",
        title="Semester Exchange at Lyon 2: Sociology and Urban Studies",
        alliance="trumotion",
        host="lyon2",
        kind=Kind.SEMESTER_EXCHANGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "Study a semester in Lyon with courses in sociology, anthropology and urban "
            "studies, some of them taught in English."
        ),
        description="""
            Courses in French and English on the Berges du Rhône campus, and French
            classes at every level.

            A fieldwork course takes you to Lyon's suburbs and their renewal projects.
        """,
        languages=("fr", "en"),
        sdgs=(11, 10),
        theme="second-cities",
        deadline_in=55,
        start_in=130,
        end_in=250,
        places=8,
        ects=30,
        eligibility="Students of TruMotion universities; French at level B1 recommended.",
        funding_details="An Erasmus+ study grant, or a TruMotion grant outside Erasmus+ countries.",
    ),
    OpportunityData(
        slug="virtual-exchange-trust-public-institutions",
        title="Virtual Exchange: Trust in Public Institutions",
        alliance="trumotion",
        host="sciencespo-lyon",
        kind=Kind.VIRTUAL_EXCHANGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Eight online sessions where students from six countries compare how much "
            "their fellow citizens trust courts, parliaments and the police."
        ),
        description="""
            ## Format

            Weekly sessions of ninety minutes, with short readings and a comparative
            group project on survey data.

            Credits are recognised by your home university.
        """,
        languages=("en", "fr"),
        sdgs=(16,),
        theme="trust",
        deadline_in=25,
        start_in=50,
        end_in=110,
        places=48,
        ects=4,
        eligibility="Students of TruMotion universities in the social sciences.",
        funding_details="Free; no mobility grant as the exchange is online.",
    ),
    OpportunityData(
        slug="atelier-doctoral-mesurer-confiance-politique",
        title="Atelier doctoral : mesurer la confiance politique",
        alliance="trumotion",
        host="sciencespo-lyon",
        kind=Kind.EVENT,
        audiences=(Audience.DOCTORAL,),
        format=Format.ON_SITE,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "Deux journées à Lyon pour présenter sa thèse et discuter des méthodes de mesure "
            "de la confiance politique."
        ),
        description="""
            Chaque doctorant présente un chapitre en cours, discuté par un chercheur
            confirmé d'une autre université TruMotion.

            Un atelier méthodologique porte sur les enquêtes et les expériences.
        """,
        languages=("fr", "en"),
        sdgs=(16,),
        theme="trust",
        deadline_in=28,
        start_in=60,
        end_in=61,
        places=20,
        eligibility="Doctorants des universités TruMotion en science politique ou sociologie.",
        funding_details="Hébergement pris en charge ; voyage à la charge des participants.",
        text_language="fr",
    ),
    OpportunityData(
        slug="joint-programme-second-cities-social-innovation",
        title="Joint Programme Module: Second Cities and Social Innovation",
        alliance="trumotion",
        host="cattolica",
        kind=Kind.JOINT_COURSE,
        audiences=(Audience.MASTER,),
        format=Format.BLENDED,
        funding=Funding.PARTLY_FUNDED,
        summary=(
            "A module of TruMotion's joint master programme: social enterprises, "
            "cooperatives and gender equality in Milan and other second cities."
        ),
        description="""
            Online seminars run by four universities, then two weeks in Milan visiting
            social enterprises and cooperatives.

            The module counts towards TruMotion's joint master degree.
        """,
        languages=("en", "it"),
        sdgs=(11, 10, 5),
        theme="second-cities",
        deadline_in=45,
        start_in=90,
        end_in=180,
        places=20,
        ects=10,
        eligibility="Master students of TruMotion universities.",
        funding_details="A grant covers the two weeks in Milan.",
    ),
    OpportunityData(
        slug="summer-school-milan-migration-religion-society",
        title="Summer School in Milan: Migration, Religion and Society",
        alliance="trumotion",
        host="cattolica",
        kind=Kind.SUMMER_SCHOOL,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary="Two weeks in Milan on migration, faith communities and social cohesion.",
        description="""
            Lectures, visits to places of worship and meetings with community
            organisations.

            Dates and fees are not yet confirmed.
        """,
        languages=("en", "it"),
        sdgs=(10, 16),
        theme="trust",
        deadline_in=75,
        start_in=140,
        end_in=153,
        places=30,
        ects=4,
        eligibility="Students of TruMotion universities.",
        funding_details="A participation fee will apply.",
        status=Status.DRAFT,
    ),
    OpportunityData(
        slug="research-project-post-industrial-second-cities",
        title="Research Project: Post-industrial Second Cities",
        alliance="trumotion",
        host="lodz",
        kind=Kind.RESEARCH_PROJECT,
        audiences=(Audience.DOCTORAL, Audience.ACADEMICS),
        format=Format.BLENDED,
        funding=Funding.FUNDED,
        summary=(
            "Join a comparative project on how former textile and industrial cities, from "
            "Łódź to Birmingham, reinvent their economy and identity."
        ),
        description="""
            ## The project

            Researchers from five TruMotion universities compare housing, labour markets
            and cultural policy in post-industrial second cities.

            Visiting researchers spend one to three months in Łódź and take part in the
            project's online workshops.
        """,
        languages=("en", "pl"),
        sdgs=(11, 8),
        theme="second-cities",
        start_in=30,
        end_in=365,
        places=3,
        eligibility="Doctoral candidates and researchers in geography, sociology or economics.",
        funding_details="Travel and a monthly allowance for stays in Łódź.",
    ),
    OpportunityData(
        slug="lodz-welcome-week-crew",
        title="Volunteering: Łódź Welcome Week Crew",
        alliance="trumotion",
        host="lodz",
        kind=Kind.VOLUNTEERING,
        audiences=(Audience.BACHELOR,),
        format=Format.ON_SITE,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Help incoming students settle in during Łódź's welcome week: airport pick-ups, "
            "city tours and the international evening."
        ),
        description="""
            The crew meets twice for training before the week starts.

            Applications are closed; the crew for the next semester is recruited later.
        """,
        languages=("pl", "en"),
        sdgs=(4, 10),
        deadline_in=-15,
        start_in=10,
        end_in=16,
        places=25,
        eligibility="Students of the University of Lodz.",
    ),
    OpportunityData(
        slug="staff-exchange-week-student-wellbeing",
        title="Staff Exchange Week: Student Services and Wellbeing",
        alliance="trumotion",
        host="telaviv",
        kind=Kind.STAFF_MOBILITY,
        audiences=(Audience.STAFF,),
        format=Format.ON_SITE,
        funding=Funding.FUNDED,
        summary=(
            "A week in Tel Aviv for student services staff: counselling, accessibility and "
            "support for international students."
        ),
        description="""
            - visits to the university's counselling and accessibility units;
            - workshops on supporting students under stress;
            - an exchange of practices with colleagues from the other six universities.
        """,
        languages=("en", "he"),
        sdgs=(3, 4),
        deadline_in=30,
        start_in=70,
        end_in=74,
        places=8,
        eligibility="Staff of TruMotion universities working in student services.",
        funding_details="A TruMotion staff grant covers travel and accommodation.",
    ),
    OpportunityData(
        slug="virtual-exchange-language-tandem",
        title="Virtual Exchange: Language Tandem Across Second Cities",
        alliance="trumotion",
        host="telaviv",
        kind=Kind.VIRTUAL_EXCHANGE,
        audiences=(Audience.BACHELOR, Audience.MASTER, Audience.STAFF),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Pairs of learners from TruMotion universities teach each other their languages "
            "in weekly online meetings over a semester."
        ),
        description="""
            You are matched with a partner whose language you want to learn, and who wants
            to learn yours. A coordinator proposes topics for each week.

            Matching for this semester is complete.
        """,
        languages=("he", "it", "pl", "fr", "de", "en"),
        sdgs=(4, 10),
        deadline_in=-7,
        start_in=14,
        end_in=120,
        places=120,
        ects=2,
        eligibility="Students and staff of TruMotion universities.",
        funding_details="Free of charge.",
    ),
    OpportunityData(
        slug="foreu4all-webinar-trust-mobility",
        title="FOREU4ALL Webinar: Trust and Mobility Across Alliances",
        alliance="trumotion",
        host=None,
        kind=Kind.EVENT,
        audiences=(Audience.ACADEMICS, Audience.STAFF),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "A webinar of the FOREU4ALL community of practice: how alliances build trust "
            "between institutions to recognise each other's courses."
        ),
        description="""
            Speakers from three alliances present their approach to automatic recognition
            and joint quality assurance, followed by an open discussion.
        """,
        languages=("en",),
        sdgs=(4, 17),
        deadline_in=14,
        start_in=21,
        end_in=21,
        places=200,
        eligibility="Staff and academics of any European Universities alliance.",
        funding_details="Free of charge.",
    ),
    OpportunityData(
        slug="trumotion-mentors-peer-mentoring",
        title="TruMotion Mentors: Peer Mentoring for Incoming Students",
        alliance="trumotion",
        host=None,
        kind=Kind.BUDDY,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.VIRTUAL,
        funding=Funding.SELF_FUNDED,
        summary=(
            "Students who have been abroad with TruMotion mentor those about to leave: "
            "choosing courses, finding housing and settling in."
        ),
        description="""
            Mentors and mentees meet online at least three times: before departure, in
            the first month and halfway through the stay.

            Mentors receive a short training and a certificate.
        """,
        languages=("en",),
        sdgs=(4, 10),
        eligibility="Students of TruMotion universities preparing or back from a mobility.",
    ),
    OpportunityData(
        slug="second-cities-challenge-urban-trust",
        title="Second Cities Challenge: Rethinking Urban Trust",
        alliance="trumotion",
        host=None,
        kind=Kind.CHALLENGE,
        audiences=(Audience.BACHELOR, Audience.MASTER),
        format=Format.VIRTUAL,
        funding=Funding.FUNDED,
        summary=(
            "Teams across the seven universities propose ways for second cities to "
            "rebuild trust between residents and local government."
        ),
        description="""
            ## How it works

            Teams of three to five, from at least two universities, get a brief from one
            of the partner cities and six weeks to answer it.

            Finalists pitch online to a jury of researchers and city officials.
        """,
        languages=("en",),
        sdgs=(11, 12, 16),
        theme="second-cities",
        deadline_in=40,
        start_in=55,
        end_in=120,
        places=12,
        eligibility="Students of TruMotion universities, in teams.",
        funding_details="The winning team is invited to present in Frankfurt, all costs covered.",
    ),
)

OPPORTUNITIES = EC2U_OPPORTUNITIES + TRUMOTION_OPPORTUNITIES
