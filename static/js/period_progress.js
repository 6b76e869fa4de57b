// Period page: follow the job that creates the evaluations, then reload once it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("[data-progress-bar]");
  var text = box.querySelector("[data-progress-text]");
  var status = box.querySelector("[data-progress-status]");
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var fill = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return obj[key]; });
  };
  // "1.234" in Indonesian, "1,234" in English: the page's language decides.
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "id");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (bar) { bar.max = Math.max(data.total, 1); bar.value = data.done; }
        if (status) status.textContent = data.status_label;
        if (text) {
          var words = ngettext("%(done)s dari %(total)s pegawai", "%(done)s dari %(total)s pegawai", data.total);
          text.textContent = fill(words, { done: numbers.format(data.done), total: numbers.format(data.total) }, true);
        }
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
