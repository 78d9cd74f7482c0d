// Case page: following a quoted word (#ev-…) marks all its words in the source as the active evidence (a span
// may run over several marks where evidence overlaps) and moves the focus there. Without this script the
// browser's :target still marks where the words begin.
(function () {
  "use strict";
  function show() {
    var id = decodeURIComponent(location.hash.slice(1));
    var marks = document.querySelectorAll("mark[data-evidence]");
    var first = null;
    for (var i = 0; i < marks.length; i++) {
      var on = id.indexOf("ev-") === 0 && marks[i].getAttribute("data-evidence").split(" ").indexOf(id) >= 0;
      marks[i].classList.toggle("active", on);
      if (on && !first) first = marks[i];
    }
    if (first) first.focus();
  }
  window.addEventListener("hashchange", show);
  show();
})();
