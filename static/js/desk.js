/* Front desk.

   The scan box keeps the focus, so a badge scanner (a keyboard that types the digits and
   Enter) always lands there; polling pauses while someone types elsewhere.

   Every Enter takes exactly what was typed and clears the box at once; the scans wait in a
   queue and go to the server in order, one at a time, each with its own key
   (Idempotency-Key), so a retry after a lost answer is answered again, never signed in
   twice. Each scan gets its own line in the answers, newest first. In attendance mode
   (an activity chosen) the same queue records attendance at it, under the same rules. */
(function () {
  "use strict";
  var KEEP = 60;          // answers kept on screen
  var MAX_ATTEMPTS = 6;   // tries per scan before it is shown as not sent
  var queue = [];
  var busy = false;

  function scan() { return document.getElementById("scan"); }
  function form() { return document.getElementById("scan-form"); }
  function answers() { return document.getElementById("scan-answers"); }
  function typingElsewhere() {
    var el = document.activeElement;
    return el && el !== scan() && el.matches && el.matches("input, select, textarea");
  }
  // The poll (no triggering event) skips a beat while someone types elsewhere; a
  // "desk-changed" refresh always runs.
  document.addEventListener("htmx:confirm", function (event) {
    var polling = !event.detail.triggeringEvent;
    if (event.detail.elt.id === "desk-live" && polling && typingElsewhere()) { event.preventDefault(); }
  });
  function refocus() {
    if (!typingElsewhere() && scan() && document.activeElement !== scan()) { scan().focus(); }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      try { return window.crypto.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function csrf() { return form().querySelector("[name=csrfmiddlewaretoken]").value; }
  function say(entry, text, cls) {
    entry.item.querySelector(".scan-text").textContent = text;
    if (cls) { entry.item.className = "scan-answer " + cls; }
  }

  function enqueue(fields, label) {
    var item = document.createElement("li");
    item.className = "scan-answer scan-pending";
    var typed = document.createElement("span");
    typed.className = "scan-typed";
    typed.textContent = label;
    var text = document.createElement("span");
    text.className = "scan-text";
    item.append(typed, " ", text);
    answers().prepend(item);
    while (answers().children.length > KEEP) { answers().lastElementChild.remove(); }
    // Attendance mode: the activity chosen when Enter was pressed goes with the scan.
    var activity = form().querySelector("[name=activity]");
    if (activity && activity.value) { fields.activity = activity.value; }
    var entry = { fields: fields, key: newKey(), item: item, attempts: 0 };
    say(entry, form().dataset.pending);
    queue.push(entry);
    pump();
  }

  function settle(entry, html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var answer = holder.content.firstElementChild;
    if (!answer) { return; }
    entry.item.replaceWith(answer);
    if (window.htmx) { window.htmx.process(answer); }
  }

  function next() {
    queue.shift();
    busy = false;
    if (queue.length) { pump(); } else if (window.htmx) {
      window.htmx.trigger(document.body, "desk-changed");  // the live panel, once the line is in
    }
  }

  function retry(entry) {
    if (entry.attempts >= MAX_ATTEMPTS) {
      say(entry, form().dataset.failed, "scan-bad");
      next();
      return;
    }
    say(entry, form().dataset.retrying);
    setTimeout(function () { busy = false; pump(); }, 500 * Math.pow(2, entry.attempts - 1));
  }

  function pump() {
    if (busy || !queue.length) { return; }
    busy = true;
    var entry = queue[0];
    entry.attempts += 1;
    var body = new FormData();
    Object.keys(entry.fields).forEach(function (name) { body.append(name, entry.fields[name]); });
    fetch(form().action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "Idempotency-Key": entry.key, "X-CSRFToken": csrf() }
    }).then(function (response) {
      if (response.headers.get("X-Desk-Answer")) {
        return response.text().then(function (html) { settle(entry, html); next(); });
      }
      if (response.status === 403 || response.redirected) {
        say(entry, form().dataset.expired, "scan-bad");
        next();
        return;
      }
      if (response.status >= 400 && response.status < 500) {
        // Refused before the desk saw it (e.g. a control character in what was typed):
        // the page's short message is this scan's answer; sending it again would not help.
        return response.text().then(function (html) {
          var holder = document.createElement("template");
          holder.innerHTML = html;
          say(entry, holder.content.textContent.trim() || form().dataset.failed, "scan-bad");
          next();
        });
      }
      retry(entry);  // a server error: nothing was kept, the same key is safe to send again
    }, function () { retry(entry); });
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    if (target.id === "scan-form") {
      event.preventDefault();
      var text = scan().value.trim();
      scan().value = "";
      if (text) { enqueue({ q: text }, text); }
      scan().focus();
    } else if (target.classList && target.classList.contains("scan-pick")) {
      event.preventDefault();
      var button = target.querySelector("button");
      enqueue({ worker: target.querySelector("[name=worker]").value }, button.dataset.label);
      setTimeout(refocus, 0);
    }
  });

  // The folded "filled jobs" stay open across the live panel's refreshes.
  var filledOpen = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var filled = document.getElementById("jobs-filled");
    if (event.detail.target && event.detail.target.id === "desk-live") { filledOpen = !!(filled && filled.open); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "desk-live" && filledOpen) {
      var filled = document.getElementById("jobs-filled");
      if (filled) { filled.open = true; }
    }
    refocus();
  });
  document.addEventListener("htmx:afterRequest", refocus);
  document.addEventListener("click", function (event) {
    if (!event.target.closest("input, select, textarea, summary")) { setTimeout(refocus, 0); }
  });
  document.addEventListener("toggle", function (event) {  // a menu closed: back to the box
    if (!event.target.open) { refocus(); }
  }, true);
  // The scan box's mode changed: reload the desk in it once every scan waiting is answered
  // (a reload would drop the queue).
  function whenIdle(then) {
    if (!busy && !queue.length) { then(); } else { setTimeout(function () { whenIdle(then); }, 100); }
  }
  document.addEventListener("change", function (event) {
    var mode = event.target;
    if (mode.id === "scan-mode-activity") { whenIdle(function () { mode.form.submit(); }); }
  });
  document.addEventListener("DOMContentLoaded", refocus);
  window.addEventListener("focus", refocus);
})();
