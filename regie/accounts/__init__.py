"""Accounts of staff and firm users: the second factor and its locks, log-in lock-outs, each user's language,
and the staff groups with the permissions the apps give them."""
