// After a form comes back with errors, its error summary has focus (the autofocus attribute does that
// without JavaScript; this repeats it for browsers that only autofocus form controls).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary && document.activeElement === document.body) summary.focus();
});

// A long list of checkboxes (templates/_choice_checkboxes.html) gets its search box: typing narrows the list
// (by an option's name or its group's, ignoring case and accents), a live region says how many options match
// and the count of ticked options stays in sight. Hidden options keep their tick and are sent with the form.
const folded = text => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const filledIn = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);

function searchableChoices(list) {
  const search = list.querySelector("[data-choice-filter] input");
  const matching = list.querySelector("[data-choice-matching]");
  const chosen = list.querySelector("[data-choice-chosen]");
  const options = [...list.querySelectorAll(".form-check")].map(option => {
    const group = option.closest(".choice-group");
    const groupName = group ? group.querySelector("legend").textContent : "";
    return {option, box: option.querySelector("input"), text: folded(`${option.textContent} ${groupName}`)};
  });
  let announce;
  const countChosen = () => {
    chosen.textContent = filledIn(list.dataset.chosen, {count: options.filter(({box}) => box.checked).length});
  };
  const narrow = () => {
    const words = folded(search.value).split(/\s+/).filter(Boolean);
    options.forEach(({option, text}) => { option.hidden = !words.every(word => text.includes(word)); });
    list.querySelectorAll(".choice-group").forEach(group => {
      group.hidden = !group.querySelector(".form-check:not([hidden])");
    });
    const shown = options.filter(({option}) => !option.hidden).length;
    clearTimeout(announce);  // one announcement when typing pauses, not one per key
    announce = setTimeout(() => {
      matching.textContent = words.length ? filledIn(list.dataset.matching, {shown, total: options.length}) : "";
    }, 400);
  };
  search.addEventListener("input", narrow);
  search.addEventListener("keydown", event => { if (event.key === "Enter") event.preventDefault(); });
  list.addEventListener("change", countChosen);
  window.addEventListener("pageshow", countChosen);  // ticks the browser restored on going back
  list.querySelector("[data-choice-filter]").hidden = false;
  countChosen();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-choice-list]").forEach(searchableChoices);
});
