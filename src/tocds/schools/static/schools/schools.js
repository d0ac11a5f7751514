/* "In giáo án": print the lesson plan. Without JavaScript the button stays hidden and the
   browser's own print still works. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
