/* huimin: accessibility helpers for the public site (no outside resources).
 *
 * 1. 长者模式 (care mode) switch: <button data-hm-elder-toggle aria-pressed>, remembered
 *    in localStorage "hm-elder"; the class is set before first paint by main.html.
 * 2. Header icon buttons are <label role="button" tabindex="0">: Space opens them (Material
 *    handles Enter).
 * 3. Tables: every cell gets data-label (its column header) so that wide tables can be shown
 *    as stacked rows on a phone (CSS); a table wrapper that still scrolls sideways becomes a
 *    named, focusable region so the keyboard can scroll it.
 */
(function () {
  "use strict";
  var KEY = "hm-elder";
  var root = document.documentElement;

  function setElder(on) {
    root.classList.toggle("hm-elder", on);
    try { on ? localStorage.setItem(KEY, "1") : localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
    document.querySelectorAll("[data-hm-elder-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    markScrollRegions();
  }

  function headingBefore(el) {
    for (var n = el; n; n = n.previousElementSibling || n.parentElement) {
      if (/^H[1-6]$/.test(n.tagName)) return n.textContent.replace(/[¶\u200b]/g, "").trim();
      if (n.classList && n.classList.contains("md-content__inner")) break;
    }
    return "";
  }

  function labelTables() {
    document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.hasAttribute("data-hm-cols")) return;
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.setAttribute("data-hm-cols", String(heads.length));
      if (heads.length >= 3) table.setAttribute("data-hm-stack", "");
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (heads[i]) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }

  function markScrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        var title = headingBefore(wrap);
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", title ? "表格：" + title + "（可左右滚动）" : "表格（可左右滚动）");
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  function setup() {
    var on = root.classList.contains("hm-elder");
    document.querySelectorAll("[data-hm-elder-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      if (!b.hasAttribute("data-hm-ready")) {
        b.setAttribute("data-hm-ready", "");
        b.addEventListener("click", function () { setElder(!root.classList.contains("hm-elder")); });
      }
    });
    labelTables();
    markScrollRegions();
  }

  // Material already clicks a focused <label> on Enter; Space is the other key of a button.
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t && t.tagName === "LABEL" && t.getAttribute("role") === "button" && ev.key === " ") {
      ev.preventDefault();
      t.click();
    }
  });
  window.addEventListener("resize", markScrollRegions);

  // Material wraps tables in .md-typeset__scrollwrap when its document$ emits.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
