"""The web layer every page shares: who is asking (client address, request id), throttles, private-page headers,
addresses per language, bad input and database outages, and the site's own pages."""
