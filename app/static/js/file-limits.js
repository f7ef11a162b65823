// A file over its field's limit is set aside as it is chosen, with the reason next to the
// field: sent, it could make the whole request too large for the server, whose refusal (413)
// cannot give back what the person typed. Without JavaScript the server checks each file.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.maxBytes) {
    return;
  }
  const limit = Number(input.dataset.maxBytes);
  const large = Array.from(input.files || []).filter((file) => file.size > limit);
  let note = document.getElementById(`${input.id}-too-large`);
  if (!large.length) {
    if (note) {
      note.remove();
    }
    return;
  }
  input.value = "";
  if (!note) {
    note = document.createElement("p");
    note.id = `${input.id}-too-large`;
    note.className = "error-message";
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
  }
  note.textContent = large
    .map((file) => input.dataset.tooLarge.replace("%(name)s", file.name))
    .join(" ");
});
