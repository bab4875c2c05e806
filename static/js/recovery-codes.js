// The recovery codes page (templates/two_factor_codes.html): its "Print these codes" button prints the sheet of
// codes (static/css/recovery-codes.css prints nothing else). Without JavaScript the button stays hidden.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print-codes]").forEach(button => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
