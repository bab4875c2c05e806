"""Mail: the outbox that stores and sends every message with retries (outbox), composing one text as plain and
HTML in the reader's language (compose), headers every mail reader reads alike (headers), and a regie's mails
from its templates, its name and its addresses, to readers grouped by language (messages)."""
