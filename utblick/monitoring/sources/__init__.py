"""The coordinator's sources (issue 5, points 1 and 7): pages, checks, actions, OPML, the starter list and health.

Writes go through sources.actions; the fetching itself lives in monitoring.fetching.
"""
