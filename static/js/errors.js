/* A 400 answer to an htmx request carries a message for the person (bad input, in their
   language): show it where the answer was going instead of dropping it, as htmx does with
   error statuses by default. */
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
