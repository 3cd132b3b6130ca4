document.addEventListener("toggle", function (event) {
  var opened = event.target;
  if (!opened.open || !opened.classList || !opened.classList.contains("cell")) return;
  document.querySelectorAll("details.cell[open]").forEach(function (other) {
    if (other !== opened) other.open = false;
  });
}, true);
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.cell[open]").forEach(function (d) { d.open = false; });
});
// A link to a cell (#cell-...) opens its details and brings it into view.
function openLinked() {
  var id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  var cell = document.getElementById(id);
  if (!cell) return;
  var details = cell.querySelector("details.cell");
  if (details) details.open = true;
  cell.scrollIntoView({block: "center"});
}
window.addEventListener("hashchange", openLinked);
document.addEventListener("DOMContentLoaded", openLinked);
