"""The demo of what people know, written after the demo accounts exist (setup_demo): competence profiles,
lessons learned, news and questions to the coordinator.

Each demo account writes its own competence profile (only the owner may), with parts visible to colleagues so
that the search ("norska" finds Hans) and the coverage page show something. Hans and Karin write the lessons of
two finished engagements; Sara publishes three news items and keeps one draft; Hans asks Sara a question that
she answers and publishes as a FAQ entry, and Karin's question waits for an answer. All through the actions, so
history and notifications are real; the other apps' actions are imported inside the functions, as in
finance_seed.py, so the engagements app does not import them when it loads.

Every step looks for what it would write first and leaves it alone when it is there, so running it again adds
nothing. A step whose account or record is missing is skipped, with the reason in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from utblick.engagements.demo.coordination_seed import (
    DemoReport,
    Missing,
    account,
    demo_accounts,
    engagement,
    run_step,
)


# ---------------------------------------------------------------------------------------------------
# Competence profiles
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoProfile:
    username: str
    languages: tuple[tuple[str, str], ...]  # (ISO 639-1 code, CEFR level)
    eu: tuple[str, ...] = ()  # names in the EU knowledge list (competence migration 0002)
    experiences: tuple[dict, ...] = ()
    networks: tuple[str, ...] = ()  # names of the partner register's networks (partners_data.NETWORKS)
    other_networks: str = ""
    help_note: str = ""
    private: tuple[str, ...] = ()  # parts (models.PARTS) only the owner sees; the others are visible


PROFILES = (
    DemoProfile(
        "sara",
        languages=(("en", "C2"), ("fr", "B1")),
        eu=("EU-finansiering", "Interreg"),
        experiences=(
            {
                "country": "BE",
                "place": "Bryssel",
                "start_year": 2012,
                "end_year": 2013,
                "description": "Praktik på Mittsverigekontoret i Bryssel: bevakade sammanhållningspolitiken och "
                "hjälpte kommuner att hitta partner till EU-projekt.",
            },
        ),
        networks=("Mittsverigekontoret i Bryssel", "Europaforum Norra Sverige"),
        help_note="Läser ansökningar till Interreg och andra EU-program och hjälper till med budgeten.",
    ),
    DemoProfile(
        "hans",
        languages=(("no", "C1"), ("en", "B2")),
        eu=("Erasmus+",),
        experiences=(
            {
                "country": "NO",
                "place": "Trondheim",
                "start_year": 2009,
                "end_year": 2011,
                "description": "Arbetade två år som lärare på en videregående skole i Trondheim.",
            },
        ),
        networks=("Gränskommittén Jämtland–Härjedalen–Trøndelag",),
        help_note="Tolkar på norska vid besök och berättar hur en Erasmus+-ansökan för skolan går till.",
    ),
    DemoProfile(
        "karin",
        languages=(("en", "C1"), ("de", "B2")),
        experiences=(
            {
                "country": "GB",
                "place": "Skottland",
                "start_year": 2016,
                "end_year": 2017,
                "description": "Ett år på ett kulturhus i Inverness med utbyten mellan musiker i Skottland och Norden.",
            },
        ),
        other_networks="Nätverket för sydsamisk kultur – kontaktperson för Härjedalen",
        private=("willing", "engagements"),
    ),
    DemoProfile("fredrik", languages=(("en", "B2"),), private=("eu", "experience", "networks", "willing")),
    DemoProfile(
        "per",
        languages=(("en", "B1"), ("no", "B1")),
        networks=("Gränskommittén Jämtland–Härjedalen–Trøndelag",),
        private=("willing",),
    ),
    DemoProfile("lisa", languages=(("en", "B2"), ("fi", "A2")), private=("experience", "networks", "willing")),
)


def _profile(report: DemoReport, spec: DemoProfile, accounts: dict) -> None:
    from utblick.competence import actions
    from utblick.competence.models import PARTS, CompetenceProfile, EuKnowledge, Visibility
    from utblick.partners.models import Network

    user = account(accounts, spec.username)
    if CompetenceProfile.objects.filter(user=user).exists():
        return
    areas = list(EuKnowledge.objects.filter(name__in=spec.eu, is_active=True))
    networks = list(Network.objects.filter(name__in=spec.networks))
    profile = actions.profile_of(user, create=True)
    fields = {
        f"show_{part}": Visibility.PRIVATE if part in spec.private else Visibility.VISIBLE for part, _label in PARTS
    }
    fields |= {"other_networks": spec.other_networks, "willing_to_help": bool(spec.help_note)}
    fields |= {"help_note": spec.help_note}
    actions.update_profile(profile, by=user, fields=fields, eu_knowledge=areas, networks=networks)
    for language, level in spec.languages:
        actions.set_language(profile, by=user, language=language, level=level)
    for experience in spec.experiences:
        actions.save_experience(profile, None, by=user, fields=experience)
    report.add("profile")


# ---------------------------------------------------------------------------------------------------
# Lessons learned
# ---------------------------------------------------------------------------------------------------
LESSONS = (
    (
        "hans",
        "Erasmus+ jobbskuggning för lärare i Highland",
        {
            "title": "Jobbskuggning i Highland: en vecka räcker om förberedelserna är gjorda",
            "worked": "Att varje lärare hade en namngiven kollega att följa hela veckan. Skolorna i Highland tog "
            "emot oss väl, och vi fick se hur de organiserar undervisning i små skolor på landsbygden.",
            "did_not_work": "Resan över London tog en hel dag åt vardera hållet. Vi bokade för sent och fick "
            "dyra biljetter.",
            "advice": "Boka resan när ansökan är beviljad, inte senare. Be värdskolan om ett schema två veckor "
            "innan och bestäm i förväg hur ni ska dela med er av det ni lärt er när ni kommer hem.",
        },
    ),
    (
        "karin",
        "Härjedalsk folkmusik på Rørosmartnan",
        {
            "title": "Rørosmartnan: marknaden är en bra scen för folkmusik från Härjedalen",
            "worked": "Samarbetet med Destinasjon Røros gav oss scentid och marknadsföring utan kostnad. "
            "Spelmännen spelade för fulla hus två kvällar.",
            "did_not_work": "Instrumenten fick inte plats i minibussen; vi fick hyra en släpvagn i sista stund.",
            "advice": "Ta kontakt med Destinasjon Røros redan på hösten. Planera transporten av instrument "
            "separat och ha med intyg för tullen om ni tar med instrument som säljs på plats.",
        },
    ),
)


def _lesson(report: DemoReport, username: str, title: str, fields: dict, accounts: dict) -> None:
    from utblick.knowledge.lessons_actions import write_lesson
    from utblick.knowledge.models import Lesson

    writer = account(accounts, username)
    finished = engagement(title)
    if Lesson.objects.filter(engagement=finished).exists():
        return
    partners = list(finished.organisations.all())
    countries = [str(c.country) for c in finished.countries.all()]
    write_lesson(finished, by=writer, fields={**fields, "partners": partners, "countries": countries})
    report.add("lesson")


# ---------------------------------------------------------------------------------------------------
# News: published in this order, so the newest (the call) comes first on the start page
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoNews:
    title: str
    text: str
    category: str  # knowledge.models.Category
    units: tuple[str, ...] = ()  # unit codes; empty: to everyone
    link: str = ""
    engagement: str = ""  # the title of a demo engagement it is about
    publish: bool = True


NEWS = (
    DemoNews(
        "Europadagen den 9 maj: öppet hus om kommunens internationella arbete",
        "På Europadagen har kommunhuset i Sveg öppet hus mellan klockan 14 och 18. Verksamheterna berättar om sina "
        "utbyten och projekt, och den internationella samordnaren svarar på frågor om EU-program.\n\n"
        "Vill din verksamhet ha ett bord? Anmäl det till samordnaren senast två veckor före.",
        "event",
    ),
    DemoNews(
        "Erasmus+ för skolorna: informationsmöte om ackrediteringen 2027–2030",
        "Barn, utbildning och fritid förbereder en ansökan om Erasmus+-ackreditering för 2027–2030. Med en "
        "ackreditering kan skolorna söka pengar till elevutbyten och jobbskuggning varje år utan en ny stor ansökan."
        "\n\nAlla rektorer och lärare som vill resa med elever eller jobbskugga kollegor i Europa är välkomna till "
        "ett informationsmöte. Hans Eriksson berättar hur ackrediteringen fungerar och vad skolorna behöver göra.",
        "international",
        units=("buf",),
        link="https://erasmus-plus.ec.europa.eu/",
        engagement="Erasmus+-ackreditering för skolväsendet 2027–2030",
    ),
    DemoNews(
        "Utlysning: nya projekt inom Interreg Sverige–Norge",
        "Programmet Interreg Sverige–Norge öppnar en ny ansökningsomgång för projekt som stärker samarbetet över "
        "gränsen, bland annat inom besöksnäring, grön omställning och service i glesbygd.\n\n"
        "Har du en idé? Hör av dig till den internationella samordnaren i god tid, gärna två månader före sista "
        "ansökningsdag, så hjälper vi till med partner, budget och medfinansiering.",
        "call",
    ),
    DemoNews(
        "Folkmusik från Härjedalen på Rørosmartnan",
        "Spelmän från Härjedalen spelade för fulla hus på Rørosmartnan. Läs vad Kultur och fritid lärde sig av "
        "samarbetet med Destinasjon Røros.",
        "international",
        engagement="Härjedalsk folkmusik på Rørosmartnan",
        publish=False,
    ),
)


def _news(report: DemoReport, spec: DemoNews, accounts: dict) -> None:
    from utblick.knowledge.models import Article
    from utblick.knowledge.news_actions import save_article
    from utblick.organisation.models import OrgUnit

    sara = account(accounts, "sara")
    if Article.objects.filter(title=spec.title).exists():
        return
    units = list(OrgUnit.objects.filter(code__in=spec.units))
    if len(units) != len(spec.units):
        raise Missing(_("enheterna %(codes)s finns inte") % {"codes": ", ".join(spec.units)})
    fields = {
        "title": spec.title,
        "text": spec.text,
        "category": spec.category,
        "link": spec.link,
        "for_everyone": not spec.units,
        "units": units,
        "engagement": engagement(spec.engagement) if spec.engagement else None,
    }
    save_article(by=sara, fields=fields, publish=spec.publish)
    report.add("news" if spec.publish else "draft")


# ---------------------------------------------------------------------------------------------------
# Fråga samordnaren and the FAQ
# ---------------------------------------------------------------------------------------------------
ANSWERED_SUBJECT = "Erasmus+ för jobbskuggning i Norge?"
OPEN_SUBJECT = "Officiell kontakt för residenset i Akureyri?"


def _answered_question(report: DemoReport, accounts: dict) -> None:
    from utblick.knowledge import advice_actions
    from utblick.knowledge.models import AdviceRequest
    from utblick.knowledge.models_advice import FaqCategory
    from utblick.policy.models import Area

    hans, sara = account(accounts, "hans"), account(accounts, "sara")
    if AdviceRequest.objects.filter(asker=hans, subject=ANSWERED_SUBJECT).exists():
        return
    school = Area.objects.filter(code="skola").order_by("-pk").first()
    request = advice_actions.ask(
        by=hans,
        fields={
            "subject": ANSWERED_SUBJECT,
            "question": "Två lärare på gymnasiet vill jobbskugga kollegor på Røros videregående skole i vår. Kan "
            "vi söka Erasmus+ för det, fast Norge inte är med i EU?",
            "engagement": engagement("Erasmus+ elevutbyte med Røros videregående skole"),
            "area": school,
            "country": "NO",
        },
    )
    advice_actions.answer(
        request,
        by=sara,
        text="Ja. Norge deltar fullt ut i Erasmus+ genom EES-avtalet, så jobbskuggning i Norge kan få bidrag på "
        "samma sätt som i ett EU-land. Har skolan ingen ackreditering söker ni ett kortsiktigt projekt hos "
        "Universitets- och högskolerådet; räkna med att ansökan ska in flera månader före resan. Skicka gärna "
        "utkastet till mig innan ni lämnar in det.",
    )
    advice_actions.publish_faq(
        request,
        by=sara,
        fields={
            "question": "Kan vi få Erasmus+-bidrag för jobbskuggning i Norge, som inte är med i EU?",
            "answer": "Ja. Norge deltar fullt ut i Erasmus+ genom EES-avtalet, så jobbskuggning och elevutbyten i "
            "Norge kan få bidrag på samma sätt som i ett EU-land. En skola utan ackreditering söker ett "
            "kortsiktigt projekt hos Universitets- och högskolerådet, flera månader före resan. Den "
            "internationella samordnaren läser gärna ansökan innan den lämnas in.",
            "category": FaqCategory.FUNDING,
            "area": school,
        },
    )
    report.add("advice")
    report.add("faq")


def _open_question(report: DemoReport, accounts: dict) -> None:
    from utblick.knowledge import advice_actions
    from utblick.knowledge.models import AdviceRequest

    karin = account(accounts, "karin")
    if AdviceRequest.objects.filter(asker=karin, subject=OPEN_SUBJECT).exists():
        return
    advice_actions.ask(
        by=karin,
        fields={
            "subject": OPEN_SUBJECT,
            "question": "Konstnärsresidenset i Akureyri är beslutat, men Akureyrarbær vill skriva ett avtal med "
            "kommunen. Blir det då en officiell kontakt som ska godkännas, och vem ska i så fall skriva under?",
            "engagement": engagement("Konstnärsresidens i Akureyri"),
            "country": "IS",
        },
    )
    report.add("advice")


# ---------------------------------------------------------------------------------------------------
def seed_knowledge() -> DemoReport:
    """Competence profiles, lessons, news and advice; needs the demo accounts."""
    report = DemoReport()
    accounts = demo_accounts()
    for spec in PROFILES:
        what = _("Kompetensprofilen för %(name)s") % {"name": spec.username}
        run_step(report, what, lambda r, spec=spec: _profile(r, spec, accounts))
    for username, title, fields in LESSONS:
        what = _("Erfarenheten från ”%(title)s”") % {"title": title}
        run_step(report, what, lambda r, u=username, t=title, f=fields: _lesson(r, u, t, f, accounts))
    for spec in NEWS:
        what = _("Nyheten ”%(title)s”") % {"title": spec.title}
        run_step(report, what, lambda r, spec=spec: _news(r, spec, accounts))
    run_step(report, _("Den besvarade frågan till samordnaren"), lambda r: _answered_question(r, accounts))
    run_step(report, _("Den obesvarade frågan till samordnaren"), lambda r: _open_question(r, accounts))
    return report
