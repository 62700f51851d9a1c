/* The signal form (templates/signalen/formulier.html): niceties on top of a form that works without JS.
 *
 * - The guidance for a possible minor (always in the page) is shown only while the box is ticked.
 * - After a refused submission the error summary gets the focus, so it is read first.
 * - Autosave (htmx, hx-post on the form): the status line is replaced only when its text changes (no
 *   repeated announcements while typing); a 401 (logged out) shows the server's message with the
 *   log-in link; any other failure shows the form's own message, so the user knows to save by hand.
 */
(function () {
  "use strict";

  var form = document.getElementById("signaal-form");
  if (!form) {
    return;
  }

  var vinkje = document.getElementById("id_minderjarige");
  var hulp = document.querySelector("[data-minderjarige-hulp]");
  function toonHulp() {
    if (vinkje && hulp) {
      hulp.hidden = !vinkje.checked;
    }
  }
  if (vinkje && hulp) {
    toonHulp();
    vinkje.addEventListener("change", toonHulp);
  }

  var overzicht = document.getElementById("foutoverzicht");
  if (overzicht) {
    overzicht.focus();
  }

  var status = document.getElementById("concept-status");
  function tekst(html) {
    var tmp = document.createElement("div");
    tmp.innerHTML = html;
    return tmp.textContent.trim();
  }

  form.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.target !== status) {
      return;
    }
    if (xhr.status === 401) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    if (xhr.status >= 200 && xhr.status < 300 && tekst(xhr.responseText) === status.textContent.trim()) {
      event.detail.shouldSwap = false;
    }
  });

  function mislukt() {
    var melding = form.getAttribute("data-autosave-fout");
    if (status && melding && status.textContent.trim() !== melding) {
      status.textContent = melding;
    }
  }
  form.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status !== 401) {
      mislukt();
    }
  });
  form.addEventListener("htmx:sendError", mislukt);
})();
