// The workbook progress page, with JavaScript: ask for the page again every 2 seconds and put
// the new figures in place, so nobody has to press "Check progress". The page works without
// this file; it never reloads itself on a timer (WCAG 2.2.1). Screen readers hear the status
// region at each tenth of the way, not every 2 seconds; when the job ends, the finished (or
// failed) page is loaded, and its title says which.
(function () {
  "use strict";
  var running = document.getElementById("job-running");
  var announce = document.getElementById("job-announce");
  if (!running || !announce || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = running.getAttribute("data-check");
  var told = -1;

  function percentOf(element) {
    var bar = element.querySelector("progress");
    return bar ? Number(bar.getAttribute("value")) : 0;
  }

  function check() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var figures = fresh.getElementById("job-running");
        if (!figures) {  // done or failed: show that page
          window.location.assign(url);
          return;
        }
        running.innerHTML = figures.innerHTML;
        document.title = fresh.title;
        var tenth = Math.floor(percentOf(running) / 10);
        if (tenth !== told) {
          told = tenth;
          announce.textContent = percentOf(running) + "% done";
        }
        window.setTimeout(check, 2000);
      })
      .catch(function () {
        // the button still works; stop asking rather than ask a failing server forever
      });
  }

  window.setTimeout(check, 2000);
}());
