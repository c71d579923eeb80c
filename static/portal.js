// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll("table[data-budget-grid]").forEach(budgetGrid);
  });

  // budgetGrid shows each line's total and the lines' sum as the user
  // types, in integer minor units as the server computes them; the server
  // recomputes everything on save, and its figures replace these.
  function budgetGrid(table) {
    var lang = table.dataset.lang || "sq";
    // The server's own format of 1234.56 shows where the symbol and the
    // separators go ("1.234,56 €", "€1,234.56").
    var sample = table.dataset.moneySample || "", one = sample.indexOf("1"), end = sample.indexOf("56");
    if (one < 0 || end < 0) { return; }
    function money(minor) {
      var neg = minor < 0, u = Math.abs(minor);
      var whole = String(Math.floor(u / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, sample.charAt(one + 1));
      var frac = String(u % 100 + 100).slice(1);
      return (neg ? "-" : "") + sample.slice(0, one) + whole + sample.charAt(end - 1) + frac + sample.slice(end + 2);
    }
    var live = table.closest("fieldset") && table.closest("fieldset").querySelector("[data-budget-live]");
    function cell(row, col) {
      var input = row.querySelector('[data-col="' + col + '"]');
      return input ? hundredths(input.value, lang) : null;
    }
    function update() {
      var sum = 0, ok = true;
      table.querySelectorAll("tr[data-line]").forEach(function (row) {
        var out = row.querySelector("[data-line-total]");
        var u = cell(row, "units"), r = cell(row, "unit_rate");
        if (u === null || r === null || u * r > Number.MAX_SAFE_INTEGER) {
          out.textContent = "–";
          if (u !== null || r !== null) { ok = false; }
          return;
        }
        var total = Math.floor((u * r + 50) / 100);
        out.textContent = money(total);
        sum += total;
      });
      if (live) { live.textContent = ok ? live.dataset.budgetLive.replace("{amount}", money(sum)) : ""; }
    }
    table.addEventListener("input", update);
  }

  // hundredths reads a typed amount as hundredths (minor units), by the
  // server's rule for "." and ","; null when it is not a number.
  function hundredths(s, lang) {
    s = s.replace(/[\s\u00a0\u202f\u2009]/g, "");
    if (!/^[0-9.,]+$/.test(s)) { return null; }
    var dot = s.lastIndexOf("."), comma = s.lastIndexOf(",");
    var dec = -1;
    if (dot >= 0 && comma >= 0) {
      dec = Math.max(dot, comma);
    } else if (dot >= 0 || comma >= 0) {
      var sep = dot >= 0 ? "." : ",", at = Math.max(dot, comma);
      var once = s.indexOf(sep) === at, after = s.length - at - 1;
      if (once && after <= 2 && after >= 1) {
        dec = at;
      } else if (once && (lang === "en") === (sep === ".")) {
        return null; // three decimals
      }
    }
    var whole = (dec >= 0 ? s.slice(0, dec) : s).replace(/[.,]/g, "");
    var frac = dec >= 0 ? s.slice(dec + 1) : "";
    if (whole === "" || frac.length > 2 || /[.,]/.test(frac)) { return null; }
    return parseInt(whole, 10) * 100 + parseInt((frac + "00").slice(0, 2), 10);
  }

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
  // Bulk actions (issue 12): where scripts run, "Select all on this page"
  // and "Clear selection" tick or untick the rows at once; without them
  // the buttons post and the server shows the page ticked.
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".bulk-select button[name=action]");
    if (!b || !b.form || (b.value !== "select_all" && b.value !== "clear")) { return; }
    e.preventDefault();
    b.form.querySelectorAll("input[type=checkbox][name=ids]").forEach(function (c) { c.checked = b.value === "select_all"; });
  });
})();
