// The portal's copy buttons (CopyButton.razor) call labPortal.copyText.
// navigator.clipboard exists only in secure contexts (https, localhost); a team's plain-http portal falls back to
// copying a hidden text area's selection, which browsers still allow on a click.
window.labPortal = window.labPortal || {};
window.labPortal.copyText = async function (text) {
    if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return;
    }

    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    if (!copied) {
        throw new Error("the browser refused to copy");
    }
};
