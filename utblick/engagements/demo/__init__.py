"""Demo data for Härjedalens kommun: people, partner organisations, engagements and demo accounts.

Used by `manage.py seed_demo` and `manage.py setup_demo`. Everything is deterministic: fixed lists and
a fixed random seed, no dependence on today's date, so screenshots, tests and benchmarks all see the
same register. The demo engagements are written through the actions (engagements/actions.py) by a
system account, so their history is real; the synthetic bulk for benchmarks is written with
multi-row INSERT statements and has no history rows.

The package: data.py (people, organisations, accounts, the demo_engagements() builder),
engagements_data.py (the raw engagement records), seed.py (writing the demo through the actions, the
demo accounts), finance_seed.py (budgets and outcomes), partners_seed.py (contacts, networks, interactions),
coordination_seed.py and knowledge_seed.py (what the demo accounts have done: handovers, approvals,
competence profiles, lessons, news, questions) and synthetic.py (the synthetic bulk). Callers import the package and use the names below.
"""

from utblick.engagements.demo.data import (
    ACCOUNTS,
    ADMIN_USERNAME,
    COUNTRY_NAMES,
    EMAIL_DOMAIN,
    LIFE,
    ORGANISATIONS,
    PEOPLE,
    POLICY_FILE,
    SEED,
    SYSTEM_USERNAME,
    DemoDecision,
    DemoEngagement,
    DemoOrganisation,
    DemoPerson,
    demo_engagements,
)
from utblick.engagements.demo.seed import (
    NewAccount,
    SeedResult,
    accounts_exist,
    create_demo_accounts,
    demo_exists,
    demo_usernames,
    ensure_policy,
    seed_demo,
)
from utblick.engagements.demo.synthetic import (
    BULK_CHUNK,
    add_synthetic_engagements,
)

__all__ = [
    "ACCOUNTS",
    "ADMIN_USERNAME",
    "COUNTRY_NAMES",
    "EMAIL_DOMAIN",
    "LIFE",
    "ORGANISATIONS",
    "PEOPLE",
    "POLICY_FILE",
    "SEED",
    "SYSTEM_USERNAME",
    "DemoDecision",
    "DemoEngagement",
    "DemoOrganisation",
    "DemoPerson",
    "demo_engagements",
    "NewAccount",
    "SeedResult",
    "accounts_exist",
    "create_demo_accounts",
    "demo_exists",
    "demo_usernames",
    "ensure_policy",
    "seed_demo",
    "BULK_CHUNK",
    "add_synthetic_engagements",
]
