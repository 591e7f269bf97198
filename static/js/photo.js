/* The desk's camera for ID card photos (the Content-Security-Policy allows no inline
   scripts): "Start the camera" shows the camera; "Take the photo" freezes a frame and puts
   it, as a JPEG file, in the form's file field, so the photo is saved exactly like an
   uploaded file. Without a camera (or permission) the file field is the way. */
(function () {
  "use strict";
  var box = document.querySelector("[data-camera]");
  if (!box) { return; }
  var form = box.closest("form");
  var input = form.querySelector("input[type=file]");
  var video = box.querySelector("video");
  var canvas = box.querySelector("canvas");
  var take = box.querySelector("[data-camera-take]");
  var failed = box.querySelector("[data-camera-error]");
  var stream = null;

  function fail() { failed.hidden = false; }

  box.querySelector("[data-camera-start]").addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { fail(); return; }
    navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        canvas.hidden = true;
        take.hidden = false;
        failed.hidden = true;
      })
      .catch(fail);
  });

  take.addEventListener("click", function () {
    if (!stream || !video.videoWidth) { return; }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      var files = new DataTransfer();
      files.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      canvas.hidden = false;
      video.hidden = true;
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      take.hidden = true;
      canvas.setAttribute("data-taken", "1");
    }, "image/jpeg", 0.9);
  });
})();
