"""The site's front door: the home page (where a signed-in user's work starts) and the
navigation, both decided by the user's permissions."""
