// The door page of a networking moment (templates/networking/door.html), for staff on a phone: the back camera
// films the personal QR codes, jsQR (static/vendor/jsqr/) reads them from the frames, and the address a code holds
// is posted with the page's own form (its CSRF token) as if typed. The answer (welcome / already / refused) is
// shown big in the aria-live region and the counters are updated; then the scanner goes on. The same code is not
// sent twice in a row within REPEAT_MS. Without JavaScript or a camera, the typed code and its button still work.
(() => {
  "use strict";
  const SCAN_EVERY_MS = 150;
  const PAUSE_AFTER_ANSWER_MS = 1500;
  const REPEAT_MS = 8000;
  const TONES = {welcome: "alert-success", already: "alert-warning", refused: "alert-danger"};

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("[data-door-form]");
    const scanner = document.querySelector("[data-door-scanner]");
    if (!form || !scanner) return;
    const result = document.getElementById("door-result");
    const counts = document.querySelector("[data-door-counts]");
    const field = form.querySelector("[name=code]");
    let busy = false;
    let last = "";
    let lastAt = 0;

    function show(tone, message) {
      const line = document.createElement("p");
      line.className = `alert ${TONES[tone] || TONES.refused} fs-3 fw-bold mb-0`;
      line.dataset.tone = tone;
      line.textContent = message;
      result.replaceChildren(line);
    }

    async function send(code) {
      busy = true;
      const data = new FormData(form);
      data.set("code", code);
      try {
        const response = await fetch(window.location.href, {
          method: "POST", body: data, credentials: "same-origin", headers: {Accept: "application/json"}});
        const answer = response.ok ? await response.json() : null;
        if (!answer || !answer.message) throw new Error(`check-in answered ${response.status}`);
        show(answer.tone, answer.message);
        if (counts && answer.counts) counts.textContent = answer.counts;
      } catch (error) {
        show("refused", scanner.dataset.failed);
      }
      window.setTimeout(() => { busy = false; }, PAUSE_AFTER_ANSWER_MS);
    }

    form.addEventListener("submit", event => {
      event.preventDefault();
      if (busy) return;
      send(field.value).then(() => { field.value = ""; field.focus(); });
    });

    const video = scanner.querySelector("[data-door-video]");
    const status = scanner.querySelector("[data-door-camera-status]");
    const media = navigator.mediaDevices;
    if (!media || !media.getUserMedia || typeof window.jsQR !== "function") return;  // the typed code only
    scanner.hidden = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", {willReadFrequently: true});

    function scan() {
      if (!busy && video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const frame = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(frame.data, frame.width, frame.height, {inversionAttempts: "dontInvert"});
        const now = Date.now();
        if (found && found.data && !(found.data === last && now - lastAt < REPEAT_MS)) {
          last = found.data;
          lastAt = now;
          send(found.data);
        }
      }
      window.setTimeout(scan, SCAN_EVERY_MS);
    }

    media.getUserMedia({video: {facingMode: "environment"}, audio: false})
      .then(stream => { video.srcObject = stream; return video.play(); })
      .then(() => { status.textContent = scanner.dataset.scanning; scan(); })
      .catch(() => { status.textContent = scanner.dataset.noCamera; });
  });
})();
