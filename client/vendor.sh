#!/usr/bin/env bash
# Copies the minified front-end libraries and their licences into wwwroot/lib.
# Run after `npm ci` in this folder; the result is committed (no CDN at run time).
set -euo pipefail
cd "$(dirname "$0")"
L=../src/Catalyse.Web/wwwroot/lib
rm -rf "$L"; mkdir -p "$L"/{htmx,leaflet,leaflet.markercluster,chart.js}
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$L/htmx/"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE "$L/leaflet/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css node_modules/leaflet.markercluster/MIT-LICENCE.txt "$L/leaflet.markercluster/"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$L/chart.js/"
