// Period page: follow the job that creates the evaluations, then reload once it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("[data-progress-bar]");
  var text = box.querySelector("[data-progress-text]");
  var status = box.querySelector("[data-progress-status]");
  var template = text ? text.textContent : "";
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (bar) { bar.max = Math.max(data.total, 1); bar.value = data.done; }
        if (status) status.textContent = data.status_label;
        if (text) {
          var numbers = template.match(/\d+/g) || [];
          text.textContent = numbers.length >= 2
            ? template.replace(numbers[0], data.done).replace(numbers[1], data.total)
            : data.done + " / " + data.total;
          template = text.textContent;
        }
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
