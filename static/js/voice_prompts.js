// Record a prompt in the browser (MediaRecorder), turn it into an 8 kHz mono WAV that
// Twilio's <Play> takes, and post it through the same form as an upload.
(function () {
  "use strict";
  if (!navigator.mediaDevices || !window.MediaRecorder || !window.AudioContext) { return; }

  function wav(buffer) {
    var samples = buffer.getChannelData(0), rate = buffer.sampleRate;
    var out = new DataView(new ArrayBuffer(44 + samples.length * 2));
    function text(offset, value) {
      for (var i = 0; i < value.length; i++) { out.setUint8(offset + i, value.charCodeAt(i)); }
    }
    text(0, "RIFF"); out.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVE");
    text(12, "fmt "); out.setUint32(16, 16, true); out.setUint16(20, 1, true);
    out.setUint16(22, 1, true); out.setUint32(24, rate, true); out.setUint32(28, rate * 2, true);
    out.setUint16(32, 2, true); out.setUint16(34, 16, true);
    text(36, "data"); out.setUint32(40, samples.length * 2, true);
    for (var i = 0; i < samples.length; i++) {
      var s = Math.max(-1, Math.min(1, samples[i]));
      out.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([out], { type: "audio/wav" });
  }

  function toPhoneWav(blob) {
    return blob.arrayBuffer().then(function (data) {
      return new AudioContext().decodeAudioData(data);
    }).then(function (decoded) {
      var offline = new OfflineAudioContext(1, Math.ceil(decoded.duration * 8000), 8000);
      var source = offline.createBufferSource();
      source.buffer = decoded;
      source.connect(offline.destination);
      source.start();
      return offline.startRendering();
    }).then(wav);
  }

  function showError(message) {
    var box = document.getElementById("prompt-error");
    box.textContent = message;
    box.hidden = false;
  }

  function save(form, blob) {
    var data = new FormData(form);
    data.set("audio", blob, "recording.wav");
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) { window.location.reload(); return; }
      return response.text().then(showError);
    });
  }

  document.querySelectorAll("[data-prompt-form]").forEach(function (form) {
    var button = form.querySelector("[data-record]");
    var startLabel = button.textContent, recorder = null, chunks = [];
    button.hidden = false;
    button.addEventListener("click", function () {
      if (recorder) { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (event) { chunks.push(event.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          recorder = null;
          button.textContent = startLabel;
          toPhoneWav(new Blob(chunks)).then(function (blob) { return save(form, blob); })
            .catch(function (error) { showError(String(error)); });
        };
        recorder.start();
        button.textContent = button.getAttribute("data-stop-label");
      }).catch(function (error) { showError(String(error)); });
    });
  });
})();
