"""Fictitious demo content loaded by `manage.py seed_demo` (the real region is in enterprises/region.py).

Every enterprise here is invented and marked as demo.
"""

# slug: (nl, fr, en)
CATEGORIES = {
    "groenonderhoud": ("Groenonderhoud", "Entretien des espaces verts", "Green maintenance"),
    "schoonmaak": ("Schoonmaak", "Nettoyage", "Cleaning"),
    "catering": ("Catering en traiteur", "Restauration et traiteur", "Catering"),
    "assemblage-verpakking": ("Assemblage en verpakking", "Assemblage et conditionnement", "Assembly and packaging"),
    "logistiek": ("Logistiek en opslag", "Logistique et stockage", "Logistics and storage"),
    "drukwerk-mailing": ("Drukwerk en mailing", "Impression et mailing", "Printing and mailing"),
    "wassen-strijken": ("Wassen en strijken", "Blanchisserie et repassage", "Laundry and ironing"),
    "fietsherstel": ("Fietsherstel", "Réparation de vélos", "Bicycle repair"),
    "hergebruik": ("Hergebruik en tweedehands", "Réemploi et seconde main", "Reuse and second-hand"),
    "recyclage": ("Recyclage", "Recyclage", "Recycling"),
    "renovatie-klussen": ("Renovatie en klussen", "Rénovation et petits travaux", "Renovation and odd jobs"),
    "it-refurbishing": ("IT-refurbishing", "Reconditionnement informatique", "IT refurbishing"),
    "naaiatelier": ("Naaiatelier", "Atelier de couture", "Sewing workshop"),
    "houtbewerking": ("Houtbewerking", "Menuiserie", "Woodworking"),
    "administratie": ("Digitalisering en administratie", "Numérisation et administration",
                      "Digitisation and admin support"),
}

# The demo firms that also work for private households (kringwinkels, bicycle repair, ironing, odd jobs...).
SERVE_HOUSEHOLDS = frozenset({
    "Kringwinkel Jekervallei", "Het Strijkhuis Tongeren", "Bilzerse Fietsenbank", "Klusdienst Demervallei",
    "Kringwinkel Maasland-Riemst", "Fietspunt Vroenhoven", "Naaiatelier De Draad",
})

# (name, kind, place, [category slugs], (summary nl, fr, en))
ENTERPRISES = [
    ("De Groene Hand", "maatwerkbedrijf", "Tongeren", ["groenonderhoud"], (
        "Onderhoud van bedrijfstuinen, hagen en grasperken in heel Zuidoost-Limburg.",
        "Entretien de jardins d'entreprise, de haies et de pelouses dans tout le sud-est du Limbourg.",
        "Upkeep of company gardens, hedges and lawns throughout south-east Limburg.")),
    ("Kringwinkel Jekervallei", "kringwinkel", "Tongeren", ["hergebruik", "recyclage"], (
        "Tweedehands meubels, kantoorinrichting en ophaling van herbruikbare goederen.",
        "Meubles de seconde main, mobilier de bureau et collecte de biens réutilisables.",
        "Second-hand furniture, office fittings and collection of reusable goods.")),
    ("Atelier Ambiorix", "maatwerkafdeling", "Tongeren", ["assemblage-verpakking", "logistiek"], (
        "Assemblage, verpakking en kleine logistiek voor kmo's, ook in kleine reeksen.",
        "Assemblage, conditionnement et petite logistique pour PME, même en petites séries.",
        "Assembly, packaging and small-scale logistics for SMEs, small batches too.")),
    ("Proper & Co", "lde", "Henis", ["schoonmaak"], (
        "Schoonmaak van kantoren, praktijkruimtes en winkels, ook na werkuren.",
        "Nettoyage de bureaux, cabinets et magasins, aussi en dehors des heures de travail.",
        "Cleaning of offices, practices and shops, also after hours.")),
    ("Het Strijkhuis Tongeren", "lde", "Tongeren", ["wassen-strijken"], (
        "Wassen en strijken van werkkledij, tafellinnen en handdoeken.",
        "Lavage et repassage de vêtements de travail, de linge de table et de serviettes.",
        "Washing and ironing of workwear, table linen and towels.")),
    ("Drukkerij De Letterzetter", "maatwerkbedrijf", "Berg", ["drukwerk-mailing", "administratie"], (
        "Drukwerk, adressering en mailings, van visitekaartje tot nieuwsbrief.",
        "Impression, adressage et mailings, de la carte de visite à la lettre d'information.",
        "Printing, addressing and mailings, from business cards to newsletters.")),
    ("Bilzerse Fietsenbank", "arbeidszorg", "Bilzen", ["fietsherstel", "hergebruik"], (
        "Herstel en onderhoud van bedrijfsfietsen, ook op locatie.",
        "Réparation et entretien de vélos d'entreprise, aussi sur place.",
        "Repair and maintenance of company bicycles, on site too.")),
    ("Keuken van Spouwen", "maatwerkafdeling", "Spouwen", ["catering"], (
        "Broodjeslunches, recepties en vergadercatering met seizoensproducten.",
        "Lunchs sandwichs, réceptions et traiteur pour réunions avec des produits de saison.",
        "Sandwich lunches, receptions and meeting catering with seasonal produce.")),
    ("Groenploeg Munsterbilzen", "lde", "Munsterbilzen", ["groenonderhoud"], (
        "Maaien, snoeien en onkruidbeheer zonder pesticiden.",
        "Tonte, taille et désherbage sans pesticides.",
        "Mowing, pruning and weed control without pesticides.")),
    ("ReBoot Computers", "maatwerkbedrijf", "Beverst", ["it-refurbishing", "recyclage"], (
        "Opgeknapte laptops en pc's met garantie, en veilige gegevenswissing.",
        "Ordinateurs portables et PC reconditionnés avec garantie, et effacement sécurisé des données.",
        "Refurbished laptops and PCs with warranty, and secure data wiping.")),
    ("Naaiatelier De Draad", "arbeidszorg", "Eigenbilzen", ["naaiatelier"], (
        "Bedrukte en geborduurde werkkledij, herstellingen en kleine confectie.",
        "Vêtements de travail imprimés et brodés, retouches et petite confection.",
        "Printed and embroidered workwear, alterations and small-scale tailoring.")),
    ("Klusdienst Demervallei", "lde", "Hoelbeek", ["renovatie-klussen"], (
        "Schilderwerk, kleine herstellingen en verhuishulp voor bedrijven.",
        "Peinture, petites réparations et aide au déménagement pour entreprises.",
        "Painting, small repairs and moving help for businesses.")),
    ("Houtatelier Hoeselt", "maatwerkbedrijf", "Hoeselt", ["houtbewerking", "renovatie-klussen"], (
        "Maatwerk in hout: standen, rekken, paletmeubelen en inrichting.",
        "Sur mesure en bois : stands, étagères, meubles en palettes et aménagement.",
        "Custom woodwork: stands, shelving, pallet furniture and fittings.")),
    ("Proper Hoeselt", "lde", "Werm", ["schoonmaak", "wassen-strijken"], (
        "Schoonmaak en was- en strijkservice voor kleine bedrijven.",
        "Nettoyage et service de lavage et de repassage pour petites entreprises.",
        "Cleaning and a laundry and ironing service for small businesses.")),
    ("Verpakkingscentrum Schalkhoven", "maatwerkafdeling", "Schalkhoven", ["assemblage-verpakking"], (
        "Ompakken, etiketteren en samenstellen van geschenkpakketten.",
        "Reconditionnement, étiquetage et composition de colis-cadeaux.",
        "Repacking, labelling and assembling gift boxes.")),
    ("Het Scanatelier", "arbeidszorg", "Romershoven", ["administratie"], (
        "Scannen en digitaliseren van archieven en facturen, discreet en zorgvuldig.",
        "Numérisation d'archives et de factures, avec discrétion et soin.",
        "Scanning and digitising archives and invoices, carefully and discreetly.")),
    ("Kringwinkel Maasland-Riemst", "kringwinkel", "Riemst", ["hergebruik", "recyclage"], (
        "Tweedehands kantoormeubilair en ophaling bij bedrijfsverhuis.",
        "Mobilier de bureau de seconde main et enlèvement lors d'un déménagement d'entreprise.",
        "Second-hand office furniture and collection when a business moves.")),
    ("Mergeltuin Kanne", "lde", "Kanne", ["groenonderhoud", "catering"], (
        "Groenonderhoud en een streekbuffet met producten uit de eigen moestuin.",
        "Entretien des espaces verts et buffet régional avec les produits de notre potager.",
        "Green maintenance and a regional buffet with produce from our own kitchen garden.")),
    ("Fietspunt Vroenhoven", "arbeidszorg", "Vroenhoven", ["fietsherstel"], (
        "Onderhoud van fietsvloten en elektrische fietsen voor werknemers.",
        "Entretien de flottes de vélos et de vélos électriques pour le personnel.",
        "Maintenance of bicycle fleets and e-bikes for staff.")),
    ("Logistiek Vlijtingen", "maatwerkbedrijf", "Vlijtingen", ["logistiek", "assemblage-verpakking"], (
        "Opslag, orderpicking en verzending van webshopbestellingen.",
        "Stockage, préparation et expédition de commandes de boutiques en ligne.",
        "Storage, order picking and shipping of web shop orders.")),
    ("Brasserie Val-Meer", "maatwerkafdeling", "Val-Meer", ["catering"], (
        "Lunch, vergaderarrangementen en catering voor personeelsfeesten.",
        "Déjeuners, formules réunion et traiteur pour fêtes du personnel.",
        "Lunches, meeting packages and catering for staff parties.")),
    ("Voerens Groen", "lde", "Sint-Martens-Voeren", ["groenonderhoud", "houtbewerking"], (
        "Onderhoud van hoogstamboomgaarden, hagen en houtkanten in het Voerense landschap.",
        "Entretien de vergers haute tige, de haies et de bandes boisées dans le paysage fouronnais.",
        "Upkeep of standard orchards, hedges and woodland edges in the Voeren landscape.")),
    ("Atelier Fouron", "arbeidszorg", "'s-Gravenvoeren", ["naaiatelier", "assemblage-verpakking"], (
        "Tweetalig atelier (Nederlands/Frans) voor naaiwerk en verpakking van streekproducten.",
        "Atelier bilingue (néerlandais/français) de couture et de conditionnement de produits régionaux.",
        "Bilingual (Dutch/French) workshop for sewing and packaging regional produce.")),
    ("Drukwerk Teuven", "maatwerkafdeling", "Teuven", ["drukwerk-mailing"], (
        "Tweetalige folders, affiches en mailings voor bedrijven uit de Voerstreek.",
        "Dépliants, affiches et mailings bilingues pour les entreprises des Fourons.",
        "Bilingual leaflets, posters and mailings for businesses in the Voeren area.")),
    ("Schoonmaakdienst Moelingen", "lde", "Moelingen", ["schoonmaak"], (
        "Schoonmaak van gîtes, vakantiewoningen en kantoren.",
        "Nettoyage de gîtes, maisons de vacances et bureaux.",
        "Cleaning of holiday cottages, rental homes and offices.")),
    ("Repair Café Pro Remersdaal", "other", "Remersdaal", ["it-refurbishing", "renovatie-klussen"], (
        "Herstel van kleine toestellen en IT-materiaal in plaats van vervangen.",
        "Réparation de petits appareils et de matériel informatique au lieu de les remplacer.",
        "Repairing small appliances and IT equipment instead of replacing them.")),
]

DESCRIPTION = (
    ("{name} is een fictieve onderneming uit de demogegevens van dit portaal. Ze toont hoe een "
     "sociale-economieonderneming zich voorstelt: wat ze doet, voor wie, en hoe een bedrijf er met de "
     "kennismakingscheque kan starten."),
    ("{name} est une entreprise fictive des données de démonstration de ce portail. Elle montre comment "
     "une entreprise d'économie sociale se présente : ce qu'elle fait, pour qui, et comment une entreprise "
     "peut commencer avec le chèque découverte."),
    ("{name} is a fictitious enterprise from this portal's demo data. It shows how a social-economy "
     "enterprise presents itself: what it does, for whom, and how a business can start with the "
     "introduction cheque."),
)

# username: (first name, last name, [enterprise names])
FIRM_USERS = {
    "partner-groenehand": ("Sofie", "Demo", ["De Groene Hand"]),
    "partner-kringwinkel": ("Karim", "Demo", ["Kringwinkel Jekervallei", "Kringwinkel Maasland-Riemst"]),
    "partner-fouron": ("Amélie", "Demo", ["Atelier Fouron"]),
}


# The second demo regie (regie/regies/demo.py SECOND_REGIE), fictional, with an area of its own: its municipalities
# and postcodes, as load_region's REGION has them: slug: ((nl, fr, en), [(postcode, place nl, place fr or "")]).
SECOND_REGION = {
    "maasmechelen": (("Maasmechelen", "Maasmechelen", "Maasmechelen"), [
        ("3630", "Maasmechelen", ""), ("3630", "Eisden", ""), ("3630", "Leut", ""), ("3630", "Meeswijk", ""),
        ("3630", "Opgrimbie", ""), ("3630", "Vucht", ""), ("3630", "Mechelen-aan-de-Maas", "")]),
    "lanaken": (("Lanaken", "Lanaken", "Lanaken"), [
        ("3620", "Lanaken", ""), ("3620", "Gellik", ""), ("3620", "Neerharen", ""), ("3620", "Rekem", ""),
        ("3620", "Veldwezelt", "")]),
    "dilsen-stokkem": (("Dilsen-Stokkem", "Dilsen-Stokkem", "Dilsen-Stokkem"), [
        ("3650", "Dilsen", ""), ("3650", "Elen", ""), ("3650", "Lanklaar", ""), ("3650", "Rotem", ""),
        ("3650", "Stokkem", "")]),
}

# The second regie's own demo firms, as ENTERPRISES; it also lists the firms of SHARED_FIRMS (one firm, one login,
# listed by both regies).
SECOND_ENTERPRISES = [
    ("Maaswerk Groen", "maatwerkbedrijf", "Eisden", ["groenonderhoud", "schoonmaak"], (
        "Groenonderhoud en schoonmaak van bedrijfsterreinen langs de Maas.",
        "Entretien des espaces verts et nettoyage de sites d'entreprise le long de la Meuse.",
        "Green maintenance and cleaning of business sites along the Meuse.")),
    ("Kringwinkel Maasvallei", "kringwinkel", "Lanaken", ["hergebruik"], (
        "Tweedehands kantoormeubels en ophaling van wat een bedrijf niet meer gebruikt.",
        "Mobilier de bureau de seconde main et collecte de ce qu'une entreprise n'utilise plus.",
        "Second-hand office furniture and collection of what a business no longer uses.")),
    ("Atelier Rekem", "arbeidszorg", "Rekem", ["houtbewerking", "assemblage-verpakking"], (
        "Houtbewerking op maat en kleine assemblageopdrachten, in een rustig atelier.",
        "Menuiserie sur mesure et petits travaux d'assemblage, dans un atelier calme.",
        "Custom woodworking and small assembly jobs, in a quiet workshop.")),
]
SHARED_FIRMS = ["Kringwinkel Maasland-Riemst"]
SECOND_FIRM_USERS = {
    "partner-maaswerk": ("Mehmet", "Demo", ["Maaswerk Groen", "Kringwinkel Maasvallei", "Atelier Rekem"]),
}
