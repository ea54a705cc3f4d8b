/* The participant room, live: ideas appear and leave, the phase and the timer change in place.
   Nothing reloads the page; cards and panels come from the <template>s the server rendered. */
(function () {
  "use strict";

  var room = document.getElementById("room");
  if (!room || !window.FeedbackLive) { return; }
  var live = window.FeedbackLive;
  var section = room.querySelector("[data-ideas-section]");
  var labels = JSON.parse(room.getAttribute("data-phase-labels") || "{}");
  var timer = new live.Timer(room.querySelector("[data-timer]"));
  var sectionTimer = null;
  var leaving = false;  // the page is reloading: nothing else may reload or redraw it

  function phase() { return room.getAttribute("data-phase"); }

  function card(id) { return document.getElementById("idea-" + id); }

  function processHtmx(element) {
    if (window.htmx) { window.htmx.process(element); }
  }

  function list() { return section.querySelector("[data-idea-list]"); }

  function setCount(delta) {
    var count = section.querySelector("[data-idea-count]");
    var empty = section.querySelector("[data-empty]");
    if (count) { count.textContent = String(Math.max(0, Number(count.textContent || "0") + delta)); }
    if (empty && list()) { empty.hidden = list().children.length > 0; }
  }

  function actionsTemplate(element) {
    if (element.classList.contains("pending")) { return null; }
    if (phase() === "collecting" && element.classList.contains("mine")) { return "actions-collecting-mine"; }
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

  // The ideas section is the server's when voting starts or ends: the batch handed to this
  // phone (or its pair), or the ideas without vote buttons. Phones ask at slightly different
  // moments so a room of hundreds does not arrive in the same instant.
  function reloadSection() {
    var delay = Math.floor(Math.random() * 1500);
    window.clearTimeout(sectionTimer);
    sectionTimer = window.setTimeout(function () {
      // Not following a redirect: it leads to the closed page, and that visit would end this
      // phone's place and show its message to this fetch instead of to the reload after it.
      fetch(room.getAttribute("data-voting-url"), {
        credentials: "same-origin", headers: { "HX-Request": "true" }, redirect: "manual"
      })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) { if (!leaving) { section.innerHTML = html; processHtmx(section); } })
        .catch(function () { leave(); });
    }, delay);
  }

  // Reload the page once: a second request racing the first (a section fetched as the session
  // closes) would land on the closed page after the first had shown, and wipe its message.
  function leave() {
    if (leaving) { return; }
    leaving = true;
    window.clearTimeout(sectionTimer);
    window.location.reload();
  }

  function setPhase(next) {
    var previous = phase();
    if (!next || next === previous) { return; }
    // A closed session ends this phone's place in it: the server forgets it on the next visit
    // and shows the closed page, so a shared phone stops showing "Your idea".
    if (next === "closed") { leave(); return; }
    room.setAttribute("data-phase", next);
    room.querySelector("[data-phase-label]").textContent = labels[next] || next;
    // Messages of the phase before ("Thanks! Your idea is in.") no longer apply.
    Array.prototype.forEach.call(document.querySelectorAll(".flashes"), function (old) {
      old.remove();
    });
    showPanel(next);
    if (next === "voting" || previous === "voting") {
      reloadSection();
      return;
    }
    var heading = section.querySelector("[data-ideas-heading]");
    if (heading) { heading.textContent = next === "collecting" ? "Ideas so far" : "Ideas"; }
    if (list()) { Array.prototype.forEach.call(list().children, renderActions); }
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
    if (phase() === "voting" || !list()) { return; }  // voters get ideas in fair batches
    var holder = live.fromTemplate("idea-card", data.id);
    var element = holder.firstElementChild;
    element.querySelector(".idea-text").textContent = data.text;
    renderActions(element);
    processHtmx(element);
    list().insertBefore(element, list().firstChild);
    setCount(1);
  }

  function addComment(data) {
    var block = document.getElementById("comments-" + data.idea_id);
    if (!block) { return; }
    var existing = document.getElementById("comment-" + data.id);
    if (existing) {  // our own comment, just approved
      existing.classList.remove("pending");
      var note = existing.querySelector(".muted");
      if (note) { note.remove(); }
      return;
    }
    var item = live.fromTemplate("comment-item", "").firstElementChild;
    item.id = "comment-" + data.id;
    item.textContent = data.text;
    block.querySelector("[data-comment-list]").appendChild(item);
    countComments(block, 1);
  }

  function removeComment(data) {
    var item = document.getElementById("comment-" + data.id);
    if (!item) { return; }
    var block = item.closest("[data-comments]");
    item.remove();
    countComments(block, -1);
  }

  function countComments(block, delta) {
    var count = block.querySelector("[data-comment-count]");
    var value = Math.max(0, Number(count.textContent || "0") + delta);
    count.textContent = String(value);
    count.nextSibling.textContent = value === 1 ? " comment" : " comments";
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

  /* Keyboard focus survives htmx swaps. After a vote the card is new, so focus goes to the
     same control of the new card (or its first control, or the card); after "Show more ideas"
     or a pair, to the first new idea or the next pair. Never left on the page body. */
  var focusAfterSwap = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("hx-post") || !section.contains(form)) { return; }
    var button = event.submitter || null;
    var owner = form.closest("li.idea");
    focusAfterSwap = {
      card: owner ? owner.id : null,
      key: button ? button.getAttribute("data-focus-key") : null
    };
  }, true);

  function swappedFocusTarget(wanted) {
    if (wanted.card) {
      var owner = document.getElementById(wanted.card);
      if (!owner) { return section.querySelector("h2"); }  // the idea left the room
      return (wanted.key && owner.querySelector('[data-focus-key="' + wanted.key + '"]')) ||
        owner.querySelector(".idea-actions button") || owner;
    }
    return section.querySelector("[data-first-new]") || section.querySelector("#pair button") ||
      section.querySelector("h2");
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) { focusAfterSwap = null; }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!focusAfterSwap) { return; }
    var target = swappedFocusTarget(focusAfterSwap);
    focusAfterSwap = null;
    if (!target) { return; }
    if (!target.matches("button, a, input, select, textarea")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  });

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
      "comment.added": addComment,
      "comment.removed": removeComment,
      "settings": function (data) {
        if ("results_public" in data) {
          room.setAttribute("data-results-public", data.results_public ? "true" : "false");
          if (phase() === "results" || phase() === "closed") { showPanel(phase()); }
        }
      },
      "resync": leave
    }
  });
}());
