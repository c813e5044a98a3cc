// The send queue of the phone pages (掌上网格): reports wait here, in IndexedDB, until the
// server has them.
//
// Why it is safe to retry: every report gets an idempotency key (a UUID) once, when the user
// taps 提交, and keeps it for life. Each send is POST /api/events with that key in the
// Idempotency-Key header and the same body, so however many times a send is repeated — after a
// timeout, a lost response, a reload, from two tabs — the server files the report once and
// answers the later sends with the same event (Replayed = true).
//
// States of a queued report:
//   waiting   待发送   not yet accepted; sent when the network is back (retries back off)
//   sending   发送中   a send is under way
//   sent      已送达   the server has it (code kept for the user; photos dropped to free space)
//   rejected  被退回   the server refused the content (400/403/422): retrying cannot help
//   signin    待登录   the session expired: sent after the user signs in again

const DB_NAME = "concord-field";
const STORE = "reports";
const LOCK = "concord-field-queue";

/** Tabs tell each other when the queue changed, so every badge stays right. */
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("concord-field-queue") : null;
const listeners = new Set();

/** Sent reports are listed for a day, then forgotten. */
const KEEP_SENT_MS = 24 * 60 * 60 * 1000;

/** Retry delays: 2 s, 4 s, 8 s … up to 5 minutes, with some jitter so phones do not retry in step. */
export function backoff(attempts) {
  const base = Math.min(2000 * 2 ** Math.max(0, attempts - 1), 5 * 60 * 1000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** A v4 UUID. crypto.randomUUID needs a secure context (HTTPS or localhost); intranets may serve plain HTTP. */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let dbPromise = null;
function openDb() {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(STORE, { keyPath: "key" });
      store.createIndex("owner", "owner");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return dbPromise;
}

async function tx(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const store = t.objectStore(STORE);
    let result;
    Promise.resolve(work(store, (r) => (result = r))).catch(reject);
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const request = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });

/** The signed-in user (the layout writes it on <body>); a queue entry is only ever sent as its owner. */
export function currentOwner() {
  return document.body.dataset.userId || "";
}

/** All entries of the current user, newest first. */
export async function list() {
  const owner = currentOwner();
  const all = await tx("readonly", async (store, done) => done(await request(store.index("owner").getAll(owner))));
  return (all || []).sort((a, b) => b.createdAt - a.createdAt);
}

async function put(entry) {
  await tx("readwrite", (store) => { store.put(entry); });
}

async function get(key) {
  return tx("readonly", async (store, done) => done(await request(store.get(key))));
}

function changed() {
  channel?.postMessage("changed");
  for (const fn of listeners) fn();
}
channel?.addEventListener("message", () => { for (const fn of listeners) fn(); });

/** Calls fn whenever the queue changes (here or in another tab). */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Adds a report to the queue. body: the JSON of POST /api/events without photos;
 * photos: [{ name, blob }]; summary: what the list shows ({ itemName, regionName }).
 * The idempotency key is made here, once.
 */
export async function enqueue(body, photos, summary) {
  const entry = {
    key: newKey(),
    owner: currentOwner(),
    createdAt: Date.now(),
    body,
    photos,
    photoCount: photos.length,
    summary,
    state: "waiting",
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    code: null,
    sentAt: null,
  };
  await put(entry);
  changed();
  return entry;
}

export async function remove(key) {
  await tx("readwrite", (store) => { store.delete(key); });
  changed();
}

export async function clearSent() {
  for (const e of await list()) {
    if (e.state === "sent") await tx("readwrite", (store) => { store.delete(e.key); });
  }
  changed();
}

/** Counts for the badge. */
export async function counts() {
  const entries = await list();
  const n = (s) => entries.filter((e) => s.includes(e.state)).length;
  return { pending: n(["waiting", "sending", "signin"]), rejected: n(["rejected"]), sent: n(["sent"]) };
}

async function blobToBase64(blob) {
  const dataUrl = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return String(dataUrl).slice(String(dataUrl).indexOf(",") + 1);
}

/** The problem details of a refusal as one line for the user. */
async function describeRefusal(response) {
  try {
    const problem = await response.json();
    const fields = problem.errors ? Object.values(problem.errors).flat() : [];
    return [problem.detail || problem.title, ...fields].filter(Boolean).join(" ");
  } catch {
    return `服务器拒绝了这条上报（${response.status}）。`;
  }
}

/** Sends one entry once. Returns the entry as it is afterwards. */
async function send(entry) {
  entry.state = "sending";
  entry.sendingSince = Date.now();
  await put(entry);
  changed();
  let response;
  try {
    const photos = [];
    for (const p of entry.photos || []) photos.push({ fileName: p.name, contentBase64: await blobToBase64(p.blob) });
    response = await fetch("/api/events", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": entry.key },
      body: JSON.stringify({ ...entry.body, photos }),
    });
  } catch (err) {
    // No answer: the network failed, or the answer was lost after the server filed the report.
    // Either way the same key and body go again later; the server will not file it twice.
    return retryLater(entry, "网络中断，稍后自动重试。");
  }

  if (response.status === 201 || response.status === 200) {
    const result = await response.json().catch(() => ({}));
    // The photos are on the server now: drop the blobs, keep the line for the user.
    Object.assign(entry, { state: "sent", code: result.code || null, sentAt: Date.now(), photos: [], lastError: null });
  } else if (response.status === 401) {
    Object.assign(entry, { state: "signin", lastError: "登录已过期，请重新登录，登录后自动发送。" });
  } else if (response.status === 400 || response.status === 403 || response.status === 404 || response.status === 422) {
    Object.assign(entry, { state: "rejected", lastError: await describeRefusal(response) });
  } else {
    // 5xx, 429, a proxy's error page: the server may come back.
    return retryLater(entry, `服务器暂时无法受理（${response.status}），稍后自动重试。`);
  }
  await put(entry);
  changed();
  return entry;
}

async function retryLater(entry, message) {
  entry.attempts += 1;
  Object.assign(entry, { state: "waiting", lastError: message, nextAttemptAt: Date.now() + backoff(entry.attempts) });
  await put(entry);
  changed();
  schedule();
  return entry;
}

let flushing = null;
let timer = null;

/** Offline, the "online" event wakes the queue; this slow check is only a safety net for browsers that miss it. */
const OFFLINE_CHECK_MS = 30_000;

/** Plans the next flush at the earliest retry time of a waiting entry. */
async function schedule() {
  clearTimeout(timer);
  const waiting = (await list()).filter((e) => e.state === "waiting");
  if (waiting.length === 0) return;
  const next = Math.min(...waiting.map((e) => e.nextAttemptAt || 0));
  const delay = navigator.onLine ? Math.max(500, next - Date.now()) : OFFLINE_CHECK_MS;
  timer = setTimeout(() => flush(), delay);
}

/**
 * Sends whatever is due. force: ignore the back-off (the network just came back, the page just
 * loaded, the user asked). Only one flush runs at a time in this tab; across tabs the Web Locks
 * API keeps them apart where it exists, and the idempotency key makes an overlap harmless anyway.
 */
export function flush({ force = false } = {}) {
  flushing ??= (async () => {
    try {
      const run = async () => {
        const now = Date.now();
        for (const entry of await list()) {
          if (!navigator.onLine) break;
          // A send left half-way (the tab was closed): go again — the key makes it harmless.
          const stale = entry.state === "sending" && (force || now - (entry.sendingSince || 0) > 60_000);
          const due = entry.state === "waiting" && (force || (entry.nextAttemptAt || 0) <= now);
          const again = force && entry.state === "signin";
          if (due || stale || again) {
            const fresh = await get(entry.key); // another tab may have sent it meanwhile
            if (fresh && fresh.state !== "sent" && fresh.state !== "rejected") await send(fresh);
          }
        }
      };
      if (navigator.locks?.request) await navigator.locks.request(LOCK, run);
      else await run();
      // Forget what was sent long ago.
      for (const e of await list()) {
        if (e.state === "sent" && Date.now() - e.sentAt > KEEP_SENT_MS) await remove(e.key);
      }
    } finally {
      flushing = null;
      schedule();
    }
  })();
  return flushing;
}

/** Back to waiting (a rejected entry the user wants to try again, or a manual retry). */
export async function retry(key) {
  const entry = await get(key);
  if (!entry || entry.state === "sent") return;
  Object.assign(entry, { state: "waiting", nextAttemptAt: 0 });
  await put(entry);
  changed();
  return flush({ force: true });
}
