// Follows a running crawl: asks for its state every two seconds, shows the addresses stored so
// far and reloads the page when the crawl is over (without JavaScript: the "check now" link).
(function () {
  var box = document.querySelector("[data-crawl-state]");
  if (!box) { return; }
  var bar = document.getElementById("crawl-progress");
  var count = document.getElementById("crawl-count");
  function poll() {
    fetch(box.getAttribute("data-crawl-state"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (bar) { bar.value = job.stored; bar.textContent = job.stored; }
        if (count) { count.textContent = job.stored; }
        if (job.state === "running") { setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
