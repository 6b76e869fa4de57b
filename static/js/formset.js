/* Add and remove rows of a Django formset without a framework.
   Markup: <div data-formset="PREFIX"> rows [data-formset-row] </div>, <template id="PREFIX-empty">,
   <button data-formset-add="PREFIX" hidden>. Without JavaScript the blank rows and "hapus" boxes still work. */
(function () {
  "use strict";

  function hideRow(row) {
    var del = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    if (del) { del.checked = true; }
    row.hidden = true;
  }

  function addRemoveButton(row) {
    var box = row.querySelector(".iki-delete");
    if (!box || row.querySelector("[data-formset-remove]")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.setAttribute("data-formset-remove", "");
    button.textContent = box.querySelector("label") ? box.querySelector("label").textContent : (window.gettext ? window.gettext("Hapus") : "Hapus");
    button.addEventListener("click", function () { hideRow(row); });
    box.hidden = true;
    box.parentNode.appendChild(button);
  }

  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var prefix = container.getAttribute("data-formset");
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = document.getElementById(prefix + "-empty");
    var add = document.querySelector('[data-formset-add="' + prefix + '"]');
    if (!total || !template || !add) { return; }

    container.querySelectorAll("[data-formset-row]").forEach(function (row) {
      var del = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
      if (del && del.checked) { row.hidden = true; }  // re-rendered after an error: keep removed rows hidden
      addRemoveButton(row);
    });

    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      container.appendChild(row);
      total.value = String(index + 1);
      addRemoveButton(row);
      var first = row.querySelector("select, input, textarea");
      if (first) { first.focus(); }
    });
  });
})();
