"""Errors that actions raise for the views to show as Swedish sentences."""

from django.core.exceptions import ValidationError


class PolicyViolation(ValidationError):
    """The policy's requirements for a step are not met; the messages say what is missing."""


class ConcurrentEdit(ValidationError):
    """Someone else saved the record after this form was opened."""
