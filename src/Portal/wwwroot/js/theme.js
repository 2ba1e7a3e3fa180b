// The dark-mode toggle (MainLayout.razor) remembers its choice per browser (storage and a cookie); no server state.
window.labPortal = window.labPortal || {};
window.labPortal.theme = {
    isDark: function () { return window.localStorage.getItem("labportal-dark-mode") === "true"; },
    remember: function (dark) {
        window.localStorage.setItem("labportal-dark-mode", dark ? "true" : "false");
        // Also for the server, which renders the first paint in the chosen mode (no light flash before the circuit starts).
        document.cookie = "labportal-dark-mode=" + (dark ? "true" : "false") + "; path=/; max-age=31536000; samesite=lax";
    },
};
