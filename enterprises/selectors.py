"""Reads for the public catalogue, the firms to choose from on the public forms, and the firm users of a regie."""
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from enterprises.models import Municipality, ServiceCategory, SocialEnterprise
from regie.models import Regie

SEARCH_FIELDS = [
    "name", "summary_nl", "summary_fr", "summary_en", "services_nl", "services_fr", "services_en",
    "description_nl", "description_fr", "description_en", "postcode__place_nl", "postcode__code",
    "postcode__municipality__name_nl",
]


def catalogue(*, regie, text="", municipality=None, category=None, kind="", households=False):
    """The published enterprises `regie` lists matching every given filter, in name order; `households`: only the
    firms that also work for private households."""
    enterprises = SocialEnterprise.objects.for_catalogue(regie)
    for word in text.split()[:8]:
        query = Q()
        for field in SEARCH_FIELDS:
            query |= Q(**{f"{field}__icontains": word})
        enterprises = enterprises.filter(query)
    if municipality:
        enterprises = enterprises.filter(postcode__municipality=municipality)
    if category:
        enterprises = enterprises.filter(categories=category)
    if kind:
        enterprises = enterprises.filter(kind=kind)
    if households:
        enterprises = enterprises.filter(serves_households=True)
    return enterprises


def filter_choices(regie: Regie | None):
    """Municipalities and categories for the catalogue's filters (one query each): the municipalities of the
    published firms `regie` lists, and its service categories."""
    municipalities = Municipality.objects.filter(
        merged_into=None, postcodes__enterprises__in=SocialEnterprise.objects.published_by(regie)).distinct()
    return list(municipalities), list(ServiceCategory.objects.of_regie(regie))


def firms_by_municipality(regie: Regie | None) -> list[tuple[str, list[tuple[int, str]]]]:
    """The published firms `regie` lists as groups of choices, one per municipality: a business looks close to home
    first (the application form and the registration form of a networking moment)."""
    firms = (SocialEnterprise.objects.published_by(regie).select_related("postcode__municipality")
             .order_by("postcode__municipality__name", Lower("name"), "pk"))
    return [(municipality.name, [(firm.pk, firm.name) for firm in group])
            for municipality, group in groupby(firms, key=lambda firm: firm.postcode.municipality)]


def firm_users_of(regie: Regie | None):
    """The accounts (no staff) that act for a firm `regie` lists: the users its staff see."""
    return get_user_model().objects.filter(is_staff=False, is_superuser=False,
                                           firm_memberships__enterprise__in=SocialEnterprise.objects.of_regie(regie))


def firm_users_only_of(regie: Regie | None):
    """Of those, the accounts that act only for firms `regie` alone lists: the users its staff change. One that also
    acts for a firm another regie lists is changed by the platform administrator (it may read that regie's
    redemptions)."""
    return firm_users_of(regie).exclude(
        firm_memberships__enterprise__in=SocialEnterprise.objects.exclude(
            pk__in=SocialEnterprise.objects.of_regie_alone(regie).values("pk")))
