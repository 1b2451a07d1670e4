"""What a screen reader says on the young person's pages, read from Chromium's accessibility tree.

axe-core finds a missing label; it does not find two boxes with the same label, a radio that
never says which question it answers, or a hint that nothing points to. These tests read the
tree a screen reader reads (CDP `Accessibility.getFullAXTree`) on every page of every shipped
consultation, and check where focus goes after a mistake and after the skip link.
"""
from __future__ import annotations

from collections import Counter

import pytest
from conftest import TRAFFORD_FORM, REPO, TRAFFORD

# The browser tests' server and phone-sized pages, shared as fixtures.
from test_browser import (PHONE, SHIPPED, browser, fill_shown_questions,  # noqa: F401
                          phone, phone_without_javascript, server)
from survey.definition import load_file
from survey.definition.texts import variant
from survey.respond.form import field_name

pytestmark = pytest.mark.browser

# Roles a person fills in or picks; buttons and links are named by their words and checked apart.
CONTROLS = {"textbox", "searchbox", "combobox", "listbox", "spinbutton", "slider", "radio",
            "checkbox", "switch"}
IN_A_GROUP = {"radio", "checkbox"}  # named by their option; the group says what they answer
GROUPS = {"group", "radiogroup"}


def words(text: str) -> str:
    return " ".join((text or "").split())


class Tree:
    """A page's accessibility tree, as Chromium gives it to screen readers."""

    def __init__(self, page):
        session = page.context.new_cdp_session(page)
        try:
            self.nodes = {n["nodeId"]: n for n in
                          session.send("Accessibility.getFullAXTree")["nodes"]}
            document = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        finally:
            session.detach()
        self.dom_name = {}  # backend DOM node id -> the element's name attribute

        def walk(node):
            attributes = node.get("attributes", [])
            named = dict(zip(attributes[::2], attributes[1::2]))
            if "name" in named:
                self.dom_name[node["backendNodeId"]] = named["name"]
            for child in node.get("children", []):
                walk(child)
        walk(document)

    @staticmethod
    def _value(node, key) -> str:
        return words(str(node.get(key, {}).get("value", "")))

    def role(self, node) -> str:
        return self._value(node, "role")

    def name(self, node) -> str:
        return self._value(node, "name")

    def description(self, node) -> str:
        return self._value(node, "description")

    def shown(self):
        return [n for n in self.nodes.values() if not n.get("ignored")]

    def controls(self):
        return [n for n in self.shown() if self.role(n) in CONTROLS]

    def groups_around(self, node) -> list[str]:
        """The names of the groups a control is in, outermost first."""
        names = []
        parent = self.nodes.get(node.get("parentId"))
        while parent is not None:
            if self.role(parent) in GROUPS and self.name(parent):
                names.insert(0, self.name(parent))
            parent = self.nodes.get(parent.get("parentId"))
        return names

    def said(self, node) -> str:
        """Everything said about a control: its groups, its name and its description."""
        return " / ".join([*self.groups_around(node), self.name(node), self.description(node)])

    def field(self, node) -> str:
        return self.dom_name.get(node.get("backendDOMNodeId"), "")


def check_what_is_said(page, questionnaire) -> None:
    page.wait_for_load_state("load")  # after Continue, not the page before it half built
    tree = Tree(page)
    # 1. No two form controls with the same name. A radio or checkbox is named by its option
    # ("Very well"), so it is told apart by the groups it is in; anything else by its name.
    said = Counter()
    for node in tree.controls():
        if tree.role(node) in IN_A_GROUP:
            said[(*tree.groups_around(node), tree.name(node))] += 1
        else:
            said[tree.name(node)] += 1
    same = [name for name, count in said.items() if count > 1]
    assert not same, f"{page.url}: controls with the same name: {same}"

    # 2. Every Likert radio says its question and its statement.
    likert = {field_name(q, s.id): (q, s) for q in questionnaire.questions if q.type == "likert"
              for s in q.statements}
    for node in tree.controls():
        if tree.role(node) == "radio" and tree.field(node) in likert:
            question, statement = likert[tree.field(node)]
            heard = tree.said(node)
            assert words(question.text) in heard and words(statement.text) in heard, (
                f"{page.url}: a radio says only {heard!r}")

    # 3. Every hint is the description of what it explains.
    descriptions = " | ".join(tree.description(n) for n in tree.shown()
                              if tree.role(n) in CONTROLS | GROUPS)
    # (The count a script shows as a young person types is aria-hidden: screen readers hear it
    # from its own polite live region, so it describes nothing, as in GOV.UK's character count.)
    for hint in page.locator(".govuk-hint:not([aria-hidden=true])").all_inner_texts():
        assert words(hint) in descriptions, f"{page.url}: the hint {hint!r} describes nothing"

    # The check page's Change links each say what they change.
    links = Counter(tree.name(n) for n in tree.shown() if tree.role(n) == "link")
    changes = [name for name, count in links.items() if count > 1 and name.startswith("Change")]
    assert not changes, f"{page.url}: Change links with the same name: {changes}"


def questionnaire_of(consultation_id: str):
    return load_file(REPO / "questionnaires" / f"{consultation_id}.yaml")


@pytest.mark.parametrize("consultation_id", SHIPPED)
def test_what_a_screen_reader_says_on_every_page(server, phone, consultation_id):
    """Every page a young person passes through, with and without mistakes: start, the form or
    each step (walked by answering), check your answers."""
    base, _ = server
    questionnaire = questionnaire_of(consultation_id)
    phone.goto(f"{base}/c/{consultation_id}")
    check_what_is_said(phone, questionnaire)
    for version in questionnaire.versions[:1]:  # it asks which version fits: each, in turn
        phone.get_by_role("button", name=version.choice).click()
        check_what_is_said(phone, variant(questionnaire, version=version.id))  # in its own words
        phone.go_back()
    if questionnaire.versions:
        phone.get_by_role("button", name=questionnaire.versions[-1].choice).click()
        questionnaire = variant(questionnaire, version=questionnaire.versions[-1].id)
        check_what_is_said(phone, questionnaire)
    if questionnaire.layout != "pages":
        phone.get_by_role("button", name="Send my answers").click()  # with its mistakes
        check_what_is_said(phone, questionnaire)
        return
    if not questionnaire.versions:
        phone.get_by_role("button", name="Start now").click()
    steps = 0
    while "/p/" in phone.url:
        check_what_is_said(phone, questionnaire)
        if steps == 0:
            phone.get_by_role("button", name="Continue").click()  # with its mistakes, if any
            check_what_is_said(phone, questionnaire)
        fill_shown_questions(phone, questionnaire)
        phone.get_by_role("button", name="Continue").click()
        steps += 1
        assert steps <= len(questionnaire.sections), "went round in a loop"
    assert "/check" in phone.url
    check_what_is_said(phone, questionnaire)


def focused(page) -> dict:
    """The element with focus (the page's own scripts may be off: this runs beside them)."""
    return page.evaluate("(e => ({tag: e.tagName.toLowerCase(), id: e.id, classes: e.className,"
                         " text: e.innerText}))(document.activeElement)")


def summary_focused(page) -> bool:
    """Whether the error summary takes focus. The browser focuses an `autofocus` element at
    its next paint after the page loads, so give it a moment."""
    page.wait_for_load_state("load")
    for _ in range(20):
        if "govuk-error-summary" in focused(page)["classes"]:
            return True
        page.wait_for_timeout(100)
    return False


def test_after_a_failed_send_focus_is_on_the_error_summary(server, phone_without_javascript):
    """Without JavaScript: the error summary has focus when the page loads, so a screen reader
    reads it first and the next Tab is its first link."""
    base, _ = server
    page = phone_without_javascript
    page.goto(f"{base}{TRAFFORD_FORM}")
    page.get_by_role("button", name="Send my answers").click()
    assert page.title().startswith("Error: ")
    assert summary_focused(page)
    page.keyboard.press("Tab")
    first = page.locator(".govuk-error-summary a").first
    assert focused(page)["tag"] == "a"
    assert focused(page)["text"] == first.inner_text()

    # On a step of a paged consultation too.
    page.goto(f"{base}/c/sefton-pledge")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: ")
    assert summary_focused(page)


def in_view(page, element) -> bool:
    box = element.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


def test_an_error_link_lands_with_the_statement_in_view(server, phone_without_javascript):
    """At 320px and without JavaScript: each error link goes to its statement with the
    statement's words (the legend) and its red message in view, and Tab goes on into it."""
    base, _ = server
    page = phone_without_javascript
    questionnaire = questionnaire_of(TRAFFORD)
    likert = next(q for q in questionnaire.questions if q.type == "likert")
    page.goto(f"{base}{TRAFFORD_FORM}")
    page.get_by_label("A care leaver").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("load")
    links = page.locator(".govuk-error-summary a")
    assert links.count() == len(likert.statements)
    for number, statement in enumerate(likert.statements):
        links.nth(number).click()
        name = field_name(likert, statement.id)
        group = page.locator(".govuk-form-group").filter(
            has=page.locator(f'input[name="{name}"]'))
        legend = group.locator("legend")
        assert words(legend.inner_text()) == words(statement.text)
        assert in_view(page, legend), f"{statement.text!r} is out of view"
        assert in_view(page, group.locator(".govuk-error-message")), "its message is out of view"
        inside = page.evaluate(
            "name => { const group = document.activeElement.closest('.govuk-form-group');"
            " return !!group && !!group.querySelector(`input[name=\"${name}\"]`); }", name)
        assert inside, "focus is not on the statement"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name, "Tab does not go to its answers"


def test_the_skip_link_moves_focus_to_the_main_content(server, phone_without_javascript):
    base, _ = server
    page = phone_without_javascript
    page.goto(f"{base}{TRAFFORD_FORM}")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert {**focused(page), "text": ""} == {"tag": "main", "id": "main-content",
                                             "classes": "govuk-main-wrapper", "text": ""}
    page.keyboard.press("Tab")  # and on from there: into the page, not back to the header
    assert page.evaluate("!!document.activeElement.closest('main')")
