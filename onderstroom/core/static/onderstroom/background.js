// Polls marked data-background="<id of a hidden notice>" send X-Onderstroom-Background: 1, so they
// keep no staff session alive. Once the session has ended they get 401: stop polling (htmx stops
// when the element leaves the page) and show the notice instead of leaving a stale page.
document.addEventListener("htmx:responseError", (event) => {
  const poller = event.detail.elt;
  if (event.detail.xhr.status !== 401 || !poller.hasAttribute("data-background")) {
    return;
  }
  const notice = document.getElementById(poller.dataset.background);
  if (notice) {
    notice.hidden = false;
  }
  poller.remove();
});
