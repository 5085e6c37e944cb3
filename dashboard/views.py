"""Dashboard pages. Views only call selectors and render; no maths, no ORM queries of their own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The overview every role lands on after signing in."""
    return render(request, "dashboard/overview.html", {})
