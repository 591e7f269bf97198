/* Front desk: the scan box keeps the focus, so a badge scanner (a keyboard that types the
   digits and Enter) always lands there; polling pauses while someone types elsewhere. */
(function () {
  "use strict";
  function scan() { return document.getElementById("scan"); }
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
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "scan-form") { event.detail.elt.reset(); }
    refocus();
  });
  document.addEventListener("htmx:afterSwap", refocus);
  document.addEventListener("click", function (event) {
    if (!event.target.closest("input, select, textarea, summary")) { setTimeout(refocus, 0); }
  });
  document.addEventListener("DOMContentLoaded", refocus);
  window.addEventListener("focus", refocus);
})();
