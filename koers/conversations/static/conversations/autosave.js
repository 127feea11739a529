// Autosave feedback for the preparation pages (htmx does the saving).
// When a save fails (no connection, server error) the status line says so, and the answer
// stays in the box: the normal "Opslaan" button still works.
(function () {
  "use strict";
  function statusFor(event) {
    var target = event.detail && event.detail.target;
    return target && target.classList && target.classList.contains("saved-status") ? target : null;
  }
  function failed(event) {
    var status = statusFor(event);
    if (!status) { return; }
    status.textContent = status.getAttribute("data-failed") || "Niet opgeslagen.";
    status.classList.add("save-failed");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var status = statusFor(event);
    if (status) {
      status.classList.remove("save-failed");
      status.textContent = status.getAttribute("data-saving") || "";
    }
  });
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
})();
