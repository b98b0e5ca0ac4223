"""The demo's MyAcademicID: an OpenID Connect provider on loopback, started by ``make run``.

``python -m demo.identity_provider [--host 127.0.0.1] [--port 9400]`` serves oidc-provider-mock
with the demo identities below; its sign-in page offers each as a button. It accepts any client
and plain HTTP: it is for trying the hub on one's own machine, never a real identity provider.
"""

import argparse
import os
import warnings

REFEDS_MFA = "https://refeds.org/profile/mfa"

# Subject: what MyAcademicID would say of the person (claims of the scopes the hub requests).
DEMO_IDENTITIES: dict[str, dict] = {
    # A new student of Coimbra with a private address: the provider gives the home university.
    "maria.santos": {
        "email": "maria.santos@mail.example",
        "email_verified": True,
        "name": "Maria Santos (demo)",
        "given_name": "Maria",
        "family_name": "Santos",
        "schac_home_organization": "uc.pt",
        "schac_personal_unique_code": ["urn:schac:personalUniqueCode:int:esi:uc.pt:2026-0001"],
        "voperson_external_affiliation": ["student@uc.pt", "member@uc.pt"],
    },
    # The demo student of Poitiers: MyAcademicID speaks for her university, so it links her account.
    "student.poitiers": {
        "email": "student@poitiers.example",
        "email_verified": True,
        "name": "Poitiers student",
        "schac_home_organization": "univ-poitiers.fr",
        "voperson_external_affiliation": ["student@univ-poitiers.fr"],
    },
    # A new member of staff of Jena who signed in with two factors at their university (REFEDS MFA).
    "jonas.weber": {
        "email": "jonas.weber@mail.example",
        "email_verified": True,
        "name": "Jonas Weber (demo)",
        "schac_home_organization": "uni-jena.de",
        "voperson_external_affiliation": ["staff@uni-jena.de"],
        "acr": REFEDS_MFA,
    },
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9400)
    options = parser.parse_args(argv)

    # The mock's own dependency warns of its deprecations at import (authlib shows them always,
    # by a filter of its own): not the demo's concern.
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.filterwarnings("ignore", category=AuthlibDeprecationWarning)
    import oidc_provider_mock
    from werkzeug.serving import run_simple

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP, on loopback only
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in DEMO_IDENTITIES.items()]
    run_simple(options.host, options.port, oidc_provider_mock.app(user_claims=users), threaded=True)


if __name__ == "__main__":
    main()
