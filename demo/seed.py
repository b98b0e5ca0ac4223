"""Load the demo alliances, accounts, opportunities and enquiries; running it again changes nothing."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_refresh_home_university
from enquiries.models import Queue, QueueMembership
from institutions.models import Alliance, EmailDomain, SustainableDevelopmentGoal, Theme, University
from institutions.services import sustainable_development_goals_ensure
from opportunities.models import AUDIENCE_FIELDS, Opportunity
from opportunities.services import opportunity_save, opportunity_transition

from .data import ADMIN_EMAIL, ALLIANCES, VISITOR_EMAIL, AllianceData
from .enquiries import seed_enquiries
from .opportunities import OPPORTUNITIES, OpportunityData


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str


@transaction.atomic
def seed_demo(*, password: str, reset_password: bool = False) -> list[DemoAccount]:
    """Create or complete the demo data; return the demo accounts, in a readable order."""
    sustainable_development_goals_ensure()
    accounts = _Accounts(password=password, reset_password=reset_password)
    for data in ALLIANCES:
        alliance = _alliance(data)
        central = _queue(
            alliance=alliance,
            university=None,
            name=f"{alliance.code} central office",
            contact_email=data.office_email,
        )
        office = accounts.get(data.office_email, f"{alliance.code} central office")
        _membership(central, office)
        _role(office, Role.Kind.CENTRAL_OFFICE, alliance, None)
        accounts.add(office, f"central office, {alliance.code}")
        for u in data.universities:
            university = _university(alliance, u)
            queue = _queue(
                alliance=alliance,
                university=university,
                name=f"{university.short_name}: {alliance.code} coordination",
                contact_email="",
            )
            for role in ("student", "academic", "coordinator"):
                user = accounts.get(f"{role}@{u.slug}.example", f"{u.short_name} {role}")
                accounts.add(user, f"{role}, {university.name}")
                if role == "coordinator":
                    _membership(queue, user)
                    _role(user, Role.Kind.COORDINATOR, alliance, university)
    accounts.add(accounts.get(VISITOR_EMAIL, "Visitor from elsewhere"), "outsider (no member university)")
    admin = accounts.get(ADMIN_EMAIL, "Site administrator")
    if not (admin.is_staff and admin.is_superuser):
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    accounts.add(admin, "site administrator")
    for user in accounts.users:
        user_refresh_home_university(user=user)
    _seed_opportunities()
    seed_enquiries()
    return accounts.listed


def _alliance(data: AllianceData) -> Alliance:
    alliance, _ = Alliance.objects.get_or_create(
        slug=data.slug,
        defaults={
            "code": data.code,
            "name": data.name,
            "description": data.description,
            "website": data.website,
            "office_name": data.office_name,
            "office_address": data.office_address,
            "office_phone": data.office_phone,
            "office_email": data.office_email,
        },
    )
    missing = set(data.sdgs) - set(alliance.sdgs.values_list("number", flat=True))
    if missing:
        alliance.sdgs.add(*SustainableDevelopmentGoal.objects.filter(number__in=missing))
    for theme in data.themes:
        Theme.objects.get_or_create(
            alliance=alliance,
            slug=theme.slug,
            defaults={"kind": theme.kind, "code": theme.code, "name": theme.name},
        )
    return alliance


def _university(alliance: Alliance, u) -> University:
    university, _ = University.objects.get_or_create(
        slug=u.slug,
        defaults={
            "alliance": alliance,
            "name": u.name,
            "short_name": u.short_name,
            "city": u.city,
            "country": u.country,
            "time_zone": u.time_zone,
            "erasmus_code": u.erasmus_code,
            "schac_code": u.schac_code,
            "website": u.website,
            "is_coordinating": u.is_coordinating,
        },
    )
    EmailDomain.objects.get_or_create(domain=f"{u.slug}.example", defaults={"university": university})
    return university


def _queue(*, alliance: Alliance, university: University | None, name: str, contact_email: str) -> Queue:
    queue, _ = Queue.objects.get_or_create(
        alliance=alliance,
        university=university,
        topic="",
        defaults={"name": name, "contact_email": contact_email},
    )
    return queue


def _membership(queue: Queue, user: User) -> None:
    QueueMembership.objects.get_or_create(queue=queue, user=user)


def _role(user: User, kind: str, alliance: Alliance, university: University | None) -> None:
    Role.objects.get_or_create(user=user, kind=kind, alliance=alliance, university=university)


def _seed_opportunities() -> None:
    """Create the demo opportunities that do not exist yet, leaving existing ones untouched."""
    today = timezone.localdate()
    existing = set(Opportunity.objects.values_list("slug", flat=True))
    for data in OPPORTUNITIES:
        if data.slug not in existing:
            _opportunity(data, today)


def _opportunity(data: OpportunityData, today: dt.date) -> Opportunity:
    opportunity = _unsaved_opportunity(data, today)
    by = _manager(opportunity.alliance, opportunity.host_university)
    opportunity_save(opportunity=opportunity, languages=list(data.languages), by=by)
    opportunity.sdgs.set(data.sdgs)
    if data.status in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED):
        opportunity = opportunity_transition(opportunity=opportunity, to=Opportunity.Status.PUBLISHED, by=by)
    if data.status == Opportunity.Status.CLOSED:
        opportunity = opportunity_transition(opportunity=opportunity, to=Opportunity.Status.CLOSED, by=by)
    return opportunity


def _unsaved_opportunity(data: OpportunityData, today: dt.date) -> Opportunity:
    alliance = Alliance.objects.get(slug=data.alliance)
    host = University.objects.get(slug=data.host) if data.host else None
    city, country = _place(data, host)
    return Opportunity(
        alliance=alliance,
        host_university=host,
        theme=Theme.objects.get(alliance=alliance, slug=data.theme) if data.theme else None,
        title=data.title,
        slug=data.slug,
        summary=data.summary,
        description=data.markdown,
        text_language=data.text_language,
        kind=data.kind,
        format=data.format,
        city=city,
        country=country,
        start_date=_day(today, data.start_in),
        end_date=_day(today, data.end_in),
        application_deadline=_day(today, data.deadline_in),
        rolling_applications=data.rolling,
        places=data.places,
        ects_credits=None if data.ects is None else Decimal(str(data.ects)),
        funding=data.funding,
        funding_details=data.funding_details,
        eligibility=data.eligibility,
        **{field: audience in data.audiences for audience, field in AUDIENCE_FIELDS.items()},
    )


def _place(data: OpportunityData, host: University | None) -> tuple[str, str]:
    """City and country: none online, else the given place or the host university's."""
    if data.format == Opportunity.Format.VIRTUAL:
        return "", ""
    if data.place:
        return data.place
    if host is None:
        return "", ""
    return host.city, str(host.country)


def _day(today: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else today + dt.timedelta(days=offset)


def _manager(alliance: Alliance, university: University | None) -> User:
    """The host university's coordinator, or the alliance's central office."""
    roles = Role.objects.select_related("user").order_by("pk")
    if university is not None:
        return roles.filter(kind=Role.Kind.COORDINATOR, university=university).first().user
    return roles.filter(kind=Role.Kind.CENTRAL_OFFICE, alliance=alliance).first().user


class _Accounts:
    """Demo people with one verified address each, sharing one password hash."""

    def __init__(self, *, password: str, reset_password: bool) -> None:
        self.password = password
        self.reset_password = reset_password
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}
        self.users: list[User] = []
        self.listed: list[DemoAccount] = []

    def _password_hash(self) -> str:
        # Hashing is deliberately slow; the demo accounts share one hash.
        if self._hash is None:
            self._hash = make_password(self.password)
        return self._hash

    def get(self, email: str, display_name: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(email=email, display_name=display_name, password=self._password_hash())
        elif self.reset_password and not self._matches(user.password):
            user.password = self._password_hash()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        return user

    def _matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(self.password, encoded)
        return self._checked[encoded]

    def add(self, user: User, role: str) -> None:
        if user not in self.users:
            self.users.append(user)
            self.listed.append(DemoAccount(user.email, role))
