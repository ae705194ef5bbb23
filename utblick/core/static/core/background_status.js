/* While a task runs in the background (a partner file being checked or imported, an annual report file being
 * made): asks the server how far it has come, every `data-interval` milliseconds (default 2000), from the URL in
 * `data-status-url` on the polite status region. Puts the answer's sentence in that region (only when it
 * changes, so a screen reader is not interrupted), moves the <progress> named by `data-progress` if there is
 * one, and loads the page again when the task no longer runs: the page itself then shows the result or the
 * error. Without JavaScript each page has a link that loads it again. */
(function () {
  "use strict";
  var status = document.querySelector("[data-status-url]");
  if (!status || !window.fetch) {
    return;
  }
  var url = status.getAttribute("data-status-url");
  var interval = parseInt(status.getAttribute("data-interval"), 10) || 2000;
  var progress = document.getElementById(status.getAttribute("data-progress") || "");
  var failures = 0;

  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        failures = 0;
        if (!answer.running) {
          window.location.reload();
          return;
        }
        if (progress && typeof answer.progress === "number") {
          progress.value = answer.progress;
          progress.textContent = answer.progress + " %";
        }
        if (status.textContent !== answer.message) {
          status.textContent = answer.message;
        }
        window.setTimeout(check, interval);
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) {
          window.setTimeout(check, interval * 2.5);
        }
      });
  }

  window.setTimeout(check, interval);
})();
