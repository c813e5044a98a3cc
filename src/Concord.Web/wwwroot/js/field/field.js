// Every phone page (掌上网格): the send-queue badge, the offline flag, the queue lists, and the
// moments the queue is sent — on page load, when the network comes back, when the page is shown
// again, and on its own back-off timer (see queue.js).
import * as queue from "./queue.js";

const STATE_LABELS = {
  waiting: ["待发送", "text-bg-warning"],
  sending: ["发送中", "text-bg-info"],
  sent: ["已送达", "text-bg-success"],
  rejected: ["被退回", "text-bg-danger"],
  signin: ["待登录", "text-bg-secondary"],
};

const time = (ms) => new Date(ms).toLocaleString("zh-CN", { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });

/** Kept current for the sign-out question, which must be answered synchronously. */
let pendingNow = 0;

async function renderBadge() {
  const { pending, rejected } = await queue.counts();
  pendingNow = pending;
  const badge = document.querySelector("[data-queue-badge]");
  if (!badge) return;
  badge.hidden = pending === 0 && rejected === 0;
  badge.querySelector("[data-queue-count]").textContent = String(pending);
  badge.classList.toggle("text-bg-danger", rejected > 0);
  badge.classList.toggle("text-bg-warning", rejected === 0);
  badge.title = rejected > 0 ? `另有 ${rejected} 条被退回，请查看` : "";
}

function renderOffline() {
  const flag = document.querySelector("[data-offline-flag]");
  if (flag) flag.hidden = navigator.onLine;
}

/** One line per queued report, with its state and what the user can do about it. */
function itemHtml(e) {
  const [label, cls] = STATE_LABELS[e.state] || [e.state, "text-bg-light"];
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const text = e.body?.text ?? "";
  const parts = [
    `<div class="queue-head"><strong>${esc(e.summary?.itemName || "事件")}</strong>`,
    `<span class="badge ${cls}" data-testid="queue-state">${label}</span></div>`,
    `<div class="queue-text">${esc(text.length > 60 ? text.slice(0, 59) + "…" : text)}</div>`,
    `<div class="small text-muted">${time(e.createdAt)} · ${esc(e.summary?.regionName || "")} · 照片 ${e.photoCount ?? 0} 张</div>`,
  ];
  if (e.state === "sent" && e.code) {
    parts.push(`<div class="small">事件编号 <a href="/m/events/${encodeURIComponent(e.code)}" data-testid="queue-code">${esc(e.code)}</a></div>`);
  }
  if (e.lastError && e.state !== "sent") parts.push(`<div class="small ${e.state === "rejected" ? "text-danger" : "text-muted"}">${esc(e.lastError)}</div>`);
  const actions = [];
  if (e.state === "waiting") actions.push(`<button type="button" class="btn btn-sm btn-outline-primary" data-queue-send="${e.key}">立即发送</button>`);
  if (e.state === "signin") actions.push(`<a class="btn btn-sm btn-outline-primary" href="/login?ReturnUrl=${encodeURIComponent(location.pathname)}">重新登录</a>`);
  if (e.state !== "sending") actions.push(`<button type="button" class="btn btn-sm btn-outline-danger" data-queue-delete="${e.key}" data-queue-sent="${e.state === "sent"}">${e.state === "sent" ? "移除记录" : "删除"}</button>`);
  if (actions.length) parts.push(`<div class="queue-actions">${actions.join("")}</div>`);
  return `<div class="queue-item" data-testid="queue-item" data-key="${e.key}" data-state="${e.state}">${parts.join("")}</div>`;
}

async function renderLists() {
  const lists = document.querySelectorAll("[data-queue-list]");
  if (lists.length === 0) return;
  const entries = await queue.list();
  const html = entries.length ? entries.map(itemHtml).join("") : `<p class="task-empty mb-0">没有待发送的上报。</p>`;
  lists.forEach((l) => (l.innerHTML = html));
}

const render = () => Promise.all([renderBadge(), renderLists()]);

document.addEventListener("click", async (ev) => {
  const send = ev.target.closest("[data-queue-send]");
  if (send) return queue.retry(send.dataset.queueSend);
  const del = ev.target.closest("[data-queue-delete]");
  if (del) {
    const sent = del.dataset.queueSent === "true";
    if (sent || confirm("这条上报还没有被服务器受理，删除后无法恢复。确定删除吗？")) await queue.remove(del.dataset.queueDelete);
    return;
  }
  if (ev.target.closest("[data-queue-retry]")) return queue.flush({ force: true });
  if (ev.target.closest("[data-queue-clear-sent]")) return queue.clearSent();
});

// Signing out with reports still waiting: they stay on this phone and go when this user signs in again.
document.querySelector("[data-logout]")?.addEventListener("submit", (ev) => {
  if (pendingNow > 0 && !confirm(`本机还有 ${pendingNow} 条上报未发送，重新登录后才会继续发送。确定退出吗？`)) ev.preventDefault();
});

queue.onChange(render);
window.addEventListener("online", () => { renderOffline(); queue.flush({ force: true }); });
window.addEventListener("offline", renderOffline);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") queue.flush(); });

// Toasts fade after a few seconds.
setTimeout(() => document.querySelectorAll(".field-toast").forEach((t) => t.classList.add("fade-out")), 4000);

renderOffline();
render();
queue.flush({ force: true });
