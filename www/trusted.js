// The app's one Trusted Types policy, `policycalc`: the only script URLs the
// app hands the browser (the service worker's, the batch page's workers') go through
// it where a page enforces Trusted Types (`trusted-types policycalc`, as
// DEPLOYING.md suggests), and it passes only this directory's own scripts.
// A policy name can be created once per page, hence this one module.

const BASE = new URL('.', import.meta.url);

let policy;
/**
 * `path` (relative to this directory) as a TrustedScriptURL where the page
 * enforces Trusted Types; elsewhere (no Trusted Types, or a page that allows
 * no policy) the plain URL, which such a page then refuses on its own.
 */
export function scriptUrl(path) {
  if (policy === undefined) {
    try {
      policy = globalThis.trustedTypes?.createPolicy('policycalc', {
        createScriptURL: (u) => {
          const url = new URL(u);
          if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname) || !url.pathname.endsWith('.js')) throw new TypeError(`not a policycalc script: ${u}`);
          return url.href;
        },
      }) ?? null;
    } catch {
      policy = null;
    }
  }
  const url = new URL(path, BASE);
  return policy ? policy.createScriptURL(url.href) : url;
}
