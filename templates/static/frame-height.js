/* Tell the page that frames this one how tall it is, so the embed snippet's iframe fits it. */
(function () {
  if (window.parent === window) return;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({type: "signups:form-height", height: height}, "*");
  }
  window.addEventListener("load", send);
  if ("ResizeObserver" in window) new ResizeObserver(send).observe(document.documentElement);
})();
