from django.urls import path

from utblick.knowledge import advice_views, feeds, views

app_name = "knowledge"

urlpatterns: list = [
    path("", views.lessons, name="lessons"),
    path("erfarenheter/att-skriva/", views.lessons_to_write, name="lessons_to_write"),
    path("erfarenheter/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("engagemang/<int:engagement>/erfarenheter/", views.lesson_write, name="lesson_write"),
    path("nyheter/", views.news, name="news"),
    path("nyheter/hantera/", views.news_admin, name="news_admin"),
    path("nyheter/ny/", views.news_edit, name="news_create"),
    path("nyheter/<int:pk>/", views.news_detail, name="news_detail"),
    path("nyheter/<int:pk>/redigera/", views.news_edit, name="news_edit"),
    path("nyheter/<int:pk>/publicera/", views.news_publish, name="news_publish"),
    path("nyheter/<int:pk>/arkivera/", views.news_archive, name="news_archive"),
    path("nyheter/flode/ny-adress/", views.news_feed_renew, name="news_feed_renew"),
    path("nyheter/flode/<str:token>/rss/", feeds.rss, name="news_rss"),
    path("nyheter/flode/<str:token>/atom/", feeds.atom, name="news_atom"),
    # Fråga samordnaren and the FAQ (advice_views.py)
    path("fragor/", advice_views.advice_list, name="advice_list"),
    path("fragor/ny/", advice_views.advice_create, name="advice_create"),
    path("fragor/<int:pk>/", advice_views.advice_detail, name="advice_detail"),
    path("fragor/<int:pk>/svara/", advice_views.advice_answer, name="advice_answer"),
    path("fragor/<int:pk>/foljdfraga/", advice_views.advice_follow_up, name="advice_follow_up"),
    path("fragor/<int:pk>/avsluta/", advice_views.advice_close, name="advice_close"),
    path("fragor/<int:pk>/vanlig-fraga/", advice_views.faq_publish, name="faq_publish"),
    path("vanliga-fragor/", advice_views.faq_list, name="faq_list"),
    path("vanliga-fragor/<int:pk>/", advice_views.faq_detail, name="faq_detail"),
    path("vanliga-fragor/<int:pk>/avpublicera/", advice_views.faq_unpublish, name="faq_unpublish"),
]
