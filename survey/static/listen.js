// "Listen": a button beside each question that reads it aloud, with its answers, in the
// browser's own voice (window.speechSynthesis). Never required: without JavaScript, without
// speech, or without a voice for the page's language there is no button at all, and the page
// is the same as before. The button is a real <button type="button">, so a keyboard reaches it;
// the speech is its output, so nothing is announced in a live region.
//
// What must stay true:
// - The words of the button are the page's (the data-listen-* attributes of this script's own
//   <script> element, survey/templates/respond/_questions.html), so they are translated with the
//   page's other words; the script holds no sentence of its own.
// - It speaks in the page's language (<html lang>) with a voice of that language, or not at
//   all: a page in Arabic is never read out by an English voice.
// - It reads what the page shows, in the page's order: the question, its hint, then each
//   statement and each answer's words. Words only screen readers get, error messages, "Tell us
//   more" boxes and the character count are not read.
// - Pressing the button while it speaks stops it; pressing another button stops the first.
(function () {
  "use strict";
  var script = document.currentScript;
  var synth = window.speechSynthesis;
  if (!script || !synth || !window.SpeechSynthesisUtterance || !document.querySelectorAll) {
    return;
  }
  var words = {
    listen: script.getAttribute("data-listen-label"),
    stop: script.getAttribute("data-listen-stop"),
    name: script.getAttribute("data-listen-name"),
    stopName: script.getAttribute("data-listen-stop-name")
  };
  if (!words.listen || !words.stop || !words.name || !words.stopName) {
    return;
  }
  var pageLanguage = (document.documentElement.lang || "").toLowerCase();
  // A question's heading: a fieldset's legend or a box's label, at question size.
  var HEADINGS = "form .govuk-fieldset__legend--m, form .govuk-label--m";
  // What is read, in page order, inside a question.
  var READ = "legend, .govuk-label--m, .govuk-hint, .govuk-radios__label, .govuk-checkboxes__label";
  var NOT_READ = ".govuk-character-count__message, .govuk-radios__conditional, " +
    ".govuk-checkboxes__conditional";
  var started = false;
  var playing = null;  // the button whose question is being read

  function primary(tag) {
    return (tag || "").toLowerCase().replace("_", "-").split("-")[0];
  }

  // The voice for the page's language: one for exactly its tag if there is one, else one for
  // the same language (ar-SA for ar); none if the browser has none.
  function voiceFor(voices) {
    var exact = null;
    var near = null;
    for (var i = 0; i < voices.length; i += 1) {
      var tag = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (tag === pageLanguage && !exact) {
        exact = voices[i];
      } else if (primary(tag) === primary(pageLanguage) && !near) {
        near = voices[i];
      }
    }
    return exact || near;
  }

  function shown(element) {
    var copy = element.cloneNode(true);
    var hidden = copy.querySelectorAll(".govuk-visually-hidden");
    for (var i = 0; i < hidden.length; i += 1) {
      hidden[i].parentNode.removeChild(hidden[i]);
    }
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function textsOf(question) {
    var texts = [];
    var parts = question.querySelectorAll(READ);
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].closest(NOT_READ) || parts[i].closest(".app-listen")) {
        continue;
      }
      var text = shown(parts[i]);
      if (text) {
        texts.push(text);
      }
    }
    return texts;
  }

  function fill(template, number) {
    return template.replace("{number}", number);
  }

  function show(button, speaking) {
    button.textContent = speaking ? words.stop : words.listen;
    button.setAttribute("aria-label", fill(speaking ? words.stopName : words.name,
                                           button.getAttribute("data-number")));
  }

  function stop() {
    if (playing) {
      show(playing, false);
      playing = null;
    }
    synth.cancel();
  }

  function speak(button, question, voice) {
    var texts = textsOf(question);
    stop();
    playing = button;
    show(button, true);
    texts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang;
      utterance.voice = voice;
      if (index === texts.length - 1) {
        utterance.onend = utterance.onerror = function () {
          if (playing === button) {
            show(button, false);
            playing = null;
          }
        };
      }
      synth.speak(utterance);
    });
  }

  // The number a question is shown with ("3. How do you feel...?" is 3), else its place on
  // the page.
  function numberOf(heading, place) {
    var found = /^(\S+)\.\s/.exec(shown(heading));
    return found ? found[1] : String(place);
  }

  function start(voice) {
    started = true;
    var headings = document.querySelectorAll(HEADINGS);
    for (var i = 0; i < headings.length; i += 1) {
      var heading = headings[i];
      var legend = heading.tagName === "LEGEND";
      var question = legend ? heading.parentNode : heading.closest(".govuk-form-group");
      if (!question) {
        continue;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary app-listen";
      button.setAttribute("data-number", numberOf(heading, i + 1));
      show(button, false);
      button.addEventListener("click", (function (button, question) {
        return function () {
          if (playing === button) {
            stop();
          } else {
            speak(button, question, voiceFor(synth.getVoices()) || voice);
          }
        };
      }(button, question)));
      heading.parentNode.insertBefore(button, heading.nextSibling);
    }
  }

  function tryStart() {
    if (started) {
      return;
    }
    var voice = voiceFor(synth.getVoices());
    if (voice) {
      start(voice);
    }
  }

  tryStart();
  if (!started && synth.addEventListener) {
    // Voices load after the page in most browsers: the button comes when a voice does.
    synth.addEventListener("voiceschanged", tryStart);
  }
  window.addEventListener("pagehide", function () {
    if (playing) {
      stop();
    }
  });
}());
