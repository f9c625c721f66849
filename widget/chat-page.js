/* Waypoint's own /chat page: names the cohort of a join link (/chat?cohort=CODE), as text only. */
(function () {
  "use strict";
  var code = new URLSearchParams(window.location.search).get("cohort");
  var note = document.getElementById("cohort-note");
  if (note && code && /^[A-Za-z0-9-]{3,32}$/.test(code)) {
    note.textContent = "Joining with cohort code " + code;
    note.hidden = false;
  }
})();
