"""Blank forms, rendered once: a form page's HTML differs between visitors only in its CSRF token
and submission id, and rendering the GOV.UK components for a long questionnaire takes far longer
than anything else a request does (about 30 ms for Trafford's form, against 1 ms for a file).

The first render of a blank form is kept with its token and submission id swapped for markers;
later visitors get that HTML with their own values put back. A page with answers, errors or a
warning is always rendered in full. Entries are keyed by the definition's version, so an edited
file is never served from an old render, and by the page's language (survey.web.language), so a
Welsh page is never served from an English render.
"""
from __future__ import annotations

from typing import Callable

from flask import current_app, g

CSRF_MARK = "HYS-CSRF-TOKEN-MARK"
SUBMISSION_MARK = "HYS-SUBMISSION-ID-MARK"


def _cache() -> dict:
    return current_app.extensions.setdefault("haveyoursay.pagecache", {})


def blank_page(key: tuple, render: Callable[[], str], csrf_token: str,
               submission_id: str | None = None) -> str:
    """The page for `key`, rendered by `render` the first time. `csrf_token` and
    `submission_id` are the values this render used (and this visitor gets)."""
    cache = _cache()
    # The young person's language and version (survey.respond.chosen) change every word.
    key = (*key, g.get("language", ""), (g.get("chosen") or {}).get("age", ""))
    template = cache.get(key)
    if template is None:
        html = render()
        template = html.replace(csrf_token, CSRF_MARK)
        if submission_id:
            template = template.replace(submission_id, SUBMISSION_MARK)
        if template.count(CSRF_MARK) != 1 or (submission_id and template.count(SUBMISSION_MARK) != 1):
            return html  # the values are not where expected: never cache a page that could leak
        cache[key] = template
        return html
    page = template.replace(CSRF_MARK, csrf_token)
    return page.replace(SUBMISSION_MARK, submission_id) if submission_id else page
