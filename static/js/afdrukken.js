// A "print" button (issue 21, the summary for CoMensha): shown only with JavaScript; without it the page says to use
// the browser's print command.
document.querySelectorAll("[data-afdrukken]").forEach(function (knop) {
  knop.hidden = false;
  knop.addEventListener("click", function () { window.print(); });
});
