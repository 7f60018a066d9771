// rise.js: marks the page as script-enabled (what GOV.UK's inline snippet
// does; our Content-Security-Policy forbids inline scripts) and starts the
// GOV.UK Frontend components.
import { initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();
