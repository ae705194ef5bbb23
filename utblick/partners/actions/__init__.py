"""Every write to the partner register goes through these functions: permission, validation, transaction, history.

One module per kind of record; everything public is importable from here, as before the split.
"""

from utblick.partners.actions.bulk import (  # noqa: F401
    BULK_CHUNK,
    create_contacts_bulk,
    create_organisations_bulk,
)
from utblick.partners.actions.checks import (  # noqa: F401
    check_contact,
    check_organisation,
)
from utblick.partners.actions.contacts import (  # noqa: F401
    CONTACT_FIELDS,
    CONTACT_TEXT_FIELDS,
    EMAIL_MESSAGE,
    contact_snapshot,
    create_contact,
    update_contact,
)
from utblick.partners.actions.interactions import (  # noqa: F401
    INTERACTION_FIELDS,
    INTERACTION_MAX_DAYS_AHEAD,
    create_interaction,
    interaction_snapshot,
    update_interaction,
)
from utblick.partners.actions.networks import (  # noqa: F401
    FEE_MESSAGE,
    NETWORK_FIELDS,
    NETWORK_TEXT_FIELDS,
    create_network,
    network_snapshot,
    parse_fee,
    update_network,
)
from utblick.partners.actions.organisations import (  # noqa: F401
    EDITABLE_FIELDS,
    WEBSITE_MESSAGE,
    DuplicateOrganisation,
    create_organisation,
    snapshot,
    too_long_texts,
    update_organisation,
    website_validator,
)
