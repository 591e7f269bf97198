// The simulator's voice mode: play a call's steps in order (a recording, or the text by
// the browser's speech when it has it), as the phone would.
(function () {
  "use strict";

  function speak(item, next) {
    var synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") {
      window.setTimeout(next, 400);
      return;
    }
    var utterance = new SpeechSynthesisUtterance(item.textContent);
    utterance.lang = item.getAttribute("lang") || "es-MX";
    var done = false;
    function finish() { if (!done) { done = true; next(); } }
    utterance.onend = finish;
    utterance.onerror = finish;
    window.setTimeout(finish, 250 + 90 * item.textContent.length);  // no voice installed
    synth.speak(utterance);
  }

  function play(container) {
    var steps = Array.prototype.slice.call(container.querySelectorAll("[data-step]"));
    var index = 0;
    function next() {
      steps.forEach(function (step) { step.classList.remove("playing"); });
      if (index >= steps.length) { return; }
      var step = steps[index++];
      step.classList.add("playing");
      var audio = step.querySelector("audio");
      if (!audio) { speak(step, next); return; }
      audio.onended = next;
      audio.onerror = next;
      var started = audio.play();
      if (started && started.catch) { started.catch(next); }
    }
    if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
    next();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "sim-call") {
      var call = target.querySelector("[data-call-steps]");
      if (call) { play(call); }
    }
  });
})();
