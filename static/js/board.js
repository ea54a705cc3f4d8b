/* Themes board: drag an idea card onto another theme. The card's own "Move" form does the work,
   so the select menu stays the keyboard (and no-JavaScript) way to do the same. */
(function () {
  "use strict";

  var dragged = null;

  function columnOf(node) {
    return node && node.closest ? node.closest(".theme[data-cluster-id]") : null;
  }

  function enhance(root) {
    root.querySelectorAll(".theme-card[data-idea-id]").forEach(function (card) {
      if (card.querySelector("form.move-form")) {
        card.draggable = true;
      }
    });
  }

  function clearTargets() {
    document.querySelectorAll(".theme.is-drop-target").forEach(function (column) {
      column.classList.remove("is-drop-target");
    });
  }

  function canDropOn(column) {
    return dragged !== null && column !== null && column !== columnOf(dragged);
  }

  function swapPage(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
    var main = document.querySelector("main");
    var board = document.getElementById("board");
    var scrollLeft = board ? board.scrollLeft : 0;
    if (!fresh || !main) {
      window.location.reload();
      return;
    }
    main.innerHTML = fresh.innerHTML;
    board = document.getElementById("board");
    if (board) {
      board.scrollLeft = scrollLeft;
    }
    if (window.htmx) {
      window.htmx.process(main);
    }
    enhance(main);
  }

  function submitMove(form, clusterId) {
    form.elements.cluster_id.value = clusterId;
    document.body.classList.add("is-busy");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("move failed: " + response.status);
        }
        return response.text();
      })
      .then(swapPage)
      .catch(function () {
        window.location.reload();
      })
      .finally(function () {
        document.body.classList.remove("is-busy");
      });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".theme-card[draggable=true]") : null;
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.ideaId);
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!canDropOn(column)) {
      clearTargets();
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("is-drop-target")) {
      clearTargets();
      column.classList.add("is-drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!canDropOn(column)) {
      return;
    }
    event.preventDefault();
    var form = dragged.querySelector("form.move-form");
    dragged.classList.remove("is-dragging");
    dragged = null;
    clearTargets();
    submitMove(form, column.dataset.clusterId);
  });

  document.addEventListener("htmx:afterSwap", function () {
    enhance(document);
  });

  enhance(document);
})();
