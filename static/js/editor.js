// Scenario editor: re-run the live checks (model answer points, reveal words) while the trainer
// types, without saving. The page works without this script; the "Periksa" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-url]");
  var panel = document.getElementById("live-checks");
  if (!form || !panel || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;
  var sequence = 0;

  function run() {
    var mine = ++sequence;
    fetch(form.getAttribute("data-live-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && mine === sequence) {
          panel.innerHTML = html; // rendered and escaped by the server
        }
      })
      .catch(function () {});
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 700);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
