// Draft kept in browser storage, a character counter, the complaint clock, no double send,
// the citizen's newest answer announced after a reply, and a second thought before finishing early.
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
  var newest = document.getElementById("pesan-terbaru");
  var live = document.getElementById("live-region");
  if (newest && live && window.location.hash === "#pesan-terbaru") {
    newest.focus({ preventScroll: true });
    var said = newest.querySelector("p");
    // Filled after load so screen readers notice the change and read it politely.
    window.setTimeout(function () {
      live.textContent = (live.getAttribute("data-prefix") || "") + (said ? said.textContent : "");
    }, 150);
  }
  var route = document.querySelector('[data-testid="route-form"]');
  if (route) {
    route.addEventListener("submit", function (event) {
      var question = route.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      var finish = route.querySelector('[data-testid="finish-attempt"]');
      window.setTimeout(function () { if (finish) { finish.disabled = true; } }, 0);
    });
  }
  var clock = document.querySelector('[data-testid="clock"]');
  if (clock) {
    var minutes = parseInt(clock.getAttribute("data-minutes"), 10);
    var value = clock.querySelector(".clock-value");
    window.setInterval(function () { minutes += 1; value.textContent = minutes; }, 60000);
  }
})();
