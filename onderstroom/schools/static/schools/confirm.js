// Ask before a form with data-confirm does something that is hard to undo.
// Without JavaScript the form simply submits: the server-side rules still apply.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
}
