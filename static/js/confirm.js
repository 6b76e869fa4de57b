/* Confirmation before an irreversible action (appraisal/pages/confirm.py).
   A submit button (or form) with data-confirm opens the <dialog id="confirm-dialog"> of base.html; "Batal" or Escape
   leaves the form unsent; confirming adds confirmed=1 and submits with the same button, so the server skips its own
   confirm page. Without JavaScript, or without <dialog>, the server's confirm page does the same job. */
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var pending = null;

  function alreadyConfirmed(form) {
    return form.querySelector('input[name="confirmed"][value="1"]') !== null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || null;
    var source = button && button.hasAttribute("data-confirm") ? button : form.hasAttribute("data-confirm") ? form : null;
    if (!source || alreadyConfirmed(form)) {
      return;
    }
    event.preventDefault();
    pending = { form: form, button: button };
    document.getElementById("confirm-dialog-title").textContent = source.getAttribute("data-confirm-title") || "";
    document.getElementById("confirm-dialog-text").textContent = source.getAttribute("data-confirm") || "";
    document.getElementById("confirm-dialog-ok").textContent = source.getAttribute("data-confirm-button") || "OK";
    dialog.returnValue = "";
    dialog.showModal();
  });

  dialog.addEventListener("close", function () {
    var chosen = pending;
    pending = null;
    if (!chosen || dialog.returnValue !== "confirm") {
      return;
    }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "confirmed";
    input.value = "1";
    chosen.form.appendChild(input);
    if (typeof chosen.form.requestSubmit === "function") {
      chosen.form.requestSubmit(chosen.button || undefined);
    } else {
      chosen.form.submit();
    }
  });
})();
