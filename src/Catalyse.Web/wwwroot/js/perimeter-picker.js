// Moves a checked search result into the "Sélection" list, so that a new search keeps it.
(function () {
  "use strict";
  var results = document.getElementById("geo-results");
  var picked = document.getElementById("picked");
  if (!results || !picked) return;
  results.addEventListener("change", function (e) {
    var box = e.target;
    if (!box.matches('input[type="checkbox"]') || !box.checked) return;
    if (picked.querySelector('input[value="' + CSS.escape(box.value) + '"]')) { box.closest("li").remove(); return; }
    picked.appendChild(box.closest("li"));
  });
  // Enter in the search box searches instead of submitting the whole form.
  var q = document.getElementById("geo-q");
  if (q) q.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); q.dispatchEvent(new Event("search")); }
  });
})();
