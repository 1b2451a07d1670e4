"""The council's logo on the settings page: upload one (PNG or SVG), see it, remove it.

A consultation built in the browser has no folder of logos, so the file is kept in the database
(survey.store.logos) and the definition names it (organisation.logo: UPLOADED[media type]), which
is what makes every page show it, through the same route as a shipped consultation's logo.

What must stay true: nothing is stored that is not checked here first. A PNG is known by its
signature and header chunk; an SVG must be well-formed SVG with nothing that could run or fetch:
no script, no event handler (on...=), no reference outside the file (an href or url() that is not
"#id", an @import, a stylesheet instruction), no foreign object and no DOCTYPE (whose entities
could swell or reach outside). The route serves an SVG with a Content-Security-Policy that runs
nothing even so. A refusal names what is wrong and stores nothing. These pages join the settings
blueprint, as the scale and condition pages do.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # nosec B405: only UTF-8 text with no DOCTYPE is parsed (check_svg)
from dataclasses import replace

from flask import flash, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from survey.builder import editing
from survey.builder.editing import token_problems
from survey.builder.settings import bp, settings_page
from survey.store import logos
from survey.web import errors as error_pages
from survey.web.catalogue import editable_or_404
from survey.web.form_errors import FieldError
from survey.web.per_request import get_db

MOST_BYTES = 200 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
UPLOADED = {"image/png": "uploaded-logo.png", "image/svg+xml": "uploaded-logo.svg"}

NO_FILE = "Select a PNG or SVG file to upload as the logo"
TOO_BIG = "The logo must be a PNG or SVG file of 200 KB or less; this one is {size:,} KB"
NOT_AN_IMAGE = ("The logo must be a PNG or SVG file of 200 KB or less; this one is neither "
                "(it does not start as a PNG or an SVG does)")
NOT_SVG = "The logo is not a well-formed SVG file: {problem}"
UNSAFE_SVG = "The logo must be an SVG without {what}; this one has {found}"
REMOVED = "The logo has been removed"
SAVED = "The logo has been saved"

# Elements that run or hold another document, by local name (SVG's own and foreign ones alike).
REFUSED_ELEMENTS = {"script": "scripts", "foreignobject": "foreign objects",
                    "iframe": "foreign objects", "embed": "foreign objects",
                    "object": "foreign objects", "handler": "scripts", "listener": "scripts"}
LOCAL_REFERENCE = re.compile(r"^\s*#[\w.:-]*\s*$")
URL_VALUE = re.compile(r"url\(\s*['\"]?\s*([^)'\"]*)", re.IGNORECASE)


class Refused(Exception):
    """The file is not a logo we keep; the message says why, in the settings page's words."""


def media_type_of(data: bytes) -> str:
    """The checked file's media type, or Refused saying what is wrong with it."""
    if not data:
        raise Refused(NO_FILE)
    if len(data) > MOST_BYTES:
        raise Refused(TOO_BIG.format(size=-(-len(data) // 1024)))
    if data.startswith(PNG_SIGNATURE):
        if data[12:16] != b"IHDR":
            raise Refused(NOT_AN_IMAGE)
        return "image/png"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")) and b"<svg" in data.lower():
        check_svg(data)
        return "image/svg+xml"
    raise Refused(NOT_AN_IMAGE)


def check_svg(data: bytes) -> None:
    """Refused unless `data` is an SVG with nothing in it that could run or fetch."""
    try:  # as text, so that no other encoding can hide a DOCTYPE from the look below
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(NOT_SVG.format(problem="it is not written in UTF-8")) from None
    lowered = text.lower()
    if "<!doctype" in lowered or "<!entity" in lowered:
        raise Refused(UNSAFE_SVG.format(what="a DOCTYPE", found="a <!DOCTYPE> declaration"))
    if "<?xml-stylesheet" in lowered:
        raise Refused(UNSAFE_SVG.format(what="external references",
                                        found="an <?xml-stylesheet?> instruction"))
    try:
        # No DOCTYPE, so no entity to expand or fetch.
        root = ET.fromstring(text)  # nosec B314: no DOCTYPE, checked just above
    except ET.ParseError as error:
        raise Refused(NOT_SVG.format(problem=error)) from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise Refused(NOT_AN_IMAGE)
    for element in root.iter():
        namespace, name = _split(element.tag)
        shown = f"<{name}>"
        if name.lower() in REFUSED_ELEMENTS:
            what = REFUSED_ELEMENTS[name.lower()]
            raise Refused(UNSAFE_SVG.format(what=what, found=f"a {shown} element"))
        if namespace != SVG_NAMESPACE:
            raise Refused(UNSAFE_SVG.format(what="foreign objects",
                                            found=f"a {shown} element from another language"))
        for key, value in element.attrib.items():
            attr_namespace, attr = _split(key)
            if attr.lower().startswith("on"):
                raise Refused(UNSAFE_SVG.format(what="event handlers",
                                                found=f"{attr}= on {shown}"))
            if attr == "href" and attr_namespace in ("", XLINK_NAMESPACE) \
                    and not LOCAL_REFERENCE.match(value):
                raise Refused(UNSAFE_SVG.format(what="external references",
                                                found=f"href=\"{value[:60]}\" on {shown}"))
            _check_text(value, shown)
        if name == "style":
            _check_text(element.text or "", shown)


def _check_text(text: str, shown: str) -> None:
    """An attribute's value or a style sheet: url() only to "#id", no @import, no script."""
    lowered = text.lower()
    if "javascript:" in lowered:
        raise Refused(UNSAFE_SVG.format(what="scripts", found=f"a javascript: link in {shown}"))
    if "@import" in lowered:
        raise Refused(UNSAFE_SVG.format(what="external references", found=f"an @import in {shown}"))
    for target in URL_VALUE.findall(text):
        if not LOCAL_REFERENCE.match(target):
            raise Refused(UNSAFE_SVG.format(what="external references",
                                            found=f"url({target[:60]}) in {shown}"))


def _split(tag: str) -> tuple[str, str]:
    """"{namespace}name" as (namespace, name); a name without one has namespace ""."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _uploaded() -> bytes:
    storage = request.files.get("logo")
    if storage is None or not storage.filename:
        return b""
    return storage.stream.read(MOST_BYTES + 1024 * 1024)


@bp.post("/settings/logo")
def upload_logo(consultation_id: str):
    current = editable_or_404(consultation_id)
    errors, data = token_problems(), _uploaded()
    if not errors:
        try:
            media_type = media_type_of(data)
        except Refused as refused:
            errors = [FieldError("logo", str(refused))]
    if errors:
        return settings_page(current, errors=errors)
    db = get_db()
    before = logos.get(db, current.id)
    logos.put(db, current.id, media_type, data)
    back = url_for(".settings", consultation_id=current.id) + "#the-logo"
    if current.organisation.logo == UPLOADED[media_type]:
        flash(SAVED)
        return redirect(back)
    changed = replace(current, organisation=replace(current.organisation,
                                                    logo=UPLOADED[media_type]))
    result = editing.apply(current, changed, back)
    if isinstance(result, list):  # the loader refused: keep what was there
        if before:
            logos.put(db, current.id, before.media_type, before.data)
        else:
            logos.remove(db, current.id)
        return settings_page(current, errors=result)
    return result


@bp.errorhandler(RequestEntityTooLarge)
def too_big_to_send(error: RequestEntityTooLarge):
    """A file over what the app takes in one request (MAX_CONTENT_LENGTH) is refused before the
    upload is read: for the logo, say so on the settings page with its size, as any other
    refusal is said, rather than on the young people's "answers too long" page."""
    if request.endpoint != f"{bp.name}.upload_logo":
        return error_pages.page(413)
    current = editable_or_404(request.view_args["consultation_id"])
    size = -(-(request.content_length or 0) // 1024)
    return settings_page(current, errors=[FieldError("logo", TOO_BIG.format(size=size))]), 413


@bp.post("/settings/logo/remove")
def remove_logo(consultation_id: str):
    current = editable_or_404(consultation_id)
    if errors := token_problems():
        return settings_page(current, errors=errors)
    logos.remove(get_db(), current.id)
    back = url_for(".settings", consultation_id=current.id) + "#the-logo"
    if not current.organisation.logo:
        flash(REMOVED)
        return redirect(back)
    changed = replace(current, organisation=replace(current.organisation, logo=""))
    result = editing.apply(current, changed, back)
    return settings_page(current, errors=result) if isinstance(result, list) else result
