"""RSS 2.0 and Atom feeds of the news published to everyone, for the intranet (R-26).

The intranet fetches without logging in, so the URL carries a secret token that the coordinator sees and can
renew on the news admin page; with a renewed token the old URL answers 404. News for chosen units, drafts and
archived news never appear here.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from utblick.knowledge.models import Article, NewsFeedToken

FEED_ITEMS = 30


def absolute(path: str) -> str:
    """The address readers follow from the intranet: Utblick's own (UTBLICK_BASE_URL), not the fetcher's."""
    return settings.UTBLICK_BASE_URL.rstrip("/") + path


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("Nyheter om internationellt arbete")
    description = _("Internationella frågor, utlysningar och evenemang från kommunens internationella samordnare.")

    def get_object(self, request, token):
        if not token or not NewsFeedToken.objects.filter(token=token).exists():
            raise Http404
        return token

    def link(self):
        return absolute(reverse("knowledge:news"))

    def items(self):
        return Article.objects.published().filter(for_everyone=True).order_by("-published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text  # plain text: the feed generator escapes it

    def item_link(self, item):
        return absolute(reverse("knowledge:news_detail", args=[item.pk]))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_category_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description


rss = login_not_required(NewsRssFeed())
atom = login_not_required(NewsAtomFeed())
