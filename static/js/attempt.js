// Draft kept in browser storage, a character counter, the complaint clock, and no double send.
(function () {
  "use strict";
  var box = document.getElementById("reply");
  if (box) {
    var key = box.getAttribute("data-draft-key");
    var max = parseInt(box.getAttribute("data-max"), 10);
    var counter = document.querySelector(".counter");
    var count = counter && counter.querySelector(".count");
    var sent = document.querySelectorAll('[data-testid="trainee-message"] p');
    var lastSent = sent.length ? sent[sent.length - 1].textContent.trim() : null;
    var stored = null;
    try { stored = window.localStorage.getItem(key); } catch (e) { stored = null; }
    if (stored !== null && lastSent !== null && stored.trim() === lastSent) {
      try { window.localStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
      stored = null;
    }
    if (stored && !box.value) { box.value = stored; }
    var update = function () {
      try { window.localStorage.setItem(key, box.value); } catch (e) { /* storage unavailable */ }
      if (count) {
        count.textContent = box.value.length;
        counter.classList.toggle("over", box.value.length > max);
      }
    };
    box.addEventListener("input", update);
    update();
    var form = box.form;
    form.addEventListener("submit", function () {
      var button = form.querySelector('[data-testid="send-reply"]');
      window.setTimeout(function () { if (button) { button.disabled = true; } }, 0);
    });
  }
  var clock = document.querySelector('[data-testid="clock"]');
  if (clock) {
    var minutes = parseInt(clock.getAttribute("data-minutes"), 10);
    var value = clock.querySelector(".clock-value");
    window.setInterval(function () { minutes += 1; value.textContent = minutes; }, 60000);
  }
})();
