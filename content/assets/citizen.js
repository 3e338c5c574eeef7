/* The home page's 搜索政策 box is a <label for="__search">: without JavaScript it opens
   Material's search like the header button does; here it also puts the cursor in the box
   (Material does that only for the header button). */
document.addEventListener("click", function (event) {
  if (!event.target.closest || !event.target.closest(".hm-home-search")) return;
  var input = document.querySelector("input.md-search__input");
  if (input) setTimeout(function () { input.focus(); }, 0);
});
