/* Waypoint's chat widget loader: the one script an incubator pastes into its site.
 *
 *   <script src="https://waypoint.example.org/widget/embed.js" data-cohort="SPRING27" async></script>
 *
 * It loads rasa-webchat and the progress indicator from the Waypoint server the script came from
 * (or data-server), and connects to the Rasa socketio channel that server names in /widget/config.js.
 * A cohort code (data-cohort, or ?cohort= on the page's own address) goes to the bot with every
 * message as customData, and opens a new conversation with "I'm joining with code ...".
 */
(function () {
  "use strict";

  var CONTAINER_ID = "waypoint-webchat";
  // Invite codes are short letters, digits and dashes; anything else is ignored, not sent.
  var COHORT_CODE = /^[A-Za-z0-9-]{3,32}$/;
  var loaderScript = document.currentScript;

  function serverUrl() {
    var configured = loaderScript && loaderScript.getAttribute("data-server");
    var base = configured || (loaderScript && loaderScript.src) || window.location.href;
    return new URL(base, window.location.href).origin;
  }

  // data-cohort wins, even when empty (a page that checked the code and found no cohort says so);
  // without the attribute, the page's own ?cohort= is used.
  function cohortCode() {
    var hasSnippetCode = loaderScript && loaderScript.hasAttribute("data-cohort");
    var code = hasSnippetCode ? loaderScript.getAttribute("data-cohort")
      : new URLSearchParams(window.location.search).get("cohort");
    code = (code || "").trim();
    return COHORT_CODE.test(code) ? code : null;
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("Waypoint widget: could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  function loadStylesheet(url) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    document.head.appendChild(link);
  }

  function widgetContainer() {
    var container = document.getElementById(CONTAINER_ID);
    if (!container) {
      container = document.createElement("div");
      container.id = CONTAINER_ID;
      document.body.appendChild(container);
    }
    return container;
  }

  function startWidget(server, cohort) {
    var config = window.WAYPOINT_WIDGET_CONFIG;
    var container = widgetContainer();
    var progress = window.WaypointProgress.create({ server: server, container: container });
    window.WebChat.default({
      socketUrl: config.socketUrl,
      socketPath: config.socketPath,
      customData: cohort ? { cohort: cohort } : {},
      initPayload: cohort ? "I'm joining with code " + cohort : null,
      title: "Waypoint",
      subtitle: "Your venture check-up",
      inputTextFieldHint: "Type your answer, or say hi to start",
      hideWhenNotConnected: false,
      // Rules are a Botfront feature; with them on, the widget stays hidden waiting for Botfront.
      withRules: false,
      showMessageDate: false,
      // A short typing pause per bot message (webchat's default waits up to 3 s for each one).
      customMessageDelay: function (message) { return Math.min(1200, Math.max(400, 12 * message.length)); },
      // The conversation and its session id stay in localStorage, so a reload picks it up again.
      params: { storage: "local" },
      onSocketEvent: {
        session_confirm: progress.sessionConfirmed,
        bot_uttered: progress.botSpoke
      }
    }, container);
  }

  var server = serverUrl();
  var cohort = cohortCode();
  loadStylesheet(server + "/widget/waypoint-widget.css");
  Promise.all([
    loadScript(server + "/widget/config.js"),
    loadScript(server + "/widget/progress.js"),
    loadScript(server + "/widget/webchat.js")
  ]).then(function () { startWidget(server, cohort); }, function (error) { console.error(error); });
})();
