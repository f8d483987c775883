() => {
  // Clicking an inline citation [n] brings its evidence card into view and flashes it.
  if (window.__corroborateCites) return;
  window.__corroborateCites = true;
  document.addEventListener("click", (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest("a.cite") : null;
    if (!link) return;
    const id = link.getAttribute("data-card") || (link.getAttribute("href") || "").replace(/^#/, "");
    ev.preventDefault();
    ev.stopPropagation();
    const card = id ? document.getElementById(id) : null;
    if (!card) return;
    // A card of an earlier turn sits in a folded <details>: unfold it (and any folded parent) first.
    for (let d = card.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    card.scrollIntoView({ behavior: "smooth", block: "center" });
    card.classList.remove("flash");
    void card.offsetWidth;
    card.classList.add("flash");
  }, true);
}
