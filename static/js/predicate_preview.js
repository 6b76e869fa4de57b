/* Live preview of the predicate on the rating and objection-decision pages: a lookup in the nine cells the
 * server computed with rules.predicate (the JSON block "predicate-table" beside the form). */
(function () {
  "use strict";
  var source = document.getElementById("predicate-table");
  if (!source) return;
  var table = JSON.parse(source.textContent);
  document.querySelectorAll("[data-predicate-preview]").forEach(function (out) {
    var form = out.closest("form");
    function value(name) {
      var el = form.elements[name];
      if (!el) return "";
      if (el.length !== undefined && el.tagName !== "SELECT") {
        for (var i = 0; i < el.length; i++) { if (el[i].checked) return el[i].value; }
        return "";
      }
      return el.value;
    }
    function update() {
      var r = out.dataset.fixedResult || value("result_rating");
      var b = value("behaviour_rating");
      var hit = r && b ? table[r + "|" + b] : "";
      out.textContent = hit || out.dataset.empty;
    }
    form.addEventListener("change", update);
    update();
  });
})();
