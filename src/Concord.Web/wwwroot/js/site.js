// Small behaviours; pages work without them (forms post normally).
(function () {
  // Party rows on the registration form: add and remove.
  document.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add-party]");
    if (add) {
      var list = document.getElementById("parties");
      var template = document.getElementById("party-template");
      var index = list.querySelectorAll(".party-row").length;
      var html = template.innerHTML.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
      list.insertAdjacentHTML("beforeend", html);
      return;
    }
    var remove = e.target.closest("[data-remove-party]");
    if (remove) {
      var row = remove.closest(".party-row");
      if (row && confirm("确定删除这名当事人吗？")) { row.remove(); renumberParties(); }
    }
  });
  function renumberParties() {
    document.querySelectorAll("#parties .party-row").forEach(function (row, i) {
      row.querySelectorAll("[name]").forEach(function (el) {
        el.name = el.name.replace(/Parties\[\d+\]/, "Parties[" + i + "]");
      });
      var n = row.querySelector("[data-party-number]");
      if (n) n.textContent = String(i + 1);
    });
  }
  // Toasts fade after a few seconds.
  setTimeout(function () {
    document.querySelectorAll(".toast.show").forEach(function (t) { t.classList.remove("show"); });
  }, 4000);
})();
