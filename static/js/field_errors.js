// Issue 12: a field's error disappears once the person changes the field, instead of staying on screen until the
// next submit. Django renders each error with an id in the field's aria-describedby (id_x_error); the server
// checks again on submit, so nothing is lost. CSP-safe: a static file, no inline code.
(function () {
  "use strict";
  function clear(event) {
    var field = event.target;
    if (!field || field.getAttribute("aria-invalid") !== "true") return;
    field.removeAttribute("aria-invalid");
    var ids = (field.getAttribute("aria-describedby") || "").split(/\s+/);
    var kept = ids.filter(function (id) {
      var el = id && document.getElementById(id);
      if (el && el.classList.contains("errorlist")) {
        el.hidden = true;
        return false;
      }
      return Boolean(id);
    });
    if (kept.length) field.setAttribute("aria-describedby", kept.join(" "));
    else field.removeAttribute("aria-describedby");
    var group = field.closest(".field");
    if (group) group.classList.remove("has-error");
  }
  document.addEventListener("input", clear);
  document.addEventListener("change", clear);
})();
