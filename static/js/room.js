/* The participant room, live: ideas appear and leave, the phase and the timer change in place.
   Nothing reloads the page; cards and panels come from the <template>s the server rendered. */
(function () {
  "use strict";

  var room = document.getElementById("room");
  if (!room || !window.FeedbackLive) { return; }
  var live = window.FeedbackLive;
  var list = room.querySelector("[data-idea-list]");
  var count = room.querySelector("[data-idea-count]");
  var empty = room.querySelector("[data-empty]");
  var labels = JSON.parse(room.getAttribute("data-phase-labels") || "{}");
  var timer = new live.Timer(room.querySelector("[data-timer]"));

  function phase() { return room.getAttribute("data-phase"); }

  function card(id) { return document.getElementById("idea-" + id); }

  function processHtmx(element) {
    if (window.htmx) { window.htmx.process(element); }
  }

  function setCount(delta) {
    var value = Math.max(0, Number(count.textContent || "0") + delta);
    count.textContent = String(value);
    empty.hidden = list.children.length > 0;
  }

  function actionsTemplate(element) {
    var mine = element.classList.contains("mine");
    var voted = element.classList.contains("voted");
    if (element.classList.contains("pending")) { return null; }
    if (phase() === "collecting" && mine) { return "actions-collecting-mine"; }
    if (phase() === "voting") {
      return (voted ? "actions-voted" : "actions-voting") + (mine ? "-mine" : "");
    }
    return null;
  }

  function renderActions(element) {
    var actions = element.querySelector(".idea-actions");
    var id = element.id.replace("idea-", "");
    var name = actionsTemplate(element);
    actions.textContent = "";
    if (name) {
      var holder = live.fromTemplate(name, id);
      while (holder.firstChild) { actions.appendChild(holder.firstChild); }
      processHtmx(actions);
    } else if (element.classList.contains("mine")) {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "Your idea";
      actions.appendChild(badge);
    }
  }

  function showPanel(next) {
    var panel = room.querySelector("[data-phase-panel]");
    var name = next === "closed" || next === "results" ? "results" : next;
    if (name === "results" && room.getAttribute("data-results-public") === "true") {
      name = "results-shared";
    }
    var holder = live.fromTemplate("panel-" + name, "");
    panel.textContent = "";
    while (holder && holder.firstChild) { panel.appendChild(holder.firstChild); }
    processHtmx(panel);
  }

  function setPhase(next) {
    if (!next || next === phase()) { return; }
    room.setAttribute("data-phase", next);
    room.querySelector("[data-phase-label]").textContent = labels[next] || next;
    var heading = room.querySelector("[data-ideas-heading]");
    heading.textContent = next === "collecting" ? "Ideas so far" : "Ideas";
    showPanel(next);
    Array.prototype.forEach.call(list.children, renderActions);
  }

  function addIdea(data) {
    var existing = card(data.id);
    if (existing) {
      if (existing.classList.contains("pending")) {  // our own idea, just approved
        existing.classList.remove("pending");
        var note = existing.querySelector("[data-pending-note]");
        if (note) { note.remove(); }
        renderActions(existing);
        setCount(1);
      }
      return;
    }
    var holder = live.fromTemplate("idea-card", data.id);
    var element = holder.firstElementChild;
    element.querySelector(".idea-text").textContent = data.text;
    renderActions(element);
    list.insertBefore(element, list.firstChild);
    setCount(1);
  }

  function changeIdea(data) {
    var element = card(data.id);
    if (!element) { return; }
    element.querySelector(".idea-text").textContent = data.text;
    var note = element.querySelector("[data-changed-note]");
    if (note && element.classList.contains("voted")) { note.hidden = false; }
  }

  function removeIdea(data) {
    var element = card(data.id);
    if (element) { element.remove(); }
    setCount(-1);  // participants only hear of visible ideas leaving, shown on this page or not
  }

  live.connect({
    url: room.getAttribute("data-events-url"),
    after: room.getAttribute("data-after"),
    status: room.querySelector("[data-live-status]"),
    handlers: {
      "state": function (data) { setPhase(data.phase); timer.update(data.timer); },
      "phase": function (data) { setPhase(data.phase); timer.update(data.timer); },
      "timer": function (data) { timer.update(data); },
      "idea.added": addIdea,
      "idea.changed": changeIdea,
      "idea.removed": removeIdea,
      "settings": function (data) {
        if ("results_public" in data) {
          room.setAttribute("data-results-public", data.results_public ? "true" : "false");
          if (phase() === "results" || phase() === "closed") { showPanel(phase()); }
        }
      },
      "resync": function () { window.location.reload(); }
    }
  });
}());
