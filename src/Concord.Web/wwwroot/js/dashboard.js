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
