/* Behaviour every page shares, kept out of the markup: the Content-Security-Policy allows no
   inline scripts or event handler attributes.
   - <button data-print> prints the page;
   - <select data-submit-on-change> submits its form when the choice changes;
   - <form data-reset-after-request> empties itself after its htmx request;
   - <form data-confirm="question"> asks first, and is sent only if the answer is yes. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-submit-on-change]");
    if (select && select.form) { select.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-reset-after-request]")) { form.reset(); }
  });
})();
