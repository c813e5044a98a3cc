// Event pages: fill the location from the browser (then re-check possible duplicates).
(function () {
    var button = document.getElementById('locate');
    if (!button) { return; }
    button.addEventListener('click', function () {
        if (!navigator.geolocation) { alert('此浏览器不支持定位，请填写地址。'); return; }
        navigator.geolocation.getCurrentPosition(function (p) {
            document.getElementById('latitude').value = p.coords.latitude.toFixed(6);
            document.getElementById('longitude').value = p.coords.longitude.toFixed(6);
            document.getElementById('latitude').dispatchEvent(new Event('change'));
        }, function () { alert('未能获取定位，请填写地址。'); }, { enableHighAccuracy: true, timeout: 10000 });
    });
})();
