/* The admin's own scripts make controls without a name; this names them (WCAG 4.1.2), also in rows added later:
   - an autocomplete box (select2) is named by its field's label (or, in a table row, its column), then its value;
   - the search icon of a two-list box (filter_horizontal) has a text but no role: it becomes an image. */
(function () {
  "use strict";

  function labelFor(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {  // a field in a table row: a hidden label with the field's name (aria-label, set by the server)
      label = document.createElement("span");
      label.hidden = true;
      label.textContent = select.getAttribute("aria-label") || select.name;
      select.parentNode.insertBefore(label, select);
    }
    if (!label.id) { label.id = (select.id || select.name) + "-name"; }
    return label;
  }

  function nameControls() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.parentNode.querySelector(".select2-selection[role=combobox]");
      if (!box || box.dataset.named) { return; }
      var shown = box.querySelector(".select2-selection__rendered"), label = labelFor(select);
      box.setAttribute("aria-labelledby", label.id + (shown && shown.id ? " " + shown.id : ""));
      if (shown) { shown.setAttribute("aria-labelledby", label.id); }  // its role is textbox: it needs a name too
      box.dataset.named = "1";
    });
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  // The admin's scripts build these controls when they are ready (jQuery runs that late, at times after the
  // load event) and again when a row is added: name them whenever the page changes.
  nameControls();
  new MutationObserver(nameControls).observe(document.body, {childList: true, subtree: true});
}());
