// 随手拍 (/m/report): pick a category, describe, take photos (downscaled here), take the
// location from the phone, and put the report in the send queue (queue.js), which sends it as
// soon as — and as often as — needed. The form never posts itself when this script runs; without
// JavaScript it posts to the page, which calls the same handler.
import * as queue from "./queue.js";

const form = document.querySelector("[data-report-form]");
const MAX_PHOTOS = 9;
/** Long side of a downscaled photo, and its JPEG quality: a phone photo of 3–8 MB becomes ~200–500 KB. */
const MAX_SIDE = 1600;
const QUALITY = 0.8;

const userKey = `concord.field.recent.${document.body.dataset.userId || ""}`;
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// ---------------------------------------------------------------- category picker
const picker = $("[data-picker]");
const openButton = $("[data-picker-open]");
const search = $("[data-picker-search]");
let chosen = null; // { code, name, path }

openButton.hidden = false;
openButton.addEventListener("click", () => {
  renderRecent();
  picker.hidden = false;
  search.value = "";
  filter("");
  search.focus();
});
$("[data-picker-close]").addEventListener("click", () => (picker.hidden = true));
search.addEventListener("input", () => filter(search.value.trim()));

/** Shows only matching items; a search opens every group so matches are visible at once. */
function filter(term) {
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  let any = false;
  for (const group of $$("[data-picker-group]", picker)) {
    let groupHit = false;
    for (const sub of $$("[data-picker-subgroup]", group)) {
      let subHit = false;
      for (const item of $$(".picker-item", sub)) {
        const hit = words.every((w) => item.dataset.search.toLowerCase().includes(w));
        item.hidden = !hit;
        subHit ||= hit;
      }
      sub.hidden = !subHit;
      groupHit ||= subHit;
    }
    group.hidden = !groupHit;
    group.open = words.length > 0 && groupHit;
    any ||= groupHit;
  }
  $("[data-picker-none]").hidden = any;
  $("[data-picker-recent]").hidden = words.length > 0 || recent().length === 0;
}

function recent() {
  try { return JSON.parse(localStorage.getItem(userKey) || "[]"); } catch { return []; }
}

/** Recent picks first: the few categories a grid worker reports every day are one tap away. */
function renderRecent() {
  const list = $("[data-picker-recent-list]");
  list.innerHTML = "";
  for (const code of recent()) {
    const original = $(`.picker-item[data-item="${CSS.escape(code)}"]`, picker);
    if (!original) continue;
    const copy = original.cloneNode(true);
    copy.hidden = false;
    list.append(copy);
  }
  $("[data-picker-recent]").hidden = list.children.length === 0;
}

picker.addEventListener("click", (ev) => {
  const item = ev.target.closest(".picker-item");
  if (!item) return;
  choose({ code: item.dataset.item, name: item.dataset.name, path: item.dataset.path });
  picker.hidden = true;
});

function choose(item) {
  chosen = item;
  $("[data-picker-label]").textContent = item ? item.path : "请选择事件类别";
  openButton.classList.toggle("btn-outline-primary", !item);
  openButton.classList.toggle("btn-outline-success", !!item);
  showError("itemCode", "");
  checkDuplicates();
  if (item) {
    const codes = [item.code, ...recent().filter((c) => c !== item.code)].slice(0, 6);
    localStorage.setItem(userKey, JSON.stringify(codes));
  }
}

// ---------------------------------------------------------------- photos
const strip = $("[data-photo-strip]");
let photos = []; // { name, blob, url }

for (const input of $$("[data-photo-input]")) {
  input.addEventListener("change", async () => {
    const files = [...input.files];
    input.value = ""; // the queue keeps the photos; the input is only the way in
    for (const file of files) {
      if (photos.length >= MAX_PHOTOS) { showError("photos", `每次最多上传 ${MAX_PHOTOS} 张照片。`); break; }
      try {
        const blob = await downscale(file);
        photos.push({ name: `photo-${photos.length + 1}.jpg`, blob, url: URL.createObjectURL(blob) });
        showError("photos", "");
      } catch {
        showError("photos", `“${file.name}”不是可以识别的图片，请重新拍摄。`);
      }
    }
    renderPhotos();
  });
}

/** Draws the photo at most MAX_SIDE px on its long side and encodes it as JPEG (EXIF orientation applied). */
async function downscale(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff"; // transparent PNGs get a white, not black, background
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("encode"))), "image/jpeg", QUALITY));
}

function renderPhotos() {
  $$(".photo-thumb", strip).forEach((t) => t.remove());
  const first = strip.firstElementChild;
  photos.forEach((p, i) => {
    const thumb = document.createElement("div");
    thumb.className = "photo-thumb";
    thumb.dataset.testid = "photo-preview";
    thumb.innerHTML = `<img alt="照片 ${i + 1}"><span class="photo-size">${Math.round(p.blob.size / 1024)} KB</span>` +
      `<button type="button" aria-label="删除照片 ${i + 1}"><i class="bi bi-x-lg"></i></button>`;
    thumb.querySelector("img").src = p.url;
    thumb.querySelector("button").addEventListener("click", () => {
      URL.revokeObjectURL(p.url);
      photos.splice(i, 1);
      renderPhotos();
    });
    strip.insertBefore(thumb, first);
  });
  $$(".photo-add", strip).forEach((a) => (a.hidden = photos.length >= MAX_PHOTOS));
}

// ---------------------------------------------------------------- location
const geoStatus = $("[data-geo-status]");
const geoButton = $("[data-geo-locate]");
const latInput = $("[data-geo-lat]");
const lonInput = $("[data-geo-lon]");
let position = null; // { latitude, longitude, accuracy }

function locate() {
  if (!("geolocation" in navigator)) {
    geoStatus.textContent = "此浏览器不能定位：请选择网格并填写地址。";
    return;
  }
  geoStatus.textContent = "正在定位…";
  geoButton.hidden = true;
  navigator.geolocation.getCurrentPosition(
    (p) => {
      position = { latitude: round(p.coords.latitude), longitude: round(p.coords.longitude), accuracy: Math.round(p.coords.accuracy) };
      latInput.value = position.latitude;
      lonInput.value = position.longitude;
      geoStatus.innerHTML = `<i class="bi bi-geo-alt-fill text-success"></i> 已定位（精度约 ${position.accuracy} 米）` +
        `<span class="d-block small text-muted">${position.latitude}, ${position.longitude}</span>`;
      if (position.accuracy > 100) geoStatus.insertAdjacentHTML("beforeend", `<span class="d-block small text-warning">精度较差，请补充地址或地标。</span>`);
      geoButton.innerHTML = `<i class="bi bi-arrow-clockwise"></i> 重新定位`;
      geoButton.hidden = false;
      $("[data-address-hint]").textContent = "（选填）";
      showError("latitude", "");
      showError("address", "");
      checkDuplicates();
    },
    (err) => {
      position = null;
      latInput.value = lonInput.value = "";
      const why = err.code === err.PERMISSION_DENIED ? "未允许获取位置" : err.code === err.TIMEOUT ? "定位超时" : "暂时无法定位";
      geoStatus.innerHTML = `<i class="bi bi-geo-alt text-warning"></i> ${why}：请选择网格并填写地址。`;
      geoButton.innerHTML = `<i class="bi bi-geo-alt"></i> 再试一次`;
      geoButton.hidden = false;
      $("[data-address-hint]").textContent = "（未定位时必填）";
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
}

/** Six decimals is ~0.1 m: enough, and the same number every time the report is sent. */
const round = (x) => Math.round(x * 1e6) / 1e6;

geoButton.addEventListener("click", locate);
locate();

// ---------------------------------------------------------------- possible duplicates
// GET /api/events/duplicates (same item within 50 m, or the same address within 7 days) comes with
// the events module's second stage. Until it is deployed the URL answers 404 (it reads as an event
// code that does not exist): then the check switches itself off for this page.
const duplicatesBox = $("[data-duplicates]");
let duplicatesAvailable = true;
let duplicatesTimer = null;

function checkDuplicates() {
  clearTimeout(duplicatesTimer);
  duplicatesTimer = setTimeout(async () => {
    const address = $("#address").value.trim();
    if (!duplicatesAvailable || !navigator.onLine || !chosen || (!position && !address)) {
      duplicatesBox.hidden = true;
      return;
    }
    const query = new URLSearchParams({ itemCode: chosen.code });
    if (position) { query.set("latitude", position.latitude); query.set("longitude", position.longitude); }
    if (address) query.set("address", address);
    try {
      const response = await fetch(`/api/events/duplicates?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.status === 404) { duplicatesAvailable = false; duplicatesBox.hidden = true; return; }
      if (!response.ok) return;
      const found = await response.json();
      const list = Array.isArray(found) ? found : found.items || [];
      duplicatesBox.hidden = list.length === 0;
      const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
      duplicatesBox.innerHTML = `<strong>附近可能已有相同事件（${list.length} 条）</strong>，请先看看是否是同一件事：` +
        list.slice(0, 5).map((d) => `<a class="d-block py-2" href="/m/events/${encodeURIComponent(d.code)}" target="_blank" rel="noopener">${esc(d.code)} ${esc(d.itemName)} · ${esc(d.statusLabel)}` +
          `${d.distanceMetres != null ? ` · 约 ${Math.round(d.distanceMetres)} 米` : ""}${d.reason ? ` · ${esc(d.reason)}` : ""}</a>`).join("") +
        `<span class="small">不是同一件事，可以继续提交。</span>`;
    } catch {
      // Offline or flaky: the check is advice, the report goes on without it.
    }
  }, 400);
}

$("#address").addEventListener("input", checkDuplicates);

// ---------------------------------------------------------------- submit
function showError(field, message) {
  const el = $(`[data-error-for="${field}"]`, form);
  if (el) el.textContent = message;
}

function validate(body) {
  const errors = {};
  if (!body.itemCode) errors.itemCode = "请选择事件类别。";
  if (!body.text) errors.text = "请描述事件情况。";
  if (!body.regionCode) errors.regionCode = "请选择事件发生的网格或村（社区）。";
  if (body.latitude == null && !body.address) errors.address = "未能定位，请填写地址或地标。";
  for (const f of ["itemCode", "text", "regionCode", "address", "latitude", "photos"]) showError(f, errors[f] || "");
  return Object.keys(errors).length === 0;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const region = $("#regionCode");
  const body = {
    itemCode: chosen?.code || null,
    text: $("#text").value.trim() || null,
    regionCode: region.value || null,
    latitude: position?.latitude ?? null,
    longitude: position?.longitude ?? null,
    address: $("#address").value.trim() || null,
  };
  if (!validate(body)) {
    form.querySelector(".invalid-feedback:not(:empty)")?.scrollIntoView({ block: "center" });
    return;
  }
  const submit = $("[type=submit]", form);
  submit.disabled = true;
  try {
    // The idempotency key is made now, once: every later send of this report carries it.
    await queue.enqueue(body, photos.map(({ name, blob }) => ({ name, blob })),
      { itemName: chosen.name, regionName: region.selectedOptions[0]?.textContent?.trim() || "" });
  } catch {
    $("[data-form-error]").textContent = "无法在本机保存这条上报（存储空间不足或浏览器禁止），请稍后再试。";
    $("[data-form-error]").classList.remove("d-none");
    submit.disabled = false;
    return;
  }
  // Start over for the next report; the place and the location stay.
  photos.forEach((p) => URL.revokeObjectURL(p.url));
  photos = [];
  renderPhotos();
  $("#text").value = "";
  $("#address").value = "";
  choose(null);
  submit.disabled = false;
  toast(navigator.onLine ? "已保存，正在发送…" : "当前离线：已保存在本机，联网后自动发送。");
  $("#queue").scrollIntoView({ behavior: "smooth", block: "start" });
  queue.flush({ force: true });
});

function toast(message) {
  document.querySelectorAll(".field-toast").forEach((t) => t.remove());
  const t = document.createElement("div");
  t.className = "field-toast";
  t.setAttribute("role", "status");
  t.dataset.testid = "toast";
  t.textContent = message;
  document.body.append(t);
  setTimeout(() => t.classList.add("fade-out"), 3500);
  setTimeout(() => t.remove(), 4500);
}
