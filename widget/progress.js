/* Waypoint's progress indicator: "Area 2 of 5: people" in the widget's header.
 *
 * The bot's tracker slot `current_area` names the area being asked about; the Waypoint server reads
 * it for this session at /api/progress. The widget asks after the bot speaks (twice, because Rasa
 * stores the tracker only once the whole turn is done) and when a session is confirmed on load.
 */
(function () {
  "use strict";

  var AREA_COUNT = 5;
  // Rasa saves the turn after its last message went out; the second look catches a slow save.
  var POLL_DELAYS_MS = [400, 1500];

  function create(options) {
    var sessionId = null;
    var latest = null;
    var timers = [];
    var indicator = buildIndicator();

    function buildIndicator() {
      var element = document.createElement("div");
      element.className = "wp-progress";
      element.setAttribute("role", "status");
      element.setAttribute("aria-live", "polite");
      element.hidden = true;
      var label = document.createElement("span");
      label.className = "wp-progress-label";
      var steps = document.createElement("span");
      steps.className = "wp-progress-steps";
      steps.setAttribute("aria-hidden", "true");
      for (var step = 1; step <= AREA_COUNT; step++) {
        steps.appendChild(document.createElement("i"));
      }
      element.appendChild(label);
      element.appendChild(steps);
      return element;
    }

    function render(progress) {
      latest = progress;
      var hasArea = Boolean(progress && progress.label);
      indicator.hidden = !hasArea;
      indicator.setAttribute("data-area", hasArea ? progress.area : "");
      indicator.querySelector(".wp-progress-label").textContent = hasArea ? progress.label : "";
      var steps = indicator.querySelectorAll(".wp-progress-steps i");
      for (var index = 0; index < steps.length; index++) {
        var number = index + 1;
        steps[index].className = !hasArea ? "" : number < progress.number ? "done" : number === progress.number ? "current" : "";
      }
    }

    function poll() {
      if (!sessionId) return;
      var url = options.server + "/api/progress?sender=" + encodeURIComponent(sessionId);
      fetch(url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (progress) { if (progress) render(progress); })
        .catch(function () { /* the indicator keeps its last state; the chat itself is unaffected */ });
    }

    function schedulePolls() {
      timers.forEach(clearTimeout);
      timers = POLL_DELAYS_MS.map(function (delay) { return setTimeout(poll, delay); });
    }

    // The header exists only while the chat is open, and is rebuilt each time it opens.
    function mountInHeader() {
      var header = options.container.querySelector(".rw-header");
      if (header && indicator.parentNode !== header) header.appendChild(indicator);
    }

    new MutationObserver(mountInHeader).observe(options.container, { childList: true, subtree: true });

    return {
      sessionConfirmed: function (session) {
        sessionId = session && session.session_id ? session.session_id : session;
        poll();
      },
      botSpoke: schedulePolls,
      current: function () { return latest; }
    };
  }

  window.WaypointProgress = { create: create };
})();
