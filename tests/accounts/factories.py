import factory
from allauth.account.models import EmailAddress

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary address (pass ``verified=False`` to leave it unverified)."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@elsewhere.example")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("password")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"primary": True, "verified": True if extracted is None else extracted},
            )
