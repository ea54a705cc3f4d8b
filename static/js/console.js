/* The facilitator's console, live: new and pending ideas, moderation, tallies, phase, timer.
   Keyboard shortcuts drive the common actions; the controls card is fetched again after a
   phase, timer or settings change (one small request, the facilitator's only). */
(function () {
  "use strict";

  var root = document.getElementById("console");
  if (!root || !window.FeedbackLive) { return; }
  var live = window.FeedbackLive;
  var list = root.querySelector("[data-idea-list]");
  var pendingList = root.querySelector("[data-pending-list]");
  var pendingSection = root.querySelector("[data-pending-section]");
  var timer = new live.Timer(root.querySelector("[data-controls] [data-timer]"));
  var canManage = root.getAttribute("data-can-manage") === "true";

  function row(id) { return document.getElementById("idea-" + id); }

  function setText(selector, value) {
    root.querySelectorAll(selector).forEach(function (element) { element.textContent = String(value); });
  }

  function refreshControls() {
    window.fetch(root.getAttribute("data-controls-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) {
        var card = root.querySelector("[data-controls-card]");
        card.innerHTML = html;
        timer = new live.Timer(card.querySelector("[data-timer]"));
        if (window.htmx) { window.htmx.process(card); }
      }).catch(function () { /* the next event or a reload will bring it */ });
  }

  function cloneRow(status, data) {
    var holder = live.fromTemplate("console-row-" + status, data.id);
    var element = holder.querySelector("li");
    element.querySelector(".idea-text").textContent = data.text;
    if (window.htmx) { window.htmx.process(element); }
    return element;
  }

  function updatePending() {
    var count = pendingList.children.length;
    setText("[data-pending-count]", count);
    pendingSection.hidden = count === 0;
  }

  function placeRow(data, status) {
    var existing = row(data.id);
    if (existing) { existing.remove(); }
    var element = cloneRow(status, data);
    if (status === "pending") {
      pendingList.appendChild(element);
    } else {
      list.insertBefore(element, list.firstChild);
    }
    updatePending();
    root.querySelector("[data-empty]").hidden = list.children.length > 0;
  }

  // Comments under an idea's row: added (pending or visible), approved, hidden.
  function placeComment(data, status) {
    var holderList = root.querySelector('[data-comments-for="' + data.idea_id + '"]');
    if (!holderList) { return; }
    var existing = document.getElementById("comment-" + data.id);
    var text = data.text || (existing && existing.querySelector(".comment-text").textContent) || "";
    var element = live.fromTemplate("console-comment-" + status, data.id).querySelector("li");
    element.querySelector(".comment-text").textContent = text;
    if (!canManage) { element.querySelectorAll("form").forEach(function (form) { form.remove(); }); }
    if (window.htmx) { window.htmx.process(element); }
    if (existing) { existing.replaceWith(element); } else { holderList.appendChild(element); }
    holderList.hidden = false;
  }

  var handlers = {
    "comment.added": function (data) { placeComment(data, data.status || "visible"); },
    "comment.removed": function (data) { placeComment(data, "hidden"); },
    "state": function (data) {
      setText("[data-participants]", data.participants);
      if ("votes_cast" in data) { setText("[data-vote-total]", data.votes_cast); }
      if (data.phase !== root.getAttribute("data-phase")) {
        root.setAttribute("data-phase", data.phase);
        refreshControls();
      }
      timer.update(data.timer);
    },
    "phase": function (data) {
      root.setAttribute("data-phase", data.phase);
      refreshControls();
    },
    "timer": function () { refreshControls(); },
    "joining": function () { refreshControls(); },
    "settings": function () { refreshControls(); },
    "participants": function (data) { setText("[data-participants]", data.count); },
    "tally": function (data) {
      setText("[data-vote-total]", data.votes_cast);
      Object.keys(data.ideas || {}).forEach(function (id) {
        var element = row(id);
        var votes = element && element.querySelector("[data-votes]");
        if (votes) { votes.textContent = String(data.ideas[id]); }
      });
    },
    "idea.added": function (data) {
      if (!row(data.id)) { placeRow(data, "visible"); }
      var count = root.querySelector("[data-visible-count]");
      setText("[data-visible-count]", Number(count.textContent) + 1);
    },
    "idea.pending": function (data) { if (!row(data.id)) { placeRow(data, "pending"); } },
    "idea.status": function (data) {
      var existing = row(data.id);
      if (existing && existing.getAttribute("data-status") === data.status) { return; }
      placeRow(data, data.status);
    },
    "idea.removed": function (data) {
      setText("[data-visible-count]", Math.max(0, Number(root.querySelector("[data-visible-count]").textContent) - 1));
      if (data.reason === "withdrawn") {
        var element = row(data.id);
        if (element) { element.remove(); }
      }
    },
    "idea.changed": function (data) {
      var element = row(data.id);
      if (element) { element.querySelector(".idea-text").textContent = data.text; }
    },
    "resync": function () { window.location.reload(); }
  };

  live.connect({
    url: root.getAttribute("data-events-url"),
    after: root.getAttribute("data-after"),
    status: root.querySelector("[data-live-status]"),
    handlers: handlers
  });

  if (!canManage) { return; }

  /* Keyboard shortcuts: never while typing in a field. */
  function rows() { return Array.prototype.slice.call(root.querySelectorAll(".idea-admin")); }

  function selected() {
    var active = document.activeElement;
    return active && active.classList && active.classList.contains("idea-admin") ? active : null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var index = all.indexOf(selected());
    var next = all[Math.min(all.length - 1, Math.max(0, index < 0 ? 0 : index + step))];
    next.focus();
  }

  function press(element, key) {
    var button = element && element.querySelector('[data-key="' + key + '"]');
    if (button) { button.click(); }
  }

  function pressControl(label) {
    var buttons = root.querySelectorAll("[data-controls] button");
    for (var i = 0; i < buttons.length; i += 1) {
      if (label.test(buttons[i].textContent)) { buttons[i].click(); return; }
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var key = event.key;
    if (key === "j") { move(1); } else if (key === "k") { move(-1); }
    else if (key === "h" || key === "o" || key === "e") { press(selected(), key); }
    else if (key === "a") { press(pendingList.querySelector(".idea-admin"), "a"); }
    else if (key === "n") {
      var first = root.querySelector("[data-controls] .actions .btn-primary");
      if (first) { first.click(); }
    }
    else if (key === "p") { pressControl(/^(Pause|Resume)$/); }
    else if (key === "+") { pressControl(/^\+1 minute$/); }
    else { return; }
    event.preventDefault();
  });
}());
