"""The calendar's URLs under /kalender/: the page, the user's subscriptions and the iCalendar feeds."""

from django.urls import path

from utblick.engagements.views import calendar

app_name = "calendar"

urlpatterns = [
    path("", calendar.calendar_page, name="page"),
    path("prenumeration/enhet/", calendar.create_unit_feed_page, name="create_unit_feed"),
    path("prenumeration/<int:pk>/fornya/", calendar.renew_feed_page, name="renew_feed"),
    path("ical/<str:token>.ics", calendar.feed, name="feed"),
]
