"""Mail: the outbox that stores and sends every message with retries (outbox), composing one text as plain and
HTML in the reader's language (compose), and headers every mail reader reads alike (headers)."""
