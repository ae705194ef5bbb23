from django.contrib import admin

from utblick.policy.models import Area, Objective, Policy, PriorityCriterion

admin.site.register(Policy)
for model in (Objective, PriorityCriterion, Area):
    admin.site.register(model, list_display=["code", "name", "policy", "is_active"], list_filter=["is_active"])
