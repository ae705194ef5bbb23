/* While a partner file is checked or imported in the background (see partners/import_preview.html):
 * asks the server every two seconds how far it has come, puts the sentence in the polite status region
 * (only when it changes, so a screen reader is not interrupted), and loads the page again when it is done.
 * Without JavaScript the page has a link that loads it again. */
(function () {
  "use strict";
  var status = document.getElementById("import-status");
  if (!status || !window.fetch) {
    return;
  }
  var url = status.getAttribute("data-status-url");
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
        if (status.textContent !== answer.message) {
          status.textContent = answer.message;
        }
        window.setTimeout(check, 2000);
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) {
          window.setTimeout(check, 5000);
        }
      });
  }

  window.setTimeout(check, 2000);
})();
