/* Realisation entry that saves as you go (evaluation page).
 * Each form[data-autosave] posts its fields with fetch when one changes (typing pauses 800 ms, or the field
 * loses focus); the server answers {ok, saved_at} or {errors}. Without this script the forms submit normally.
 */
(function () {
  "use strict";
  var DELAY = 800;
  // The words come from the djangojs catalogue (/jsi18n/, loaded before this script); Indonesian if it is missing.
  var gettext = window.gettext || function (s) { return s; };
  var fill = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return obj[key]; });
  };
  var TEXT = {
    saving: gettext("Menyimpan…"),
    saved: gettext("Tersimpan pukul %(time)s"),
    failed: gettext("Belum tersimpan: %(reason)s"),
    offline: gettext("Belum tersimpan: koneksi terputus. Perubahan akan dikirim lagi saat Anda mengubah isian.")
  };

  function show(form, text, state) {
    var status = form.querySelector(".autosave-status");
    if (!status) return;
    status.textContent = text;
    status.className = "autosave-status small" + (state ? " " + state : "");
  }

  function errorsText(errors) {
    var parts = [];
    Object.keys(errors || {}).forEach(function (key) {
      (errors[key] || []).forEach(function (message) { parts.push(message); });
    });
    return parts.join(" ");
  }

  function save(form) {
    if (form.dataset.saving === "1") { form.dataset.again = "1"; return; }
    form.dataset.saving = "1";
    show(form, TEXT.saving, "busy");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, errors: { "__all__": [response.statusText] } }; });
    }).then(function (data) {
      if (data.ok) {
        show(form, fill(TEXT.saved, { time: data.saved_at_display || data.saved_at }, true), "ok");
        form.dataset.dirty = "";
      } else {
        show(form, fill(TEXT.failed, { reason: errorsText(data.errors) }, true), "error");
      }
    }).catch(function () {
      show(form, TEXT.offline, "error");
    }).then(function () {
      form.dataset.saving = "";
      if (form.dataset.again === "1") { form.dataset.again = ""; save(form); }
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var timer = null;
    form.classList.add("autosave-on");  // hides the fallback button
    form.addEventListener("input", function () {
      form.dataset.dirty = "1";
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, DELAY);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      save(form);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      save(form);
    });
  });

  window.addEventListener("beforeunload", function (event) {
    var pending = document.querySelector("form[data-autosave][data-dirty='1']");
    if (pending) { event.preventDefault(); event.returnValue = ""; }
  });
})();
