// Records a voice message into the form's audio file field, where the browser can record
// (MediaRecorder and a microphone). Only an enhancement: without it, or without JavaScript,
// the person attaches an audio file to the same field. Nothing records until they press the
// button, and pressing it again stops.
(function () {
  "use strict";
  var TYPES = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/mp4"];
  var EXTENSIONS = { "audio/ogg": "ogg", "audio/webm": "webm", "audio/mp4": "m4a" };

  function supportedType() {
    for (var i = 0; i < TYPES.length; i++) {
      if (window.MediaRecorder.isTypeSupported(TYPES[i])) return TYPES[i];
    }
    return null;
  }

  function enhance(box) {
    var input = box.querySelector("input[type=file]");
    var status = box.querySelector(".voice-status");
    var type = supportedType();
    if (!input || !status || !type || typeof DataTransfer === "undefined") return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary voice-record";
    button.textContent = box.dataset.record;
    input.insertAdjacentElement("afterend", button);
    var recorder = null;
    var chunks = [];

    function finish() {
      var blobType = type.split(";")[0];
      var blob = new Blob(chunks, { type: blobType });
      var file = new File([blob], "mensaje-de-voz." + EXTENSIONS[blobType], { type: blobType });
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      button.textContent = box.dataset.record;
      status.textContent = box.dataset.ready;
    }

    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") {
        recorder.stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream, { mimeType: type });
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data.size) chunks.push(event.data);
        });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          finish();
        });
        recorder.start();
        button.textContent = box.dataset.stop;
        status.textContent = box.dataset.recording;
      }, function () {
        status.textContent = box.dataset.denied;
      });
    });
  }

  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  document.querySelectorAll("[data-voice-recorder]").forEach(enhance);
})();
