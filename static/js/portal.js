// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", function (event) {
  var form = event.target.closest("form.js-autosubmit");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});
