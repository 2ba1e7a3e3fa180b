// The dark-mode toggle (MainLayout.razor) remembers its choice per browser; no server state, nothing to sign in for.
window.labPortal = window.labPortal || {};
window.labPortal.theme = {
    isDark: function () { return window.localStorage.getItem("labportal-dark-mode") === "true"; },
    remember: function (dark) { window.localStorage.setItem("labportal-dark-mode", dark ? "true" : "false"); },
};
