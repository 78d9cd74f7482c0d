// The explorer's maps: offline country outlines (world-atlas via topojson-client), tiles only when the operator
// configured a tile URL, and the case markers (clustered on /map). The data comes from the page as JSON, and
// every card is built with textContent: nothing from a source is ever parsed as HTML.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!holder || !source || !window.L) return;
  var data = JSON.parse(source.textContent);
  var map = L.map(holder, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([30, 10], 2);
  L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";

  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
  } else {
    fetch("/static/vendor/world-atlas/countries-110m.json")
      .then(function (r) { return r.json(); })
      .then(function (world) {
        L.geoJSON(topojson.feature(world, world.objects.countries), {
          style: { color: "#6b7a8f", weight: 0.7, fillColor: "#e8ecef", fillOpacity: 1 },
          interactive: false
        }).addTo(map).bringToBack();
      });
  }

  function card(m) {
    var box = document.createElement("div");
    box.className = "case-card";
    var link = document.createElement("a");
    link.href = "/cases/" + encodeURIComponent(m.id);
    link.textContent = m.title;
    var heading = document.createElement("strong");
    heading.appendChild(link);
    box.appendChild(heading);
    if (m.place) {
      var place = document.createElement("p");
      place.textContent = m.place;
      box.appendChild(place);
    }
    return box;
  }

  var layer = data.cluster && L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup();
  data.markers.forEach(function (m) {
    var marker = L.marker([m.lat, m.lon], { title: m.title, alt: m.title, keyboard: true });
    marker.bindPopup(function () { return card(m); });
    layer.addLayer(marker);
  });
  layer.addTo(map);
  if (data.markers.length) {
    map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: data.cluster ? 6 : 8 });
  }
  holder.setAttribute("data-ready", "true");
})();
