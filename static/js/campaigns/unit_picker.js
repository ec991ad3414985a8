// "All communes" ticks (or unticks) every commune box of its district; the server expands it anyway.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches("[data-all-communes]")) return;
  const group = box.closest("details");
  group.querySelectorAll(".row input[type=checkbox]").forEach((commune) => { commune.checked = box.checked; });
});
