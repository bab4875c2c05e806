"""Load the region and the demo catalogue; every function is safe to run again."""
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from stdnum import iban

from enterprises.demo_data import (
    CATEGORIES,
    DESCRIPTION,
    ENTERPRISES,
    FIRM_USERS,
    SECOND_ENTERPRISES,
    SECOND_FIRM_USERS,
    SECOND_REGION,
    SERVE_HOUSEHOLDS,
    SHARED_FIRMS,
)
from enterprises.management.commands.load_region import load_region, region_municipality, region_postcodes
from enterprises.models import FirmMembership, Postcode, ServiceCategory, SocialEnterprise
from enterprises.services import add_to_area, change_listing, list_firm
from regie.dates import add_years


def demo_enterprise_number(index):
    """A valid, clearly made-up enterprise number: 0899.00x.xcc (mod-97 check digits)."""
    base = 8990000 + index
    return f"{base:08d}{97 - base % 97:02d}"


def seed_region(regie=None):
    """The region's municipalities and postcodes, and the area of `regie` (else of the only regie) if it has none."""
    load_region(regie)


def demo_iban(index):
    """A valid, made-up Belgian IBAN of its own for each demo firm (bank code 000, account from the index)."""
    account = f"000{index:07d}"
    account += f"{int(account) % 97 or 97:02d}"
    return "BE" + iban.calc_check_digits("BE00" + account) + account


def seed_categories(regie):
    """`regie`'s service categories (each regie keeps its own list)."""
    for slug, (nl, fr, en) in CATEGORIES.items():
        ServiceCategory.objects.update_or_create(regie=regie, slug=slug,
                                                 defaults={"name_nl": nl, "name_fr": fr, "name_en": en})


def seed_enterprises(regie, enterprises=ENTERPRISES, first_index=1):
    """The demo firms of `enterprises`, listed by `regie` (numbered from `first_index` for their numbers)."""
    categories = {c.slug: c for c in ServiceCategory.objects.of_regie(regie)}
    postcodes = {p.place_nl: p for p in Postcode.objects.all()}
    valid_until = add_years(timezone.localdate().replace(month=12, day=31), 1)  # end of next year
    for index, (name, kind, place, category_slugs, summaries) in enumerate(enterprises, start=first_index):
        slug = slugify(name)
        enterprise, _ = SocialEnterprise.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name, "kind": kind, "enterprise_number": demo_enterprise_number(index),
                "recognition_reference": f"DEMO-SE-{index:03d}", "recognition_valid_until": valid_until,
                "street": f"Demostraat {index}", "postcode": postcodes[place],
                "email": f"info@{slug}.example", "phone": f"+32 12 00 {index:02d} {index:02d}",
                "website": f"https://{slug}.example",
                **{f"summary_{lang}": text for lang, text in zip(("nl", "fr", "en"), summaries, strict=True)},
                **{f"description_{lang}": text.format(name=name)
                   for lang, text in zip(("nl", "fr", "en"), DESCRIPTION, strict=True)},
                **_services(category_slugs),
                "iban": demo_iban(index), "is_demo": True,
                "serves_households": name in SERVE_HOUSEHOLDS,
            },
        )
        enterprise.categories.add(*(categories[c] for c in category_slugs))
        change_listing(listing=list_firm(regie=regie, enterprise=enterprise, by=None), by=None, is_published=True,
                       accepts_cheques=True)


def _services(category_slugs):
    """The services text of a demo firm: one line per category, in each language."""
    return {
        f"services_{lang}": "\n".join(CATEGORIES[slug][i] for slug in category_slugs)
        for i, lang in enumerate(("nl", "fr", "en"))
    }


def seed_firm_users(password, users=FIRM_USERS):
    """Partner accounts; the password is set only when the account is new."""
    User = get_user_model()
    for username, (first_name, last_name, firm_names) in users.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@demo.example"},
        )
        if created:
            user.set_password(password)
            user.save()
        for firm in SocialEnterprise.objects.filter(name__in=firm_names):
            FirmMembership.objects.get_or_create(user=user, enterprise=firm)


def seed(*, regie, firm_password):
    seed_region(regie)
    seed_categories(regie)
    seed_enterprises(regie)
    seed_firm_users(firm_password)


def seed_second_region(regie):
    """The second demo regie's municipalities and postcodes (SECOND_REGION), its area while it has none."""
    covering = []
    for slug, (names, places) in SECOND_REGION.items():
        municipality = region_municipality(slug, names)
        covering += region_postcodes(municipality, [(*place, True) for place in places])
    if not regie.area.exists():
        for postcode in covering:
            add_to_area(regie=regie, postcode=postcode, by=None)


def seed_second(*, regie, firm_password):
    """The second demo regie's area, its firms and their user, and the shared firms it lists too."""
    seed_second_region(regie)
    seed_categories(regie)
    seed_enterprises(regie, SECOND_ENTERPRISES, first_index=len(ENTERPRISES) + 1)
    for firm in SocialEnterprise.objects.filter(name__in=SHARED_FIRMS):
        list_firm(regie=regie, enterprise=firm, by=None)  # with this regie's categories of the same kinds
    seed_firm_users(firm_password, SECOND_FIRM_USERS)
