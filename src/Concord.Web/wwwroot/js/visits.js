// Visit form: location from the browser, the follow-up note shown when "发现问题" is on,
// and one submit only (the server also recognises a retry by its idempotency key).
(function () {
  var form = document.querySelector("[data-visit-form]");
  if (!form) return;
  var status = form.querySelector("[data-locate-status]");
  function locate() {
    if (!navigator.geolocation) { status.textContent = "此浏览器不支持定位（可不填）"; return; }
    status.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (p) {
      form.querySelector("[data-lat]").value = p.coords.latitude.toFixed(6);
      form.querySelector("[data-lon]").value = p.coords.longitude.toFixed(6);
      form.querySelector("[data-acc]").value = Math.round(p.coords.accuracy);
      status.textContent = "已定位：" + p.coords.latitude.toFixed(5) + ", " + p.coords.longitude.toFixed(5) + "（精度约 " + Math.round(p.coords.accuracy) + " 米）";
    }, function () {
      status.textContent = "未能定位（可不填，或检查定位权限后重试）";
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  form.querySelector("[data-locate]").addEventListener("click", locate);
  if (!form.querySelector("[data-lat]").value) locate();
  var toggle = form.querySelector("[data-follow-up]");
  toggle.addEventListener("change", function () {
    form.querySelector("[data-follow-up-note]").classList.toggle("d-none", !toggle.checked);
  });
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.textContent = "正在保存…";
  });
})();
