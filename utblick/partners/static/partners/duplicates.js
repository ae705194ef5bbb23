/* Likely duplicates while typing a new organisation or contact person (see partners/duplicate_region.html).
 * Asks the server 300 ms after the last keystroke and puts its list in the polite live region.
 * Without JavaScript the form still works: the server lists likely duplicates after a save attempt. */
(function () {
  "use strict";
  var region = document.getElementById("duplicate-suggestions");
  if (!region || !window.fetch || !window.URL) {
    return;
  }
  // Query parameter of the suggestion endpoint -> data attribute naming the input's id.
  var fields = { namn: "name", webbplats: "website", land: "country", epost: "email" };
  var inputs = {};
  Object.keys(fields).forEach(function (param) {
    var id = region.getAttribute("data-" + fields[param]);
    var input = id ? document.getElementById(id) : null;
    if (input) {
      inputs[param] = input;
    }
  });
  if (!inputs.namn) {
    return;
  }
  var timer = null;
  var controller = null;
  var lastUrl = null;
  var lastHtml = null;

  function value(param) {
    return inputs[param] ? inputs[param].value.trim() : "";
  }

  function show(html) {
    if (html !== lastHtml) {
      lastHtml = html;
      region.innerHTML = html;
    }
  }

  function update() {
    var url = new URL(region.getAttribute("data-duplicates-url"), window.location.href);
    url.searchParams.set("typ", region.getAttribute("data-kind"));
    if (region.getAttribute("data-exclude")) {
      url.searchParams.set("exclude", region.getAttribute("data-exclude"));
    }
    Object.keys(inputs).forEach(function (param) {
      if (value(param)) {
        url.searchParams.set(param, value(param));
      }
    });
    if (url.href === lastUrl) {
      return;
    }
    lastUrl = url.href;
    if (controller) {
      controller.abort();
    }
    if (value("namn").length < 3 && !value("webbplats") && !value("epost")) {
      show("");
      return;
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url.href, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(show)
      .catch(function () {
        // A failed or aborted check leaves the list as it was; saving still checks on the server.
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 300);
  }

  Object.keys(inputs).forEach(function (param) {
    inputs[param].addEventListener("input", schedule);
    inputs[param].addEventListener("change", schedule);
  });
})();
