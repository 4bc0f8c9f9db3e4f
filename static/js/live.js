// The live room: fetch the table fragment every few seconds and swap it in (no full reload).
(function () {
  "use strict";
  var room = document.getElementById("live-room");
  if (!room || !window.fetch) { return; }
  var src = room.getAttribute("data-src");
  var interval = parseInt(room.getAttribute("data-interval"), 10) || 4000;
  var busy = false;
  function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    window.fetch(src, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        if (response.redirected) {  // logged out meanwhile: let the page go to the login form
          window.location.reload();
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) { return; }
        room.innerHTML = html;
        room.removeAttribute("data-error");
      })
      .catch(function () { room.setAttribute("data-error", "true"); })
      .then(function () { busy = false; });
  }
  window.setInterval(refresh, interval);
}());
