// After a form comes back with errors, its error summary has focus (the autofocus attribute does that
// without JavaScript; this repeats it for browsers that only autofocus form controls).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary && document.activeElement === document.body) summary.focus();
});
