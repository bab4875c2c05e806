"""E-invoices as proof of a redemption: UBL 2.1 (Peppol BIS Billing 3.0) Invoice and CreditNote files, read
safely and validated against the UBL 2.1 schema and the official EN 16931 and Peppol rules (rules/README.md).

A pure library: bytes in, an `EInvoice` out or `EInvoiceRefused` raised; no models, no database."""
from vouchers.einvoices.model import EInvoice, EInvoiceRefused, Line, Party, enterprise_number_of
from vouchers.einvoices.reading import looks_like_einvoice, read_einvoice
from vouchers.einvoices.validation import warm_up

__all__ = ["EInvoice", "EInvoiceRefused", "Line", "Party", "enterprise_number_of", "looks_like_einvoice",
           "read_einvoice", "warm_up"]
