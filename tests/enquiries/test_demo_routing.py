"""The routing promises of the issue, with the demo alliances' own people."""

import pytest

from accounts.models import User
from enquiries.services import enquiry_submit
from opportunities.models import Opportunity

pytestmark = pytest.mark.django_db


def _about(demo_slug_host: str | None, alliance: str) -> Opportunity:
    return (
        Opportunity.objects.open_now()
        .filter(alliance__slug=alliance, host_university__slug=demo_slug_host)
        .first()
    )


def _submit(email: str, opportunity: Opportunity):
    requester = User.objects.get(email=email)
    return enquiry_submit(
        requester=requester, alliance=opportunity.alliance, subject="S", message="M", opportunity=opportunity
    )


def test_student_of_a_lands_in_a_s_queue_not_b_s_nor_the_central_office(demo):
    enquiry = _submit("student@coimbra.example", _about("salamanca", "ec2u"))
    assert enquiry.queue.university.slug == "coimbra"


def test_outsider_lands_at_the_central_office(demo):
    enquiry = _submit("visitor@elsewhere.example", _about("pavia", "ec2u"))
    assert (enquiry.queue.university, enquiry.queue.alliance.code) == (None, "EC2U")


def test_ec2u_member_asking_about_a_trumotion_opportunity_lands_at_trumotion_s_central_office(demo):
    enquiry = _submit("academic@turku.example", _about("lodz", "trumotion"))
    assert (enquiry.queue.university, enquiry.queue.alliance.code) == (None, "TRUMOTION")
