// Follows a running report job: asks for its state every two seconds and reloads the page
// when it is done (without JavaScript the page has a link to look again).
(function () {
  var box = document.querySelector("[data-job-state]");
  if (!box) { return; }
  function poll() {
    fetch(box.getAttribute("data-job-state"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.state === "running") { setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
