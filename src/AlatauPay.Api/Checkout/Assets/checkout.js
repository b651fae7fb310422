// AlatauPay checkout: tabs, copy buttons, the expiry countdown and live status. Everything the page says is
// already in the HTML; this only makes it live. Served from the gateway, no inline script (see the CSP).
"use strict";
(function () {
  const body = document.body;
  const byId = (id) => document.getElementById(id);

  function tabs() {
    const list = document.querySelector("[role=tablist]");
    if (!list) return;
    const all = Array.from(list.querySelectorAll("[role=tab]"));
    function select(tab, focus) {
      for (const other of all) {
        const chosen = other === tab;
        other.setAttribute("aria-selected", chosen ? "true" : "false");
        other.tabIndex = chosen ? 0 : -1;
        byId(other.getAttribute("aria-controls")).hidden = !chosen;
      }
      if (focus) tab.focus();
    }
    list.hidden = false;
    for (const tab of all) {
      tab.addEventListener("click", () => select(tab, false));
      tab.addEventListener("keydown", (e) => {
        const i = all.indexOf(tab);
        const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
        if (next === undefined) return;
        e.preventDefault();
        select(all[(next + all.length) % all.length], true);
      });
    }
    select(all.find((t) => t.getAttribute("aria-selected") === "true") || all[0], false);
  }

  function copyButtons() {
    for (const button of document.querySelectorAll("button.copy")) {
      const label = button.textContent;
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(button.dataset.copy);
        } catch {
          const range = document.createRange();
          range.selectNodeContents(button.previousElementSibling || button);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          document.execCommand("copy");
        }
        button.textContent = body.dataset.copied;
        setTimeout(() => { button.textContent = label; }, 2000);
      });
    }
  }

  function countdown() {
    const time = byId("countdown");
    if (!time) return;
    const end = Date.parse(time.getAttribute("datetime"));
    const pad = (n) => String(n).padStart(2, "0");
    function tick() {
      const left = Math.max(0, Math.floor((end - Date.now()) / 1000));
      const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      time.textContent = (h > 0 ? h + ":" + pad(m) : m) + ":" + pad(s);
      if (left > 0) setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  }

  function apply(update) {
    body.dataset.state = update.state;
    byId("status-title").textContent = update.title;
    byId("status-message").textContent = update.message;
    const receipt = byId("receipt");
    receipt.hidden = !update.receipt;
    if (update.receipt) byId("receipt-link").setAttribute("href", update.receipt);
    for (const method of update.methods) {
      const panel = byId("panel-" + method.method);
      if (!panel) continue;
      for (const field of ["due", "received", "remaining", "confirmations"]) {
        const target = panel.querySelector("[data-field=" + field + "]");
        if (target) target.textContent = method[field];
      }
      // Once part has arrived, the amount to send, its copy button, the wallet link and the QR code ask for the remainder.
      const copy = byId("copy-due-" + method.method);
      if (copy) copy.dataset.copy = method.due;
      if (panel.dataset.uri !== method.uri) {
        panel.dataset.uri = method.uri;
        const wallet = panel.querySelector("a.wallet");
        if (wallet) wallet.setAttribute("href", method.uri);
        const qr = panel.querySelector("img.qr");
        if (qr) qr.setAttribute("src", method.qr);
      }
    }
    return update.acceptsPayment;
  }

  function live() {
    if (!body.dataset.events || (body.dataset.state !== "new" && body.dataset.state !== "processing" && body.dataset.state !== "partial")) return;
    let polling = false;
    function poll() {
      polling = true;
      const paused = byId("live-paused");
      paused.textContent = body.dataset.paused;
      paused.hidden = false;
      const again = () => setTimeout(poll, 3000);
      fetch(body.dataset.poll, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((update) => { if (apply(update)) again(); }, again);
    }
    if (!("EventSource" in window)) { poll(); return; }
    const source = new EventSource(body.dataset.events);
    let failures = 0;
    source.addEventListener("status", (e) => {
      failures = 0;
      if (!apply(JSON.parse(e.data))) source.close();
    });
    // A stream that never opened is closed for good; one that dropped is retried by the browser a few times.
    source.onerror = () => {
      failures += 1;
      if (!polling && (source.readyState === EventSource.CLOSED || failures >= 3)) { source.close(); poll(); }
    };
  }

  tabs();
  copyButtons();
  countdown();
  live();
})();
