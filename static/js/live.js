/* Live updates from a session's event stream (Server-Sent Events), with a polling fallback.
   Pages pass the stream URL and the last event number they were rendered with; handlers get
   each event's JSON. Where EventSource is missing or the stream never gets through (a proxy
   that blocks it), the same URL is polled with ?once=1, which answers at once. */
(function () {
  "use strict";

  var POLL_MS = 4000;

  function parseFrames(text) {
    var frames = [];
    text.split(/\r?\n\r?\n/).forEach(function (block) {
      var frame = { id: "", event: "message", data: "" };
      var hasData = false;
      block.split(/\r?\n/).forEach(function (line) {
        if (!line || line.charAt(0) === ":") { return; }
        var colon = line.indexOf(":");
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") { frame.id = value; }
        if (field === "event") { frame.event = value; }
        if (field === "data") { frame.data += (hasData ? "\n" : "") + value; hasData = true; }
      });
      if (hasData) { frames.push(frame); }
    });
    return frames;
  }

  function withParams(url, params) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + params;
  }

  function connect(options) {
    var last = String(options.after || "");
    var names = Object.keys(options.handlers);
    var source = null;
    var polling = null;
    var heard = false;
    var failures = 0;

    function setStatus(text) {
      if (options.status) { options.status.textContent = text; }
    }

    function deliver(name, dataText, id) {
      if (id) { last = id; }
      var handler = options.handlers[name];
      if (!handler) { return; }
      var data;
      try { data = JSON.parse(dataText); } catch (error) { return; }
      try { handler(data); } catch (error) { window.console.error(error); }
    }

    function poll() {
      window.fetch(withParams(options.url, "once=1&after=" + encodeURIComponent(last)), {
        credentials: "same-origin",
        headers: { "Accept": "text/event-stream" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (text) {
        parseFrames(text).forEach(function (frame) { deliver(frame.event, frame.data, frame.id); });
        setStatus("");
      }).catch(function () { setStatus("Reconnecting…"); });
    }

    function startPolling() {
      if (polling) { return; }
      if (source) { source.close(); }
      polling = window.setInterval(poll, POLL_MS);
      poll();
    }

    if (!window.EventSource) { startPolling(); return; }
    source = new window.EventSource(withParams(options.url, "after=" + encodeURIComponent(last)));
    names.forEach(function (name) {
      source.addEventListener(name, function (event) {
        heard = true;
        failures = 0;
        setStatus("");
        deliver(name, event.data, event.lastEventId);
      });
    });
    source.onerror = function () {
      failures += 1;
      if (source.readyState === window.EventSource.CLOSED || (!heard && failures >= 3)) {
        startPolling();  // refused, or never got through: poll instead
      } else if (failures >= 2) {
        setStatus("Reconnecting…");  // a single error is a normal reconnect
      }
    };
  }

  function formatSeconds(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }

  /* The phase timer: counts down to the deadline, corrected by the server's clock. */
  function Timer(element) {
    this.element = element;
    this.interval = null;
    if (element) {
      this.update({
        running: element.getAttribute("data-running") === "true",
        deadline: element.getAttribute("data-deadline") || null,
        server_now: element.getAttribute("data-server-now"),
        seconds_left: element.getAttribute("data-seconds-left") === "" ? null
          : Number(element.getAttribute("data-seconds-left"))
      });
    }
  }

  Timer.prototype.update = function (state) {
    var element = this.element;
    if (!element || !state) { return; }
    window.clearInterval(this.interval);
    this.interval = null;
    if (state.running && state.deadline) {
      var offset = Date.parse(state.server_now) - Date.now();
      var deadline = Date.parse(state.deadline);
      var tick = function () {
        var left = (deadline - (Date.now() + offset)) / 1000;
        element.textContent = formatSeconds(left) + " left";
        element.classList.toggle("timer-ending", left <= 30);
      };
      element.hidden = false;
      tick();
      this.interval = window.setInterval(tick, 1000);
    } else if (state.seconds_left) {
      element.hidden = false;
      element.textContent = formatSeconds(state.seconds_left) + " left (paused)";
    } else {
      element.hidden = true;
      element.textContent = "";
    }
  };

  function fromTemplate(id, ideaId) {
    var template = document.getElementById(id);
    if (!template) { return null; }
    var placeholder = template.getAttribute("data-placeholder") || "placeholder-id-0";
    var html = template.innerHTML.split(placeholder).join(String(ideaId));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    return holder;
  }

  window.FeedbackLive = {
    connect: connect,
    parseFrames: parseFrames,
    Timer: Timer,
    fromTemplate: fromTemplate,
    formatSeconds: formatSeconds
  };
}());
