/* Session timeout warning.
 *
 * The server ends a session after SESSION_COOKIE_AGE seconds without a request. <body> carries that
 * number (data-sessie-seconden) and how long before the end to warn (data-sessie-waarschuwing).
 * SESSION_WARNING_SECONDS before the end the hidden region #sessie-waarschuwing appears; its button
 * POSTs to the keep-alive URL (204) and starts the count again. When the time is up the page goes to
 * the log-in page, which brings the user back here after logging in.
 *
 * Other tabs of the same site share the last activity through localStorage, so a request in one tab
 * keeps the warning away in the others. Without JavaScript nothing of this runs and nothing breaks.
 */
(function () {
  "use strict";

  var body = document.body;
  var box = document.getElementById("sessie-waarschuwing");
  var seconden = parseInt(body.getAttribute("data-sessie-seconden"), 10);
  var waarschuwing = parseInt(body.getAttribute("data-sessie-waarschuwing"), 10);
  if (!box || !(seconden > 0)) {
    return;
  }
  waarschuwing = Math.min(Math.max(waarschuwing || 0, 0), seconden);

  var klok = box.querySelector("[data-sessie-klok]");
  var knop = box.querySelector("[data-sessie-verlengen]");
  var fout = box.querySelector("[data-sessie-fout]");
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var verlengenUrl = box.getAttribute("data-verlengen-url");
  var inloggenUrl = box.getAttribute("data-inloggen-url");
  var OPSLAG = "ketenregie-sessie-activiteit";
  // Go to the log-in page only once the server has surely ended the session as well.
  var MARGE_MS = 1500;

  var laatsteActiviteit = 0;
  var waarschuwTimer = null;
  var eindTimer = null;
  var tikker = null;
  var vorigeFocus = null;

  function plan(tijdstip) {
    laatsteActiviteit = tijdstip;
    var einde = tijdstip + seconden * 1000;
    window.clearTimeout(waarschuwTimer);
    window.clearTimeout(eindTimer);
    verberg();
    waarschuwTimer = window.setTimeout(toon, Math.max(0, einde - waarschuwing * 1000 - Date.now()));
    eindTimer = window.setTimeout(beeindig, Math.max(0, einde + MARGE_MS - Date.now()));
  }

  function activiteit() {
    // The server has just seen a request from this browser: its inactivity clock starts again.
    var nu = Date.now();
    try {
      window.localStorage.setItem(OPSLAG, String(nu));
    } catch (e) {
      /* storage unavailable: this tab keeps its own clock */
    }
    plan(nu);
  }

  function resterend() {
    var ms = laatsteActiviteit + seconden * 1000 - Date.now();
    var totaal = Math.max(0, Math.ceil(ms / 1000));
    var minuten = Math.floor(totaal / 60);
    var rest = totaal % 60;
    return minuten + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function werkKlokBij() {
    if (klok) {
      klok.textContent = resterend();
    }
  }

  function toon() {
    if (!box.hidden) {
      return;
    }
    vorigeFocus = document.activeElement;
    werkKlokBij();
    box.hidden = false;
    tikker = window.setInterval(werkKlokBij, 1000);
    if (knop) {
      knop.focus();
    }
  }

  function verberg() {
    window.clearInterval(tikker);
    if (fout) {
      fout.hidden = true;
    }
    if (box.hidden) {
      return;
    }
    var hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    if (hadFocus && vorigeFocus && vorigeFocus !== document.body && document.contains(vorigeFocus)) {
      vorigeFocus.focus();
    }
    vorigeFocus = null;
  }

  function beeindig() {
    var hier = window.location.pathname + window.location.search;
    window.location.assign(inloggenUrl + "?next=" + encodeURIComponent(hier));
  }

  function verleng() {
    if (!knop || knop.disabled) {
      return;
    }
    knop.disabled = true;
    window
      .fetch(verlengenUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrf ? csrf.getAttribute("content") : "" },
      })
      .then(function (response) {
        if (response.status === 204) {
          activiteit();
        } else {
          // The session has already ended (a redirect to the log-in page) or was refused.
          beeindig();
        }
      })
      .catch(function () {
        if (fout) {
          fout.hidden = false;
        }
      })
      .then(function () {
        knop.disabled = false;
      });
  }

  if (knop) {
    knop.addEventListener("click", verleng);
  }

  // Another tab made a request: follow its clock.
  window.addEventListener("storage", function (event) {
    if (event.key === OPSLAG && event.newValue) {
      var tijdstip = parseInt(event.newValue, 10);
      if (tijdstip > laatsteActiviteit) {
        plan(tijdstip);
      }
    }
  });

  // Timers of a background tab may be delayed: check again when the tab comes back.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") {
      return;
    }
    var tijdstip = laatsteActiviteit;
    try {
      tijdstip = Math.max(tijdstip, parseInt(window.localStorage.getItem(OPSLAG), 10) || 0);
    } catch (e) {
      /* storage unavailable */
    }
    plan(tijdstip);
  });

  // htmx requests also count as activity on the server.
  body.addEventListener("htmx:afterRequest", activiteit);

  activiteit();
})();
