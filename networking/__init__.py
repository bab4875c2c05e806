"""Bringing them together: networking moments (meetings with registration, waiting list, calendar invitation
and QR check-in) and introductions (a business's stated interests passed to the firms they concern, only with
its consent, the outcome marked by the firm). Sits between vouchers and enterprises: vouchers -> networking ->
enterprises -> regie, so the cheque side (applications, dashboard, report) may use it, never the other way.
"""
