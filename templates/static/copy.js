// Copy buttons on the embed page (progressive enhancement: without JavaScript the codes stay
// selectable text). One button after each read-only code field; the result is announced.
(function () {
  var script = document.currentScript, label = script.getAttribute("data-copy"),
      done = script.getAttribute("data-copied"), failed = script.getAttribute("data-failed");
  document.querySelectorAll("textarea.code[readonly], input.code[readonly]").forEach(function (field) {
    var button = document.createElement("button"), status = document.createElement("span");
    button.type = "button";
    button.className = "small quiet copy";
    button.textContent = label;
    button.setAttribute("aria-describedby", field.id);
    status.setAttribute("role", "status");
    status.className = "copy-status";
    button.addEventListener("click", function () {
      var text = field.value;
      var copied = navigator.clipboard && window.isSecureContext
        ? navigator.clipboard.writeText(text)
        : new Promise(function (resolve, reject) {
            field.select();
            (document.execCommand("copy") ? resolve : reject)();
          });
      copied.then(function () { status.textContent = done; }, function () {
        field.select();
        status.textContent = failed;
      });
    });
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", button);
  });
})();
