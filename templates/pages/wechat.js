// 复制 buttons of the 公众号 preview: the Clipboard API (rich HTML for the editor, plain text
// besides); where it is missing or refused (an http:// address, an old browser), the content
// is selected and copied the old way, or left selected for Ctrl+C.
(function () {
  "use strict";
  function status(button, text) {
    var s = button.parentNode.querySelector(".hm-wx-status");
    if (s) s.textContent = text;
  }
  function selectAndCopy(el) {
    if (el.select) { el.focus(); el.select(); } else {
      var range = document.createRange();
      range.selectNodeContents(el);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  var DONE = "已复制，请到编辑器中粘贴";
  var SELECTED = "已选中全文，请按 Ctrl+C（苹果电脑 ⌘+C，手机上长按）复制";
  function fallback(button, el) { status(button, selectAndCopy(el) ? DONE : SELECTED); }
  document.querySelectorAll("[data-hm-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var el = document.getElementById(button.getAttribute("data-hm-copy"));
      var source = document.getElementById("hm-wx-source");  // as made: the shown copy has Material's wrappers
      var html = source ? source.innerHTML : el.innerHTML, text = el.innerText;
      if (navigator.clipboard && window.ClipboardItem && window.isSecureContext) {
        navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([html], {type: "text/html"}),
          "text/plain": new Blob([text], {type: "text/plain"})
        })]).then(function () { status(button, DONE); }, function () { fallback(button, el); });
      } else { fallback(button, el); }
    });
  });
  document.querySelectorAll("[data-hm-copy-text]").forEach(function (button) {
    button.addEventListener("click", function () {
      var el = document.getElementById(button.getAttribute("data-hm-copy-text"));
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(el.value).then(function () { status(button, DONE); },
                                                     function () { fallback(button, el); });
      } else { fallback(button, el); }
    });
  });
})();
