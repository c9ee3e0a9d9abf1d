// Type to narrow the actor picker. Optional: without JavaScript the plain
// multi-select works the same way.
(function () {
  "use strict";
  document.querySelectorAll("[data-picker]").forEach(function (field) {
    var select = field.querySelector("select");
    if (!select) return;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker__search";
    input.placeholder = "Type to narrow the list";
    input.setAttribute("aria-label", "Narrow the list of actors");
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    var status = document.createElement("p");
    status.className = "picker__status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(status, select.nextSibling);

    function update() {
      var words = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !words || option.selected || option.text.toLowerCase().indexOf(words) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      var chosen = select.selectedOptions ? select.selectedOptions.length : 0;
      status.textContent = shown + " shown" + (chosen ? ", " + chosen + " chosen" : "");
    }
    input.addEventListener("input", update);
    select.addEventListener("change", update);
    input.addEventListener("keydown", function (event) {
      // Enter picks the first match rather than submitting a half-typed name.
      if (event.key !== "Enter") return;
      var first = Array.prototype.find.call(select.options, function (o) { return !o.hidden && !o.selected; });
      if (first && input.value.trim()) {
        event.preventDefault();
        first.selected = true;
        input.value = "";
        update();
      }
    });
    update();
  });
})();
