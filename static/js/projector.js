/* The projector, live: ideas appear as they are sent and leave when hidden, the phase and the
   countdown change in place, votes are counted, and at results the ranking is shown. Lists
   longer than the wall page through by themselves; the page never scrolls. */
(function () {
  "use strict";

  var root = document.getElementById("projector");
  if (!root || !window.FeedbackLive) { return; }
  var live = window.FeedbackLive;
  var body = root.querySelector("[data-projector-body]");
  var labels = JSON.parse(root.getAttribute("data-phase-labels") || "{}");
  var timer = new live.Timer(root.querySelector("[data-timer]"));
  var PAGE_MS = 8000;

  function list() { return body.querySelector("[data-idea-list]"); }
  function phase() { return root.getAttribute("data-phase"); }

  function showIn() {
    body.querySelectorAll("[data-show-in]").forEach(function (element) {
      element.hidden = element.getAttribute("data-show-in").split(" ").indexOf(phase()) < 0;
    });
    var results = phase() === "results" || phase() === "closed";
    body.querySelector("[data-ranking]").hidden = !results;
  }

  function showCounts() {
    var shown = root.getAttribute("data-live-counts") === "true" && phase() === "voting";
    body.querySelectorAll("[data-votes]").forEach(function (element) { element.hidden = !shown; });
  }

  function joinPanel() {
    var panel = root.querySelector("[data-join-panel]");
    panel.hidden = root.getAttribute("data-joining") !== "open" || phase() === "closed";
  }

  function loadRanking() {
    window.fetch(root.getAttribute("data-ranking-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) { body.querySelector("[data-ranking]").innerHTML = html; pageThrough(); })
      .catch(function () { /* stays as it was */ });
  }

  function setPhase(next) {
    if (!next || next === phase()) { return; }
    root.setAttribute("data-phase", next);
    root.querySelector("[data-phase-label]").textContent = labels[next] || next;
    showIn();
    showCounts();
    joinPanel();
    if (next === "results" || next === "closed") { loadRanking(); }
  }

  function setCount(delta) {
    var element = body.querySelector("[data-visible-count]");
    element.textContent = String(Math.max(0, Number(element.textContent) + delta));
    body.querySelector("[data-empty]").hidden = list().children.length > 0;
  }

  /* Paging: when a list is taller than its box, show it a screenful at a time. */
  var pager = null;
  function pageThrough() {
    window.clearInterval(pager);
    var box = phase() === "results" || phase() === "closed"
      ? body.querySelector("[data-ranking]") : body.querySelector(".projector-panel");
    if (!box) { return; }
    box.scrollTop = 0;
    pager = window.setInterval(function () {
      if (box.scrollHeight <= box.clientHeight + 4) { box.scrollTop = 0; return; }
      var next = box.scrollTop + box.clientHeight;
      box.scrollTop = next >= box.scrollHeight - 4 ? 0 : next;
    }, PAGE_MS);
  }

  var handlers = {
    "state": function (data) {
      setPhase(data.phase);
      timer.update(data.timer);
      root.querySelector("[data-participants]").textContent = String(data.participants);
      if ("votes_cast" in data) { body.querySelector("[data-votes-cast]").textContent = String(data.votes_cast); }
      root.setAttribute("data-joining", data.joining_open ? "open" : "closed");
      root.setAttribute("data-live-counts", data.show_live_counts ? "true" : "false");
      joinPanel();
      showCounts();
    },
    "phase": function (data) { setPhase(data.phase); timer.update(data.timer); },
    "timer": function (data) { timer.update(data); },
    "joining": function (data) { root.setAttribute("data-joining", data.open ? "open" : "closed"); joinPanel(); },
    "settings": function (data) {
      if ("show_live_counts" in data) {
        root.setAttribute("data-live-counts", data.show_live_counts ? "true" : "false");
        showCounts();
      }
    },
    "participants": function (data) { root.querySelector("[data-participants]").textContent = String(data.count); },
    "tally": function (data) {
      body.querySelector("[data-votes-cast]").textContent = String(data.votes_cast);
      Object.keys(data.ideas || {}).forEach(function (id) {
        var votes = document.querySelector("#idea-" + id + " [data-votes]");
        if (votes) { votes.textContent = String(data.ideas[id]); }
      });
    },
    "idea.added": function (data) {
      if (document.getElementById("idea-" + data.id)) { return; }
      var holder = live.fromTemplate("projector-idea", data.id);
      var element = holder.querySelector("li");
      element.querySelector(".idea-text").textContent = data.text;
      list().insertBefore(element, list().firstChild);
      setCount(1);
      showCounts();
    },
    "idea.changed": function (data) {
      var element = document.getElementById("idea-" + data.id);
      if (element) { element.querySelector(".idea-text").textContent = data.text; }
    },
    "idea.removed": function (data) {
      var element = document.getElementById("idea-" + data.id);
      if (element) { element.remove(); }
      setCount(-1);  // only visible ideas leave the wall, listed or not
    },
    "resync": function () { window.location.reload(); }
  };

  live.connect({
    url: root.getAttribute("data-events-url"),
    after: root.getAttribute("data-after"),
    status: root.querySelector("[data-live-status]"),
    handlers: handlers
  });
  pageThrough();
}());
