"""Demo enquiries and their stories, played through the enquiry services; running it again changes nothing.

An enquiry is known by its requester's e-mail address and its subject: when one exists, its whole story
is skipped. Stories about an opportunity that cannot take them (closed, or no longer published) are
skipped too, so a demo database seeded long ago stays consistent.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from accounts.models import User
from enquiries.models import Enquiry, Queue, Recommendation, Topic
from enquiries.services.submission import enquiry_submit
from enquiries.services.workflow import (
    enquiry_assign,
    enquiry_forward,
    enquiry_note,
    enquiry_recommend,
    enquiry_record_outcome,
    enquiry_reply,
    enquiry_transition,
)
from institutions.models import Alliance
from opportunities.models import Opportunity

from .data import VISITOR_EMAIL

logger = logging.getLogger(__name__)

Kind = Enquiry.Kind
Status = Enquiry.Status
Outcome = Enquiry.Outcome
Verdict = Recommendation.Verdict

EC2U_OFFICE = "office@ec2u.example"
TRUMOTION_OFFICE = "office@trumotion.example"


def student(university: str) -> str:
    return f"student@{university}.example"


def academic(university: str) -> str:
    return f"academic@{university}.example"


def coordinator(university: str) -> str:
    return f"coordinator@{university}.example"


class People:
    """The demo accounts by e-mail address, each looked up once."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}

    def __getitem__(self, email: str) -> User:
        if email not in self._users:
            self._users[email] = User.objects.get(email=email)
        return self._users[email]


class Step(Protocol):
    def play(self, enquiry: Enquiry, people: People) -> None: ...


@dataclass(frozen=True)
class Assign:
    """``by`` takes the enquiry on; a new enquiry becomes open."""

    by: str

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_assign(enquiry=enquiry, assignee=people[self.by], by=people[self.by])


@dataclass(frozen=True)
class Reply:
    """A public message; from staff with ``ask``, the enquiry waits for the requester."""

    by: str
    body: str
    ask: bool = False

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_reply(enquiry=enquiry, by=people[self.by], body=self.body, ask=self.ask)


@dataclass(frozen=True)
class Note:
    """An internal note, by the home queue's staff or the host's coordinator."""

    by: str
    body: str

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_note(enquiry=enquiry, by=people[self.by], body=self.body)


@dataclass(frozen=True)
class Forward:
    """Hand over to another queue of the alliance: a university's (by slug), or else the central office."""

    by: str
    reason: str
    university: str | None = None

    def play(self, enquiry: Enquiry, people: People) -> None:
        queues = Queue.objects.filter(alliance_id=enquiry.alliance_id)
        if self.university is None:
            queue = queues.get(university__isnull=True)
        else:
            queue = queues.get(university__slug=self.university, topic="")
        enquiry_forward(enquiry=enquiry, queue=queue, reason=self.reason, by=people[self.by])


@dataclass(frozen=True)
class Recommend:
    """The host university's coordinator gives a view on an application."""

    by: str
    verdict: str
    comment: str

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_recommend(enquiry=enquiry, verdict=self.verdict, comment=self.comment, by=people[self.by])


@dataclass(frozen=True)
class Decide:
    """The home queue records an application's outcome, which resolves it."""

    by: str
    outcome: str

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_record_outcome(enquiry=enquiry, outcome=self.outcome, by=people[self.by])


@dataclass(frozen=True)
class Move:
    """A status change: staff resolve or close, requesters withdraw."""

    by: str
    to: str

    def play(self, enquiry: Enquiry, people: People) -> None:
        enquiry_transition(enquiry=enquiry, to=self.to, by=people[self.by])


@dataclass(frozen=True)
class EnquiryData:
    """One demo enquiry: its first message, then what happened to it, in order.

    Without an opportunity, ``alliance`` (a slug) and ``topic`` say where it goes.
    """

    requester: str
    subject: str
    message: str
    opportunity: str | None = None
    alliance: str | None = None
    kind: str = Kind.QUESTION
    topic: str = Topic.GENERAL
    story: tuple[Step, ...] = ()


POITIERS_QUEUE = (
    EnquiryData(
        requester=student("poitiers"),
        subject="Learning agreement for the spring semester",
        message=(
            "Hello, I will spend the spring semester at the University of Pavia. My learning agreement "
            "still lists two courses that are no longer offered. Who signs the changes on the Poitiers "
            "side, and is there a deadline? (Demo enquiry.)"
        ),
        alliance="ec2u",
        topic=Topic.STUDENT_MOBILITY,
    ),
    EnquiryData(
        requester=student("poitiers"),
        subject="Application: Summer School on Health and Ageing",
        message=(
            "I would like to apply to the Coimbra summer school. I am in the third year of a bachelor in "
            "sociology and wrote my project on isolation of older people in Poitiers. (Demo application.)"
        ),
        opportunity="summer-school-health-ageing-coimbra",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("poitiers")),
            Note(coordinator("poitiers"), "Strong profile; transcript checked, language level B2 confirmed."),
            Recommend(
                coordinator("coimbra"),
                Verdict.RECOMMENDED,
                "Fits the group project on ageing neighbourhoods well.",
            ),
            Reply(
                coordinator("poitiers"),
                "Good news: you have a place at the summer school. Coimbra will write to you about "
                "accommodation within two weeks.",
            ),
            Decide(coordinator("poitiers"), Outcome.ACCEPTED),
        ),
    ),
    EnquiryData(
        requester=academic("poitiers"),
        subject="Application: research stay on democratic resilience",
        message=(
            "I apply for the research stay in Jena. I work on local participation in French mid-sized "
            "cities and would like to compare it with Thuringia. (Demo application.)"
        ),
        opportunity="research-stay-democratic-resilience-jena",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("poitiers")),
            Note(
                coordinator("jena"),
                "Our host group could take this visit in the second half of the stay only.",
            ),
            Recommend(
                coordinator("jena"),
                Verdict.RESERVATIONS,
                "Good fit; the dates would have to move by a month.",
            ),
        ),
    ),
    EnquiryData(
        requester=academic("poitiers"),
        subject="Teaching mobility grant for a week in Salamanca",
        message=(
            "A colleague in Salamanca invited me to teach a block seminar next term. Can EC2U fund a "
            "teaching week, and what do I need to prepare? (Demo enquiry.)"
        ),
        alliance="ec2u",
        topic=Topic.STAFF_MOBILITY,
        story=(
            Reply(
                coordinator("poitiers"),
                "Yes, Erasmus+ staff mobility covers this. Could you tell us the planned dates and the "
                "number of teaching hours? We need at least eight.",
                ask=True,
            ),
        ),
    ),
    EnquiryData(
        requester=student("poitiers"),
        subject="Credit transfer after my semester in Iași",
        message=(
            "My grades from Iași arrived, but the credits do not show in my Poitiers record yet. Is "
            "there anything I should do? (Demo enquiry.)"
        ),
        alliance="ec2u",
        topic=Topic.STUDENT_MOBILITY,
        story=(
            Reply(
                coordinator("poitiers"),
                "The transcript reached the faculty office last week; the credits will appear after the "
                "next jury meeting. Nothing to do on your side.",
            ),
            Reply(student("poitiers"), "Thank you, that is clear."),
            Move(coordinator("poitiers"), Status.RESOLVED),
            Move(coordinator("poitiers"), Status.CLOSED),
        ),
    ),
    EnquiryData(
        requester=student("poitiers"),
        subject="Buddy programme in Salamanca before arrival",
        message=(
            "Can I get a buddy in Salamanca before I arrive in September, or only once I am there? "
            "(Demo enquiry.)"
        ),
        opportunity="buddy-programme-salamanca",
        story=(
            Reply(student("poitiers"), "I found the answer on the programme page, sorry for the noise."),
            Move(student("poitiers"), Status.WITHDRAWN),
        ),
    ),
    EnquiryData(
        requester=academic("poitiers"),
        subject="Joint micro-credential for administrative staff",
        message=(
            "Could our international office staff follow the micro-credential in multilingual "
            "communication, and is it free for member universities? (Demo enquiry.)"
        ),
        opportunity="joint-micro-credential-multilingual-communication",
        story=(
            Assign(coordinator("poitiers")),
            Forward(
                coordinator("poitiers"),
                "The micro-credential is run alliance-wide; the central office handles enrolments.",
            ),
            Assign(EC2U_OFFICE),
            Reply(
                EC2U_OFFICE,
                "Staff of member universities are welcome and there is no fee. We will send the "
                "enrolment form when the next cohort opens.",
            ),
        ),
    ),
)

EC2U_QUEUES = (
    EnquiryData(
        requester=student("coimbra"),
        subject="Application: semester exchange in law and European institutions",
        message=(
            "I apply for the semester in Iași. I am a master student in European law and speak some "
            "Romanian. (Demo application.)"
        ),
        opportunity="semester-exchange-iasi-law-european-institutions",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("coimbra")),
            Recommend(coordinator("iasi"), Verdict.RECOMMENDED, "Solid background in EU law."),
            Reply(
                coordinator("coimbra"),
                "All places are taken for now, but you are first on the waiting list. We will tell you "
                "as soon as a place frees up.",
            ),
            Decide(coordinator("coimbra"), Outcome.WAITLISTED),
        ),
    ),
    EnquiryData(
        requester=academic("coimbra"),
        subject="Staff mobility to Umeå for a research visit",
        message=(
            "I plan a two-week visit to a nutrition research group in Umeå. Which form do I fill in "
            "for staff mobility funding? (Demo enquiry.)"
        ),
        alliance="ec2u",
        topic=Topic.STAFF_MOBILITY,
    ),
    EnquiryData(
        requester=student("coimbra"),
        subject="Application: virtual exchange on teaching sustainable futures",
        message=(
            "I would like to join the virtual exchange with Turku. I study primary education and "
            "lead an eco-club at a school. (Demo application.)"
        ),
        opportunity="virtual-exchange-teaching-sustainable-futures",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("coimbra")),
            Recommend(
                coordinator("turku"),
                Verdict.NOT_RECOMMENDED,
                "The exchange targets master students this round.",
            ),
            Reply(
                coordinator("coimbra"),
                "Unfortunately you were not selected this time: the round was reserved for master "
                "students. The next call opens in spring.",
            ),
            Decide(coordinator("coimbra"), Outcome.NOT_SELECTED),
        ),
    ),
    EnquiryData(
        requester=student("jena"),
        subject="Recognition of the Pavia BIP credits",
        message=(
            "If I take the blended intensive programme in Pavia, will Jena recognise the credits in my "
            "master in public health? (Demo enquiry.)"
        ),
        opportunity="bip-public-health-data-cities",
        story=(
            Reply(
                coordinator("jena"),
                "Usually yes, as an elective. Please ask your programme advisor to confirm the module "
                "before you apply.",
            ),
            Reply(student("jena"), "My advisor agreed. Do I need a learning agreement for a BIP too?"),
        ),
    ),
    EnquiryData(
        requester=academic("jena"),
        subject="Application: citizen science on urban nature",
        message=(
            "I would like to contribute to the Umeå citizen science project with my ecology students "
            "here in Jena. (Demo application.)"
        ),
        opportunity="citizen-science-urban-nature-umea",
        kind=Kind.APPLICATION,
    ),
    EnquiryData(
        requester=student("jena"),
        subject="Housing during a short stay in Linz",
        message=("Does the Linz traineeship come with help to find a room for three months? (Demo enquiry.)"),
        opportunity="traineeship-digital-campus-linz",
        story=(
            Reply(
                coordinator("jena"),
                "Linz keeps a few rooms in a student residence for EC2U trainees; mention it in your "
                "application.",
            ),
            Move(coordinator("jena"), Status.RESOLVED),
        ),
    ),
    EnquiryData(
        requester=student("jena"),
        subject="Application: traineeship on the digital campus",
        message=(
            "I apply for the traineeship in Linz. I study computer science and built our faculty's "
            "course planner. (Demo application.)"
        ),
        opportunity="traineeship-digital-campus-linz",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("jena")),
            Move(student("jena"), Status.WITHDRAWN),
        ),
    ),
    EnquiryData(
        requester=VISITOR_EMAIL,
        subject="Joining the online welcome desk from outside EC2U",
        message=(
            "I study at a university that is not in EC2U. Can I still join the online welcome desk "
            "before my exchange in Turku? (Demo enquiry.)"
        ),
        opportunity="online-welcome-desk-erasmus-bubble",
        story=(
            Reply(
                EC2U_OFFICE,
                "Yes: incoming exchange students of any university are welcome. Sign up with the "
                "address your host university gave you.",
            ),
            Move(EC2U_OFFICE, Status.RESOLVED),
        ),
    ),
    EnquiryData(
        requester=VISITOR_EMAIL,
        subject="Becoming an associated partner of EC2U",
        message=(
            "Our city's library network would like to take part in EC2U's civic engagement projects. "
            "Whom should we talk to? (Demo enquiry.)"
        ),
        alliance="ec2u",
        topic=Topic.ENGAGEMENT,
    ),
)

TRUMOTION_QUEUES = (
    EnquiryData(
        requester=student("frankfurt"),
        subject="Application: semester exchange in urban studies",
        message=(
            "I apply for the urban studies semester at Lyon 2. I am in my second year of geography "
            "and my French is at B1. (Demo application.)"
        ),
        opportunity="semester-exchange-lyon2-urban-studies",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("frankfurt")),
            Note(coordinator("lyon2"), "Courses are taught in French; B1 is the minimum we accept."),
            Reply(
                coordinator("frankfurt"),
                "Thank you. Could you upload your latest transcript and a language certificate?",
                ask=True,
            ),
        ),
    ),
    EnquiryData(
        requester=academic("frankfurt"),
        subject="Wellbeing staff week: who can attend?",
        message=(
            "Is the staff exchange week in Tel Aviv open to academics who advise students, or only to "
            "student services staff? (Demo enquiry.)"
        ),
        opportunity="staff-exchange-week-student-wellbeing",
        story=(
            Reply(
                coordinator("frankfurt"),
                "Academic advisors are welcome as long as advising is part of their role.",
            ),
            Reply(academic("frankfurt"), "Perfect, I will apply. Thanks!"),
            Move(coordinator("frankfurt"), Status.RESOLVED),
            Move(coordinator("frankfurt"), Status.CLOSED),
        ),
    ),
    EnquiryData(
        requester=student("frankfurt"),
        subject="Language requirements for a TruMotion semester",
        message=(
            "Which language level do TruMotion partners ask for a semester abroad? I speak English at "
            "C1 and some Italian. (Demo enquiry.)"
        ),
        alliance="trumotion",
        topic=Topic.STUDENT_MOBILITY,
    ),
    EnquiryData(
        requester=student("lyon2"),
        subject="Application: summer school on trust and democracy",
        message=(
            "I apply for the Frankfurt summer school. I am in the first year of a master in political "
            "science, with a thesis on trust in local government. (Demo application.)"
        ),
        opportunity="summer-school-trust-democracy-city",
        kind=Kind.APPLICATION,
        story=(
            Assign(coordinator("lyon2")),
            Recommend(
                coordinator("frankfurt"),
                Verdict.RECOMMENDED,
                "Thesis topic matches the school's second week.",
            ),
            Note(coordinator("lyon2"), "Waiting for the faculty's nomination list before deciding."),
        ),
    ),
    EnquiryData(
        requester=academic("lyon2"),
        subject="Joining the research project on post-industrial cities",
        message=(
            "Our lab studies former textile towns around Lyon. Could we join the Lodz project as an "
            "associated team? (Demo enquiry.)"
        ),
        opportunity="research-project-post-industrial-second-cities",
        story=(
            Reply(
                coordinator("lyon2"),
                "Lodz is interested. Could you send a short description of your team and the cities "
                "you work on?",
                ask=True,
            ),
        ),
    ),
    EnquiryData(
        requester=student("lyon2"),
        subject="Mentor for incoming TruMotion students",
        message=(
            "I would like to become a peer mentor for students coming to Lyon next year. How do I sign "
            "up? (Demo enquiry.)"
        ),
        opportunity="trumotion-mentors-peer-mentoring",
        story=(
            Reply(coordinator("lyon2"), "Just sign up on the programme page; training starts in September."),
            Move(coordinator("lyon2"), Status.RESOLVED),
            Move(coordinator("lyon2"), Status.CLOSED),
        ),
    ),
    EnquiryData(
        requester=student("salamanca"),
        subject="Peer mentoring as an EC2U student",
        message=(
            "I study in Salamanca, which is in EC2U. Can I still become a TruMotion mentor while on "
            "exchange in Frankfurt? (Demo enquiry.)"
        ),
        opportunity="trumotion-mentors-peer-mentoring",
        story=(
            Assign(TRUMOTION_OFFICE),
            Reply(
                TRUMOTION_OFFICE,
                "Probably yes. Which semester will you be in Frankfurt, and will you have a Goethe "
                "University student card?",
                ask=True,
            ),
        ),
    ),
    EnquiryData(
        requester=academic("poitiers"),
        subject="Application: staff exchange week on student wellbeing",
        message=(
            "I coordinate student support in our faculty and apply for the staff week in Tel Aviv. "
            "(Demo application.)"
        ),
        opportunity="staff-exchange-week-student-wellbeing",
        kind=Kind.APPLICATION,
        story=(
            Assign(TRUMOTION_OFFICE),
            Recommend(
                coordinator("telaviv"),
                Verdict.RECOMMENDED,
                "Experience with peer support fits the programme.",
            ),
            Reply(TRUMOTION_OFFICE, "You are accepted; Tel Aviv will send the programme next week."),
            Decide(TRUMOTION_OFFICE, Outcome.ACCEPTED),
        ),
    ),
    EnquiryData(
        requester=VISITOR_EMAIL,
        subject="Taking part in the Second Cities challenge",
        message=(
            "I am a student at a university outside TruMotion. May I join a team in the Second Cities "
            "challenge? (Demo enquiry.)"
        ),
        opportunity="second-cities-challenge-urban-trust",
    ),
)

ENQUIRIES: tuple[EnquiryData, ...] = POITIERS_QUEUE + EC2U_QUEUES + TRUMOTION_QUEUES


def seed_enquiries() -> list[Enquiry]:
    """Submit the demo enquiries not yet there and play their stories; return the new ones."""
    people = People()
    created = []
    for data in ENQUIRIES:
        if Enquiry.objects.filter(requester__email=data.requester, subject=data.subject).exists():
            continue
        enquiry = _submit(data, people)
        if enquiry is None:
            continue
        for step in data.story:
            step.play(enquiry, people)
        created.append(enquiry)
    return created


def _submit(data: EnquiryData, people: People) -> Enquiry | None:
    """Submit the first message, or return None if its opportunity cannot take it now."""
    opportunity = None
    if data.opportunity is not None:
        opportunity = Opportunity.objects.select_related("alliance").filter(slug=data.opportunity).first()
        if not _accepts(opportunity, data.kind):
            logger.warning("Demo enquiry %r skipped: %s cannot take it.", data.subject, data.opportunity)
            return None
    alliance = opportunity.alliance if opportunity else Alliance.objects.get(slug=data.alliance)
    return enquiry_submit(
        requester=people[data.requester],
        alliance=alliance,
        subject=data.subject,
        message=data.message,
        kind=data.kind,
        topic=data.topic,
        opportunity=opportunity,
    )


def _accepts(opportunity: Opportunity | None, kind: str) -> bool:
    if opportunity is None:
        return False
    if kind == Kind.APPLICATION:
        return opportunity.is_open
    return opportunity.status in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)
