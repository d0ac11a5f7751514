/* tocds: install the field app's service worker from any page of the site, as soon as a team
 * member is signed in (base.html includes this file only for them), so that /field/ opens in a
 * hamlet with no signal even if it was never opened where there was one. The worker's URL and
 * scope come from this script tag's data attributes: no inline script under the strict CSP. */
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const worker = script.dataset.worker;
  const scope = script.dataset.scope;
  // After the page has loaded: the worker's downloads never delay the page itself.
  const install = () => navigator.serviceWorker.register(worker, { scope }).catch(() => {});
  if (document.readyState === "complete") install();
  else window.addEventListener("load", install, { once: true });
})();
