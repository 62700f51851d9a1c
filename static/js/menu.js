/* The main menu (templates/base.html): a <details> whose "Menu" button shows only on a narrow screen.
 *
 * Without JavaScript the menu already works: on a wide screen the CSS shows the list of a closed <details>
 * (static/css/telefoon.css, ::details-content), on a narrow one the button opens and closes it. This script only:
 * - keeps the <details> open on a wide screen (also for browsers without ::details-content), and closed again
 *   when the window becomes narrow;
 * - closes the open menu with Escape and gives the focus back to the "Menu" button.
 * The breakpoint is the one in telefoon.css.
 */
(function () {
  "use strict";

  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) {
    return;
  }
  var knop = menu.querySelector("summary");
  var breed = window.matchMedia("(min-width: 48rem)");

  function volg() {
    menu.open = breed.matches;
  }
  volg();
  if (breed.addEventListener) {
    breed.addEventListener("change", volg);
  } else if (breed.addListener) {
    breed.addListener(volg);
  }

  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open && !breed.matches) {
      menu.open = false;
      knop.focus();
    }
  });
})();
