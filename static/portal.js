// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
  });

  // autosave posts a draft form in the background every 30 seconds after a
  // change, exactly as the Save button would; the server keeps nothing it
  // refuses, and the status line says whether the draft was saved.
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false;
    var busy = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.setInterval(function () {
      if (!dirty || busy || !window.fetch) { return; }
      busy = true;
      dirty = false;
      var body = new URLSearchParams(new FormData(form));
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" }
      }).then(function (resp) {
        var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        // A saved section redirects back to an editor page; a refused one is a 422.
        if (resp.ok && resp.url.indexOf("/edit/") >= 0) {
          say(form.dataset.autosaveOk.replace("{time}", time));
        } else {
          dirty = true;
          say(form.dataset.autosaveFail);
        }
      }).catch(function () { dirty = true; }).finally(function () { busy = false; });
    }, Number(window.portalAutosaveEvery) || 30000); // tests shorten the interval

    function say(text) { if (status) { status.textContent = text; } }
  }
  // Score form (evaluation area): the section and total points follow the
  // radios as they change; the server computes the same on every save.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.score-form").forEach(scoreTotals);
  });

  function scoreTotals(form) {
    var total = form.querySelector("[data-score-total]");
    form.addEventListener("change", function () {
      var sum = 0;
      form.querySelectorAll("[data-score-section]").forEach(function (sec) {
        var pts = 0;
        sec.querySelectorAll("fieldset[data-weight]").forEach(function (fs) {
          var r = fs.querySelector("input[type=radio]:checked");
          if (r) { pts += Number(r.value) * Number(fs.dataset.weight); }
        });
        sum += pts;
        var out = sec.querySelector("[data-score-section-total]");
        if (out && out.dataset.format) { out.textContent = out.dataset.format.replace("{points}", pts); }
      });
      if (total && total.dataset.format) { total.textContent = total.dataset.format.replace("{points}", sum); }
    });
  }
})();
