// Issue 12: a search box above a long select (every employee or position of a unit tree), by name or NIP.
// Progressive: without JavaScript the select works as it is. CSP-safe: no inline code, nothing from a CDN.
(function () {
  "use strict";
  var MIN_OPTIONS = 15;
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return obj[key]; });
  };

  function normalise(text) {
    // "19860926 201505 1 001" and "198609262015051001" match alike; case and accents ignored.
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, "");
  }

  function enhance(select) {
    if (select.options.length < MIN_OPTIONS || select.dataset.searchableReady) return;
    select.dataset.searchableReady = "1";
    var all = Array.prototype.slice.call(select.options).map(function (o) {
      return { option: o, key: normalise(o.text) };
    });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-search";
    box.autocomplete = "off";
    var label = select.dataset.searchable || gettext("Cari nama atau NIP");  // the form names what is searched
    box.placeholder = label;
    box.setAttribute("aria-label", label);
    if (select.id) box.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "small muted select-search-status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    box.addEventListener("input", function () {
      var wanted = normalise(box.value);
      var selected = select.value;
      var shown = 0;
      while (select.options.length) select.remove(0);
      all.forEach(function (item) {
        var keep = !wanted || item.option.value === "" || item.key.indexOf(wanted) !== -1 || item.option.value === selected;
        if (keep) {
          select.add(item.option);
          if (item.option.value !== "") shown += 1;
        }
      });
      select.value = selected;
      status.textContent = wanted ? interpolate(ngettext("%(n)s cocok", "%(n)s cocok", shown), { n: shown }, true) : "";
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter picks the first match instead of sending the form half-filled.
        event.preventDefault();
        var first = Array.prototype.find.call(select.options, function (o) { return o.value !== ""; });
        if (first) select.value = first.value;
        select.focus();
      }
    });
  }

  function init() {
    document.querySelectorAll("select[data-searchable]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
