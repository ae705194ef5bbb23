"""The expected answers of the permission matrices: persona -> HTTP status (None is the anonymous visitor).

Personas are those of conftest.py. Anonymous visitors are sent to the login page (302); roles refused a
page get 403, and objects they may not see are 404 (those rows are written out where they differ).
"""

PERSONAS = ["sara", "hans", "karin", "fredrik", "per", "lisa", "erik", None]
# Every internal role reads the partner register; the external actor does not.
READ = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, "erik": 403, None: 302}
# Coordinator, heads of department and case officers keep the register.
WRITE = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 403, "lisa": 403, "erik": 403, None: 302}
# The coordinator's tasks: merging, anonymising, importing, handling introduction requests.
ONLY_SARA = {"sara": 200, "hans": 403, "karin": 403, "fredrik": 403, "per": 403, "lisa": 403, "erik": 403, None: 302}
# Every signed-in account, the external actor included.
EVERYONE = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, "erik": 200, None: 302}
# Trips follow their engagement (one of Barn- och utbildning's, not secret): everyone inside sees it,
# the unit's own staff and the coordinator change it; the external actor does not even see it (404).
TRIP_VIEW = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, "erik": 404, None: 302}
TRIP_CHANGE = {"sara": 200, "hans": 200, "karin": 403, "fredrik": 200, "per": 403, "lisa": 403, "erik": 404, None: 302}
# A secret engagement's trip: only its unit, the committee above it and the coordinator see it.
TRIP_SECRET_VIEW = {
    "sara": 200,
    "hans": 200,
    "karin": 404,
    "fredrik": 200,
    "per": 200,
    "lisa": 404,
    "erik": 404,
    None: 302,
}
# The catalogue of places for visits ("Härjedalens positiva sidor"): internal roles read, the coordinator keeps it.
CATALOGUE_CHANGE = {
    "sara": 200,
    "hans": 403,
    "karin": 403,
    "fredrik": 403,
    "per": 403,
    "lisa": 403,
    "erik": 403,
    None: 302,
}
