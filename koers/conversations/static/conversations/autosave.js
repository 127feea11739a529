// Autosave feedback for the preparation and talk pages (htmx does the saving).
// When a save fails (no connection, server error) the status line says so, and the text
// stays in the box: the normal "Opslaan" button still works.
// Once a form is being submitted the normal way, no autosave of that form starts any more:
// the submit carries the same text, and two saves at once would only compete.
// Each save carries the revision the page was loaded at; a saved answer swaps in the new one.
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
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.setAttribute) {
      event.target.setAttribute("data-submitting", "true");
    }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.closest && elt.closest("form[data-submitting]")) {
      event.preventDefault();
      return;
    }
    var status = statusFor(event);
    if (status) {
      status.classList.remove("save-failed");
      status.textContent = status.getAttribute("data-saving") || "";
    }
  });
  // 409: someone else saved in the meantime. The answer is the conflict, to be shown in the
  // status line (the text the user typed stays in the box, and the token stays the old one,
  // so no later autosave overwrites the other person's text unnoticed).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 409 && statusFor(event)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
})();
