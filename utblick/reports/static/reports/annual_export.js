/* While an annual report file is made in the background (see reports/annual_export_status.html): asks the
 * server every second how far it has come, moves the progress bar, puts the sentence in the polite status
 * region (only when it changes, so a screen reader is not interrupted) and shows the download link when the
 * file is done. A failure loads the page again, which says why. Without JavaScript the page has a link that
 * loads it again. */
(function () {
  "use strict";
  var region = document.getElementById("annual-export");
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute("data-status-url");
  var status = document.getElementById("export-status");
  var progress = document.getElementById("export-progress");
  var download = document.getElementById("export-download");
  var running = document.getElementById("export-running");
  var failures = 0;

  function show(answer) {
    progress.value = answer.progress;
    progress.textContent = answer.progress + " %";
    if (status.textContent !== answer.message) {
      status.textContent = answer.message;
    }
  }

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
        show(answer);
        if (answer.done) {
          download.querySelector("a").setAttribute("href", answer.file_url);
          download.hidden = false;
          if (running) {
            running.parentNode.removeChild(running);
          }
          return;
        }
        if (!answer.running) {
          window.location.reload();
          return;
        }
        window.setTimeout(check, 1000);
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) {
          window.setTimeout(check, 3000);
        }
      });
  }

  window.setTimeout(check, 1000);
})();
