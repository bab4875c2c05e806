"""What the staff groups may do with the enterprises app's models (granted from EnterprisesConfig.ready)."""
from regie.accounts.groups import COORDINATORS, FINANCE, grant


def grant_permissions():
    grant(COORDINATORS, [
        "enterprises.view_municipality", "enterprises.add_municipality", "enterprises.change_municipality",
        "enterprises.view_postcode", "enterprises.add_postcode", "enterprises.change_postcode",
        "enterprises.delete_postcode",
        "enterprises.view_areapostcode", "enterprises.add_areapostcode", "enterprises.delete_areapostcode",
        "enterprises.view_servicecategory", "enterprises.add_servicecategory",
        "enterprises.change_servicecategory", "enterprises.delete_servicecategory",
        "enterprises.view_socialenterprise", "enterprises.add_socialenterprise",
        "enterprises.change_socialenterprise",
        "enterprises.view_firmlisting", "enterprises.change_firmlisting", "enterprises.delete_firmlisting",
        "enterprises.view_firmmembership", "enterprises.add_firmmembership",
        "enterprises.change_firmmembership", "enterprises.delete_firmmembership",
    ])
    grant(FINANCE, ["enterprises.view_socialenterprise"])
