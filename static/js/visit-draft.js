// The visit form keeps a draft in localStorage as the shopper types, and restores it after a
// reload or a dropped connection (with the form's idempotency key, so sending it again files
// the same report once). A page shown after a successful report clears the draft.
(function () {
  "use strict";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage switched off: the form still works, without drafts
    }
  }

  var store = storage();
  if (!store) return;

  var cleared = document.querySelector("[data-clear-draft]");
  if (cleared) store.removeItem(cleared.getAttribute("data-clear-draft"));

  var note = document.querySelector("[data-draft-note]");
  if (note && store.getItem(note.getAttribute("data-draft-note"))) note.hidden = false;

  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  var status = form.querySelector("[data-draft-status]");
  var SKIP = { csrf_token: true };

  function say(text) {
    if (status) status.textContent = text;
  }

  function collect() {
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || SKIP[field.name] || field.type === "submit") return;
      if (field.type === "radio") {
        if (field.checked) draft[field.name] = field.value;
      } else {
        draft[field.name] = field.value;
      }
    });
    return draft;
  }

  function save() {
    try {
      store.setItem(key, JSON.stringify(collect()));
      say("Draft saved on this device.");
    } catch (error) {
      say("This device could not keep a draft; send the report before leaving the page.");
    }
  }

  function restore(draft) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || SKIP[field.name] || !(field.name in draft)) return;
      var value = draft[field.name];
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (field.value !== value) {
        field.value = value;
      }
      if (field.tagName === "TEXTAREA" && value) {
        var details = field.closest("details");
        if (details) details.open = true;
      }
    });
  }

  var saved = null;
  try {
    saved = JSON.parse(store.getItem(key) || "null");
  } catch (error) {
    store.removeItem(key);
  }
  if (form.hasAttribute("data-sent")) {
    save(); // the server gave the form back as sent (with its problems): that is the draft now
  } else if (saved && typeof saved === "object") {
    restore(saved);
    say("Your unsent answers are back.");
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
