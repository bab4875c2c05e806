"""Each regie keeps its own service categories. An install of one regie gives it every category. An install of
several gives the first regie the categories and every other regie a copy of each (same slug and names), and each
firm, application, registration and introduction that named a category names the copy of its own regie: the firm of
each regie that lists it, the application of its call's regie, the registration and introduction of their meeting's.
An install without a regie has no firm, call or user (vouchers 0023), so its categories are named nowhere: they go,
and the regie added later makes its own."""
from django.db import migrations


def _copies(Category, regies):
    """{(original id, regie id): category id}: the first regie keeps each category, the others get a copy."""
    first, *others = regies
    copies = {}
    for category in list(Category.objects.order_by("pk")):
        copies[category.pk, first] = category.pk
        for regie in others:
            copy = Category.objects.create(regie_id=regie, slug=category.slug, **{
                f"name{suffix}": getattr(category, f"name{suffix}") for suffix in ("", "_nl", "_fr", "_en")})
            copies[category.pk, regie] = copy.pk
    Category.objects.filter(pk__in=[copies[key] for key in copies if key[1] == first]).update(regie_id=first)
    return copies


def _rename(through, owner, regie_of, copies):
    """Point each row of the many-to-many table `through` (owner column `owner`) at its owner's regie's copy."""
    rows = list(through.objects.values_list("pk", owner, "servicecategory_id"))
    for pk, owner_id, category in rows:
        for regie in regie_of(owner_id):
            target = copies[category, regie]
            if target != category and not through.objects.filter(
                    **{owner: owner_id, "servicecategory_id": target}).exists():
                through.objects.create(**{owner: owner_id, "servicecategory_id": target})
        if category not in {copies[category, regie] for regie in regie_of(owner_id)}:
            through.objects.filter(pk=pk).delete()


def categories_of_their_regie(apps, schema_editor):
    Regie, Category = apps.get_model("regie", "Regie"), apps.get_model("enterprises", "ServiceCategory")
    regies = list(Regie.objects.order_by("pk").values_list("pk", flat=True))
    if not regies:
        Category.objects.all().delete()
        return
    if len(regies) == 1:
        Category.objects.update(regie_id=regies[0])
        return
    copies = _copies(Category, regies)
    Firm, Listing = apps.get_model("enterprises", "SocialEnterprise"), apps.get_model("enterprises", "FirmListing")
    Application = apps.get_model("vouchers", "Application")
    Registration, Introduction = (apps.get_model("networking", name) for name in ("Registration", "Introduction"))
    listed_by = {}
    for firm, regie in Listing.objects.values_list("enterprise_id", "regie_id"):
        listed_by.setdefault(firm, []).append(regie)
    _rename(Firm.categories.through, "socialenterprise_id", lambda firm: listed_by.get(firm, regies[:1]), copies)
    call_regie = dict(Application.objects.values_list("pk", "call__regie_id"))
    _rename(Application.interested_categories.through, "application_id", lambda pk: [call_regie[pk]], copies)
    meeting_regie = dict(Registration.objects.values_list("pk", "meeting__regie_id"))
    _rename(Registration.interested_categories.through, "registration_id", lambda pk: [meeting_regie[pk]], copies)
    introduction_regie = dict(Introduction.objects.values_list("pk", "regie_id"))
    _rename(Introduction.categories.through, "introduction_id", lambda pk: [introduction_regie[pk]], copies)


def one_list_again(apps, schema_editor):
    """Back to one list: each slug's category of the first regie stays, and what named another regie's copy names
    it instead."""
    Category = apps.get_model("enterprises", "ServiceCategory")
    kept, slug_of = {}, {}
    for pk, slug in Category.objects.order_by("regie_id", "pk").values_list("pk", "slug"):
        kept.setdefault(slug, pk)
        slug_of[pk] = slug
    copies = {pk: kept[slug] for pk, slug in slug_of.items() if kept[slug] != pk}
    owners = [(("enterprises", "SocialEnterprise", "categories"), "socialenterprise_id"),
              (("vouchers", "Application", "interested_categories"), "application_id"),
              (("networking", "Registration", "interested_categories"), "registration_id"),
              (("networking", "Introduction", "categories"), "introduction_id")]
    for (app, model, field), owner in owners:
        through = getattr(apps.get_model(app, model), field).through
        rows = set(through.objects.values_list(owner, "servicecategory_id"))
        through.objects.bulk_create([through(**{owner: owner_id, "servicecategory_id": copies[category]})
                                     for owner_id, category in rows if category in copies
                                     and (owner_id, copies[category]) not in rows], ignore_conflicts=True)
    Category.objects.filter(pk__in=list(copies)).delete()


class Migration(migrations.Migration):
    """Apart from 0007 and 0009, which alter the table: PostgreSQL does not alter a table in the transaction that
    changed its rows (pending trigger events)."""

    dependencies = [
        ("enterprises", "0007_categories_of_a_regie"),
    ]

    operations = [
        migrations.RunPython(categories_of_their_regie, one_list_again, elidable=False),
    ]
