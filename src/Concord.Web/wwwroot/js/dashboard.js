// 领导驾驶舱: charts (ECharts, served from /lib) and live updates over server-sent events.
(function () {
    'use strict';
    var dataEl = document.getElementById('dashboard-data');
    if (!dataEl) { return; }
    var data = JSON.parse(dataEl.textContent);

    function go(url) { if (url && url !== '#') { window.location.href = url; } }

    if (window.echarts) {
        var trendEl = document.getElementById('trend-chart');
        if (trendEl) {
            var trend = echarts.init(trendEl);
            trend.setOption({
                tooltip: { trigger: 'axis' },
                legend: { data: ['受理', '当月办结'] },
                grid: { left: 40, right: 16, top: 32, bottom: 24 },
                xAxis: { type: 'category', data: data.months },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                    { name: '受理', type: 'bar', data: data.registered, itemStyle: { color: '#0d6efd' } },
                    { name: '当月办结', type: 'line', data: data.concluded, itemStyle: { color: '#198754' } }
                ]
            });
            trend.on('click', function (p) {
                go(p.seriesIndex === 0 ? data.registeredLinks[p.dataIndex] : data.concludedLinks[p.dataIndex]);
            });
            window.addEventListener('resize', function () { trend.resize(); });
        }
        var catEl = document.getElementById('category-chart');
        if (catEl && data.categories.length) {
            var cat = echarts.init(catEl);
            cat.setOption({
                tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
                series: [{ type: 'pie', radius: ['35%', '70%'], data: data.categories, label: { show: false } }]
            });
            cat.on('click', function (p) { go(p.data.link); });
            window.addEventListener('resize', function () { cat.resize(); });
        }
        var mapEl = document.getElementById('map-chart');
        if (mapEl && data.points.length) {
            // No online tiles: the places' own points on a plain longitude/latitude plane.
            var map = echarts.init(mapEl);
            var max = Math.max.apply(null, data.points.map(function (p) { return p.value[2]; }).concat([1]));
            map.setOption({
                tooltip: { formatter: function (p) { return p.name + '<br>受理 ' + p.value[2] + '，红色预警 ' + p.value[3]; } },
                grid: { left: 8, right: 60, top: 8, bottom: 8, containLabel: false },
                xAxis: { type: 'value', scale: true, show: false },
                yAxis: { type: 'value', scale: true, show: false },
                visualMap: { min: 0, max: max, dimension: 2, right: 0, bottom: 8, text: ['多', '少'], calculable: false,
                    inRange: { color: ['#cfe2ff', '#fd7e14', '#dc3545'] } },
                series: [{
                    type: 'effectScatter', data: data.points,
                    symbolSize: function (v) { return 8 + 28 * Math.sqrt(v[2] / max); },
                    rippleEffect: { scale: 2.5, brushType: 'stroke' }, showEffectOn: 'emphasis',
                    label: { show: true, formatter: '{b}', position: 'right', fontSize: 11, color: '#495057' }
                }]
            });
            map.on('click', function (p) { go(p.data.link); });
            window.addEventListener('resize', function () { map.resize(); });
        }
    }

    // Live updates: the server says which villages changed; refresh the fragments when one is under this place.
    var status = document.getElementById('live-status');
    if (!window.EventSource) { return; }
    var source = new EventSource('/api/dashboard/stream');
    source.onopen = function () { if (status) { status.textContent = '实时更新：已连接'; status.dataset.state = 'open'; } };
    source.onerror = function () { if (status) { status.textContent = '实时更新：重新连接中…'; status.dataset.state = 'retrying'; } };
    source.addEventListener('cases', function (e) {
        var msg = JSON.parse(e.data);
        var mine = (msg.places || []).some(function (p) { return p.indexOf(data.place) === 0; });
        if (mine && window.htmx) {
            htmx.trigger(document.body, 'dashboard-changed');
        }
    });
})();
