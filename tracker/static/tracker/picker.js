// Type to find actors. The page lists the actors quoted most lately and the
// chosen ones; typing narrows that list at once, then asks the server for
// every actor with a matching name (data-source, /actors/names.json) and
// adds them. Optional: without JavaScript the short list works the same way.
(function () {
  "use strict";
  var WAIT_MS = 150;

  document.querySelectorAll("[data-picker]").forEach(function (field) {
    var select = field.querySelector("select");
    var source = field.getAttribute("data-source");
    if (!select) return;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker__search";
    input.placeholder = "Type a name to find an actor";
    input.setAttribute("aria-label", "Find actors by name");
    input.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(input, select);
    var status = document.createElement("p");
    status.className = "picker__status";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(status, select.nextSibling);
    var timer = null;
    var asked = "";

    function words() {
      return input.value.trim().toLowerCase();
    }

    function has(slug) {
      return Array.prototype.some.call(select.options, function (o) { return o.value === slug; });
    }

    function update(searching) {
      var typed = words();
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !typed || option.selected || option.text.toLowerCase().indexOf(typed) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      var chosen = select.selectedOptions ? select.selectedOptions.length : 0;
      status.textContent = (searching ? "Searching… " : "") + shown + " shown" +
        (chosen ? ", " + chosen + " chosen" : "");
    }

    function pickFirst() {
      var first = Array.prototype.find.call(select.options, function (o) { return !o.hidden && !o.selected; });
      if (!first) return false;
      first.selected = true;
      input.value = "";
      update(false);
      return true;
    }

    function search(pick) {
      var typed = input.value.trim();
      if (!source || !typed || typed === asked) return;
      asked = typed;
      update(true);
      fetch(source + "?q=" + encodeURIComponent(typed), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { actors: [] }; })
        .then(function (data) {
          if (input.value.trim() !== typed) return; // the reader typed on
          (data.actors || []).forEach(function (actor) {
            if (has(actor.slug)) return;
            var option = document.createElement("option");
            option.value = actor.slug;
            option.textContent = actor.name;
            if (actor.description) option.title = actor.description;
            select.appendChild(option);
          });
          update(false);
          if (pick) pickFirst();
        })
        .catch(function () { update(false); });
    }

    input.addEventListener("input", function () {
      update(false);
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, WAIT_MS);
    });
    select.addEventListener("change", function () { update(false); });
    input.addEventListener("keydown", function (event) {
      // Enter picks the first match rather than submitting a half-typed
      // name; if none is listed yet, the first the server finds.
      if (event.key !== "Enter" || !input.value.trim()) return;
      event.preventDefault();
      if (pickFirst()) return;
      clearTimeout(timer);
      asked = "";
      search(true);
    });
    update(false);
  });
})();
