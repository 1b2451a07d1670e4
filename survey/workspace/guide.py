"""The officers' guide, `docs/officers.md`, as a staff page: how to build, open, share, type in
paper returns, theme comments, review safeguarding and download results.

The guide is one Markdown file in the repository, read by people on GitHub and by staff here,
so it is written once. Its pictures are screenshots that the browser test
`tests/test_officer_guide.py` takes of the real pages as it walks the same steps, so they
cannot drift from the pages without that test saying so. Raw HTML in the file is not rendered
(it is our own file, but the page is still only Markdown). If the file is missing (an install
without the repository's docs) the navigation does not offer the guide and the page is 404.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from markdown_it import MarkdownIt

from survey.web.auth import staff_required

bp = Blueprint("guide", __name__, url_prefix="/staff/guide")

# GOV.UK typography for what Markdown makes: the page's own <h1> is the file's first heading.
CLASSES = {"h1": "govuk-heading-xl", "h2": "govuk-heading-l", "h3": "govuk-heading-m",
           "p": "govuk-body", "ul": "govuk-list govuk-list--bullet",
           "ol": "govuk-list govuk-list--number", "a": "govuk-link", "table": "govuk-table",
           "th": "govuk-table__header", "td": "govuk-table__cell", "tr": "govuk-table__row",
           "img": "app-guide__picture"}
PICTURE = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")


def guide_file() -> Path:
    return Path(current_app.config["OFFICERS_GUIDE"])


@bp.app_template_global("has_officers_guide")
def has_guide() -> bool:
    return guide_file().is_file()


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def with_classes(self, tokens, idx, options, env):
        token = tokens[idx]
        if token.tag in CLASSES and token.nesting != -1:
            token.attrSet("class", CLASSES[token.tag])
        if token.tag == "img":
            token.attrSet("class", CLASSES["img"])
            token.attrSet("alt", self.renderInlineAsText(token.children or [], options, env))
        return self.renderToken(tokens, idx, options, env)

    for rule in ("heading_open", "paragraph_open", "bullet_list_open", "ordered_list_open",
                 "link_open", "table_open", "th_open", "td_open", "tr_open", "image"):
        md.add_render_rule(rule, with_classes)
    return md


@lru_cache(maxsize=4)
def _rendered(path: str, changed: float) -> tuple[str, str]:
    """(title, HTML body without the title) of the guide as it was at `changed`."""
    text = Path(path).read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return first.lstrip("# ").strip(), _renderer().render(rest)


@bp.get("/")
@staff_required
def page():
    path = guide_file()
    if not path.is_file():
        abort(404)
    title, body = _rendered(str(path), path.stat().st_mtime)
    return render_template("workspace/guide/guide.html", title=title, body=body)


@bp.get("/officers/<picture>")
@staff_required
def picture(picture: str):
    """A screenshot the guide shows, from docs/officers/ beside it."""
    if not PICTURE.match(picture):
        abort(404)
    return send_from_directory(guide_file().parent / "officers", picture, max_age=3600)
