// The GOV.UK character count, as a small script of our own (GOV.UK Frontend's JavaScript is not
// vendored: every page works without it). Without this file a long-text box says its limit under
// it ("You can write up to 2,000 letters and spaces") and the server says if an answer is too
// long. With it, that sentence stays for screen readers (the box is described by it) and is
// hidden on screen, where a count takes its place, going down as the young person types and
// turning red when they are over. Screen readers hear the count politely, once typing stops
// for a second, not at every key. The words are the page's own: the data-i18n attributes
// GOV.UK's macro writes from survey/respond/render.py.
(function () {
  "use strict";
  if (!document.querySelectorAll || !document.documentElement.classList) {
    return;
  }

  function words(box, key, count) {
    var plural = count === 1 ? "one" : "other";
    var text = box.getAttribute("data-i18n." + key + "." + plural) ||
      box.getAttribute("data-i18n." + key) || "";
    return text.replace("%{count}", count.toLocaleString("en-GB"));
  }

  function start(box) {
    var limit = Number(box.getAttribute("data-maxlength"));
    var textarea = box.querySelector(".govuk-js-character-count");
    var fallback = box.querySelector(".govuk-character-count__message");
    if (!limit || !textarea || !fallback) {
      return;
    }
    var shown = document.createElement("div");
    shown.className = "govuk-hint govuk-character-count__message govuk-character-count__status";
    shown.setAttribute("aria-hidden", "true");
    var heard = document.createElement("div");
    heard.className = "govuk-character-count__sr-status govuk-visually-hidden";
    heard.setAttribute("aria-live", "polite");
    fallback.parentNode.insertBefore(shown, fallback.nextSibling);
    fallback.parentNode.insertBefore(heard, shown.nextSibling);
    fallback.classList.add("govuk-visually-hidden");
    var erred = textarea.classList.contains("govuk-textarea--error");
    var timer = null;

    function message() {
      var left = limit - textarea.value.replace(/\r\n/g, "\n").length;
      if (left < 0) {
        return {text: words(box, "characters-over-limit", -left), over: true};
      }
      return {text: words(box, left === 0 ? "characters-at-limit" : "characters-under-limit", left),
              over: false};
    }

    function show() {
      var now = message();
      shown.textContent = now.text;
      shown.classList.toggle("govuk-error-message", now.over);
      shown.classList.toggle("govuk-hint", !now.over);
      textarea.classList.toggle("govuk-textarea--error", erred || now.over);
    }

    show();
    textarea.addEventListener("input", function () {
      show();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        heard.textContent = message().text;
      }, 1000);
    });
  }

  var boxes = document.querySelectorAll(".govuk-character-count[data-maxlength]");
  for (var i = 0; i < boxes.length; i += 1) {
    start(boxes[i]);
  }
}());
