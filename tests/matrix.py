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
# Official contacts: asking for approval follows the engagement's change permission (an engagement of
# Barn- och utbildning, not secret); only its förvaltningschef answers; the waiting list is for
# förvaltningschefer, and the coordinator sees every open request there.
APPROVAL_REQUEST = TRIP_CHANGE
APPROVAL_ANSWER = {
    "sara": 403,
    "hans": 403,
    "karin": 403,
    "fredrik": 200,
    "per": 403,
    "lisa": 403,
    "erik": 404,
    None: 302,
}
APPROVAL_LIST = {
    "sara": 200,
    "hans": 403,
    "karin": 403,
    "fredrik": 200,
    "per": 403,
    "lisa": 403,
    "erik": 403,
    None: 302,
}
# Kunskap. A lesson of a secret engagement of Barn, utbildning och fritid: seen like the engagement
# (the external actor is refused the whole knowledge section, 403).
LESSON_SECRET_VIEW = {
    "sara": 200,
    "hans": 200,
    "karin": 404,
    "fredrik": 200,
    "per": 200,
    "lisa": 404,
    "erik": 403,
    None: 302,
}
# Writing the lesson of a finished engagement of Barn, utbildning och fritid: its unit and the coordinator (Hans is
# also its responsible civil servant); the external actor does not see the engagement (404).
LESSON_WRITE = {"sara": 200, "hans": 200, "karin": 403, "fredrik": 200, "per": 403, "lisa": 403, "erik": 404, None: 302}
# News to Barn, utbildning och fritid only: its staff and the coordinator; the committee above it is not in it.
NEWS_UNIT_VIEW = {
    "sara": 200,
    "hans": 200,
    "karin": 404,
    "fredrik": 200,
    "per": 404,
    "lisa": 404,
    "erik": 403,
    None: 302,
}
# A news draft: only the coordinator.
NEWS_DRAFT_VIEW = {
    "sara": 200,
    "hans": 404,
    "karin": 404,
    "fredrik": 404,
    "per": 404,
    "lisa": 404,
    "erik": 403,
    None: 302,
}
# Fråga samordnaren: Hans's own request is seen by him and the coordinator only; everyone else inside gets 404 and
# the external actor is refused the whole feature (403).
ADVICE_OF_HANS = {
    "sara": 200,
    "hans": 200,
    "karin": 404,
    "fredrik": 404,
    "per": 404,
    "lisa": 404,
    "erik": 403,
    None: 302,
}
# Posting to it: the coordinator answers (Hans, the asker, is refused), Hans follows up (the coordinator is
# refused), either closes; a successful post returns to the request (302).
ADVICE_ANSWER = {**ADVICE_OF_HANS, "sara": 302, "hans": 403}
ADVICE_FOLLOW_UP = {**ADVICE_OF_HANS, "sara": 403, "hans": 302}
ADVICE_CLOSE = {**ADVICE_OF_HANS, "sara": 302, "hans": 302}
ADVICE_PUBLISH = {**ADVICE_OF_HANS, "hans": 403}
# An unpublished FAQ entry: only the coordinator finds it; unpublishing is the coordinator's (other roles 403).
FAQ_UNPUBLISHED = {
    "sara": 200,
    "hans": 404,
    "karin": 404,
    "fredrik": 404,
    "per": 404,
    "lisa": 404,
    "erik": 403,
    None: 302,
}
FAQ_UNPUBLISH = {
    "sara": 302,
    "hans": 403,
    "karin": 403,
    "fredrik": 403,
    "per": 403,
    "lisa": 403,
    "erik": 403,
    None: 302,
}
# A POST (or a link that acts) on one's own things that every internal role may do, answered with a redirect:
# marking notifications read, opening one's own notification. The external actor has no notifications.
INTERNAL_REDIRECT = {
    "sara": 302,
    "hans": 302,
    "karin": 302,
    "fredrik": 302,
    "per": 302,
    "lisa": 302,
    "erik": 403,
    None: 302,
}
# Handovers to Kommunstyrelsen, for a proposal about one of Barn- och utbildning's engagements (not secret).
# The list: every internal role (each sees their units' proposals; the coordinator all of them).
HANDOVER_LIST = READ
# A handover's page: whoever sees the engagement; the external actor sees nothing (404).
HANDOVER_VIEW = TRIP_VIEW
HANDOVER_SECRET_VIEW = TRIP_SECRET_VIEW
# Proposing follows the right to change the engagement.
HANDOVER_PROPOSE = TRIP_CHANGE
# Proposing a partner relation: coordinator, heads of department and case officers.
HANDOVER_RELATION = WRITE
# Accepting and declining: only the coordinator; others who see the proposal 403, the rest 404.
HANDOVER_ANSWER = {
    "sara": 302,
    "hans": 403,
    "karin": 403,
    "fredrik": 403,
    "per": 403,
    "lisa": 403,
    "erik": 404,
    None: 302,
}
# Withdrawing: the proposer or anyone who may change the engagement.
HANDOVER_WITHDRAW = {
    "sara": 302,
    "hans": 302,
    "karin": 403,
    "fredrik": 302,
    "per": 403,
    "lisa": 403,
    "erik": 404,
    None: 302,
}
