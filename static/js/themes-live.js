/* The themes board, live: while a grouping runs, its progress and result arrive through the
   session's stream and the board fetches its fragment again. Where the stream is not held open
   (a plain WSGI server, or SSE blocked), it asks every 2 s instead, as before. */
(function () {
  "use strict";

  var anchor = document.querySelector("[data-board-events]");
  if (!anchor || !window.FeedbackLive || !window.htmx) { return; }
  var fragmentUrl = anchor.getAttribute("data-fragment-url");
  var held = false;

  function running() {
    var state = document.getElementById("run-state");
    return state && state.getAttribute("data-status") === "running";
  }

  function refresh() {
    if (!document.getElementById("run-state")) { return; }
    window.htmx.ajax("GET", fragmentUrl, { target: "#run-state", swap: "outerHTML" });
  }

  window.FeedbackLive.connect({
    url: anchor.getAttribute("data-board-events"),
    after: anchor.getAttribute("data-after"),
    handlers: {
      "state": function (data) { held = Boolean(data.held); },
      "clustering": function () { if (running()) { refresh(); } }
    }
  });
  window.setInterval(function () { if (!held && running()) { refresh(); } }, 2000);
}());
