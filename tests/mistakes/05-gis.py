# ruff: noqa: E501  (wrong answers are kept as one line of trainee code each)
"""Plausible wrong answers to the module 05 exercise: the slips of analysts new to GIS in Python.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

_CROSS = ('_cross = gpd.GeoDataFrame(crossings, geometry=gpd.points_from_xy(crossings["lon"], crossings["lat"]), '
          'crs="EPSG:4326")\n')

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: measuring in degrees or in the wrong units.
    {
        # "lat, lon" as people say it: x and y swapped.
        "q1_points": ('crossing_points = gpd.GeoDataFrame(crossings, geometry=gpd.points_from_xy(crossings["lat"], '
                      'crossings["lon"]), crs="EPSG:4326")'),
        # Web Mercator: metres, but lengths inflated by 1/cos(latitude).
        "q2_route_km": 'route_km = float(roads[roads["northern_route"]].to_crs("EPSG:3857").length.sum() / 1000)',
        # Counted the typed-in country column instead of joining to the outlines.
        "q3_per_country": 'per_country = register["country"].value_counts()',
        # Only checked the seizures at border crossings.
        "q4_wrong_side": (
            '_left = gpd.sjoin(points, countries.to_crs(ALBERS)[["iso_a2", "geometry"]], how="left", predicate="within")\n'
            '_bc = _left[_left["location_type"] == "border crossing"]\n'
            'wrong_side = sorted(_bc.loc[_bc["iso_a2"] != _bc["country"], "seizure_id"].tolist())'),
        # Counted the seizures (size) instead of adding up their kilograms.
        "q5_hex_kg": (
            '_j = gpd.sjoin(points, hexagons.to_crs(ALBERS)[["hex_id", "geometry"]], predicate="within")\n'
            'hex_kg = hexagons.assign(kg=hexagons["hex_id"].map(_j.groupby("hex_id").size()).fillna(0).astype(float))'),
        # Buffer of 20 — metres, not kilometres.
        "q6_near_route": (
            '_route = roads[roads["northern_route"]].to_crs(ALBERS).union_all()\n'
            'route_corridor = gpd.GeoSeries([_route.buffer(20)], crs=ALBERS)\n'
            'near_route_ids = sorted(points.loc[points.within(route_corridor.iloc[0]), "seizure_id"].tolist())'),
        # Nearest crossing found in degrees, distance converted with 111 km per degree.
        "q7_nearest": (
            _CROSS + '_pts = points.to_crs("EPSG:4326")\n'
            '_away = _pts[_pts["location_type"] != "border crossing"]\n'
            '_near = gpd.sjoin_nearest(_away[["seizure_id", "geometry"]], _cross[["crossing", "geometry"]], '
            'distance_col="d")\n'
            'nearest_crossing = (pd.DataFrame(_near).assign(distance_km=_near["d"] * 111)'
            '[["seizure_id", "crossing", "distance_km"]].sort_values("seizure_id").reset_index(drop=True))'),
        # Zeros classified with the rest.
        "q8_breaks": 'breaks = [float(b) for b in mapclassify.FisherJenks(counts["seizures"], k=5).bins]',
        # Bandwidth in km where metres are expected: the surface is zero everywhere.
        "q9_hotspot": (
            '_x, _y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()\n'
            '_grid = gridlib.grid_around(_x, _y, cell=10_000, margin=50_000)\n'
            '_peak = spatialstats.hotspot_cell(spatialstats.kernel_density(_x, _y, _grid, bandwidth=50), _grid)\n'
            'hotspot_xy = (float(_peak.x), float(_peak.y))\n'
            'hotspot_city = "Dushanbe"'),
        # Area in km² where m² are expected.
        "q10_nni": (
            '_rc = points[(points["location_type"] == "road checkpoint") & points["country"].isin(["KZ", "KG", "TJ", "UZ", "TM"])]\n'
            '_area = countries[countries["central_asia"]].to_crs(ALBERS).union_all().area / 1e6\n'
            '_nni = spatialstats.nearest_neighbour_index(_rc.geometry.x, _rc.geometry.y, _area)\n'
            'nni_area_km2 = float(_area)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # Gi instead of Gi*: the hexagon left out of its own neighbourhood.
        "q11_gi_star": (
            '_c = counts.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100_000, include_self=False)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(counts["seizures"], _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
        # Markers from the raw register with its duplicates.
        "q12_map": (
            'commander_map = offline_map(location=[41, 68], zoom_start=5, basemap=countries)\n'
            'for _name in ("Northern route", "Gi* hot spots"):\n'
            '    folium.FeatureGroup(name=_name).add_to(commander_map)\n'
            '_layer = folium.FeatureGroup(name="Seizures")\n'
            'for _row in data.load("seizures").itertuples():\n'
            '    folium.CircleMarker([_row.lat, _row.lon], radius=4, tooltip=_row.seizure_id).add_to(_layer)\n'
            '_layer.add_to(commander_map)\n'
            'folium.LayerControl().add_to(commander_map)'),
    },
    # Set 1: the right tools with the wrong slice, threshold or weighting.
    {
        # Length measured in degrees.
        "q2_route_km": 'route_km = float(roads[roads["northern_route"]].length.sum())',
        # Inner join, so hexagons without seizures vanish.
        "q5_hex_kg": (
            '_in = gpd.sjoin(hexagons.to_crs(ALBERS), points[["quantity_kg", "geometry"]], how="inner", predicate="contains")\n'
            'hex_kg = hexagons[hexagons["hex_id"].isin(_in["hex_id"])].assign(kg=lambda h: h["hex_id"].map('
            '_in.groupby("hex_id")["quantity_kg"].sum()))'),
        # All roads instead of the northern route.
        "q6_near_route": (
            'route_corridor = gpd.GeoSeries([roads.to_crs(ALBERS).union_all().buffer(20_000)], crs=ALBERS)\n'
            'near_route_ids = sorted(points.loc[points.within(route_corridor.iloc[0]), "seizure_id"].tolist())'),
        # Quantiles instead of Fisher-Jenks.
        "q8_breaks": ('breaks = [float(b) for b in mapclassify.Quantiles(counts.loc[counts["seizures"] > 0, '
                      '"seizures"], k=5).bins]'),
        # Weighted by kilograms: a map of quantity, not of seizures.
        "q9_hotspot": (
            '_x, _y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()\n'
            '_grid = gridlib.grid_around(_x, _y, cell=10_000, margin=50_000)\n'
            '_s = spatialstats.kernel_density(_x, _y, _grid, bandwidth=50_000, weights=points["quantity_kg"].to_numpy())\n'
            '_peak = spatialstats.hotspot_cell(_s, _grid)\n'
            'hotspot_xy = (float(_peak.x), float(_peak.y))\n'
            '_city = gpd.GeoDataFrame(cities, geometry=gpd.points_from_xy(cities["lon"], cities["lat"]), '
            'crs="EPSG:4326").to_crs(ALBERS)\n'
            'hotspot_city = str(_city.loc[_city.distance(gpd.points_from_xy([_peak.x], [_peak.y])[0]).idxmin(), "city"])'),
        # Road checkpoints in Russia included, outside the study area.
        "q10_nni": (
            '_rc = points[points["location_type"] == "road checkpoint"]\n'
            '_area = countries[countries["central_asia"]].to_crs(ALBERS).union_all().area\n'
            '_nni = spatialstats.nearest_neighbour_index(_rc.geometry.x, _rc.geometry.y, _area)\n'
            'nni_area_km2 = float(_area / 1e6)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # One-sided 90 % threshold instead of z > 1.96.
        "q11_gi_star": (
            '_c = counts.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100_000)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(counts["seizures"], _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.645].tolist())'),
        # No LayerControl.
        "q12_map": (
            'commander_map = offline_map(location=[41, 68], zoom_start=5, basemap=countries)\n'
            'for _name in ("Northern route", "Gi* hot spots"):\n'
            '    folium.FeatureGroup(name=_name).add_to(commander_map)\n'
            '_layer = folium.FeatureGroup(name="Seizures")\n'
            'for _row in register.itertuples():\n'
            '    folium.CircleMarker([_row.lat, _row.lon], radius=4, tooltip=_row.seizure_id).add_to(_layer)\n'
            '_layer.add_to(commander_map)'),
        # Distance left in metres.
        "q7_nearest": (
            _CROSS + '_cross = _cross.to_crs(ALBERS)\n'
            '_away = points[points["location_type"] != "border crossing"]\n'
            '_near = gpd.sjoin_nearest(_away[["seizure_id", "geometry"]], _cross[["crossing", "geometry"]], '
            'distance_col="distance_km")\n'
            'nearest_crossing = (pd.DataFrame(_near)[["seizure_id", "crossing", "distance_km"]]'
            '.sort_values("seizure_id").reset_index(drop=True))'),
    },
    # Set 2: a layer left in EPSG:4326 while points are in ALBERS (geopandas only warns), and Gi* without
    # the empty hexagons; the map of task 12 stays right, so it must not lose points for task 11's slip.
    {
        # Hexagons not reprojected: no point falls in any hexagon, every total is 0.
        "q5_hex_kg": (
            '_j = gpd.sjoin(points, hexagons[["hex_id", "geometry"]], predicate="within")\n'
            'hex_kg = hexagons.assign(kg=hexagons["hex_id"].map(_j.groupby("hex_id")["quantity_kg"].sum()).fillna(0.0))'),
        # Crossing points not reprojected: metres measured against degrees.
        "q7_nearest": (
            _CROSS + '_away = points[points["location_type"] != "border crossing"]\n'
            '_near = gpd.sjoin_nearest(_away[["seizure_id", "geometry"]], _cross[["crossing", "geometry"]], '
            'distance_col="d")\n'
            'nearest_crossing = (pd.DataFrame(_near).assign(distance_km=_near["d"] / 1000)'
            '[["seizure_id", "crossing", "distance_km"]].sort_values("seizure_id").reset_index(drop=True))'),
        # A buffer of 20/111 degrees: 20 km north-south but only about 15 km east-west here.
        "q6_near_route": (
            '_route = roads[roads["northern_route"]].union_all()\n'
            'route_corridor = gpd.GeoSeries([_route.buffer(20 / 111)], crs="EPSG:4326")\n'
            'near_route_ids = sorted(points.to_crs("EPSG:4326").loc[lambda p: p.within(route_corridor.iloc[0]), "seizure_id"].tolist())'),
        # The study area taken as the hexagon grid's area.
        "q10_nni": (
            '_rc = points[(points["location_type"] == "road checkpoint") & points["country"].isin(["KZ", "KG", "TJ", "UZ", "TM"])]\n'
            '_area = hexagons.to_crs(ALBERS).area.sum()\n'
            '_nni = spatialstats.nearest_neighbour_index(_rc.geometry.x, _rc.geometry.y, _area)\n'
            'nni_area_km2 = float(_area / 1e6)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # Gi* over the hexagons with seizures only: the empty comparison areas left out.
        "q11_gi_star": (
            '_busy = counts[counts["seizures"] > 0]\n'
            '_c = _busy.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100_000)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(_busy["seizures"], _w).z, index=_busy["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
    },
    # Set 3: coordinates in the wrong units for the tool, and the lesson's slice instead of the task's.
    # (Task 7 is wrong here too, so the swapped crossings table of task 1 cascades into no right answer.)
    {
        # The columns of crossings swapped in place, taken for "lat, lon": the table itself is now wrong.
        "q1_points": ('crossings[["lat", "lon"]] = crossings[["lon", "lat"]].to_numpy()\n'
                      'crossing_points = gpd.GeoDataFrame(crossings, geometry=gpd.points_from_xy(crossings["lon"], '
                      'crossings["lat"]), crs="EPSG:4326")'),
        # Centres taken in degrees: a band of 100_000 spans the whole map, every z is undefined.
        "q11_gi_star": (
            '_c = counts.to_crs("EPSG:4326").geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100_000)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(counts["seizures"], _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
        # The lesson's points (seizures recorded in Kazakhstan and Kyrgyzstan) instead of all seizures.
        "q9_hotspot": (
            '_n = points[points["country"].isin(["KZ", "KG"])]\n'
            '_x, _y = _n.geometry.x.to_numpy(), _n.geometry.y.to_numpy()\n'
            '_grid = gridlib.grid_around(_x, _y, cell=10_000, margin=50_000)\n'
            '_peak = spatialstats.hotspot_cell(spatialstats.kernel_density(_x, _y, _grid, bandwidth=50_000), _grid)\n'
            'hotspot_xy = (float(_peak.x), float(_peak.y))\n'
            '_city = gpd.GeoDataFrame(cities, geometry=gpd.points_from_xy(cities["lon"], cities["lat"]), '
            'crs="EPSG:4326").to_crs(ALBERS)\n'
            'hotspot_city = str(_city.loc[_city.distance(gpd.points_from_xy([_peak.x], [_peak.y])[0]).idxmin(), "city"])'),
        # The five republics' area measured in Web Mercator.
        "q10_nni": (
            '_rc = points[(points["location_type"] == "road checkpoint") & points["country"].isin(["KZ", "KG", "TJ", "UZ", "TM"])]\n'
            '_area = countries[countries["central_asia"]].to_crs("EPSG:3857").union_all().area\n'
            '_nni = spatialstats.nearest_neighbour_index(_rc.geometry.x, _rc.geometry.y, _area)\n'
            'nni_area_km2 = float(_area / 1e6)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # Seizures at border crossings kept in the nearest-crossing table.
        "q7_nearest": (
            _CROSS + '_cross = _cross.to_crs(ALBERS)\n'
            '_near = gpd.sjoin_nearest(points[["seizure_id", "geometry"]], _cross[["crossing", "geometry"]], '
            'distance_col="d")\n'
            'nearest_crossing = (pd.DataFrame(_near).assign(distance_km=_near["d"] / 1000)'
            '[["seizure_id", "crossing", "distance_km"]].sort_values("seizure_id").reset_index(drop=True))'),
        # Countries not reprojected: no seizure falls in any outline, none disagrees.
        "q4_wrong_side": (
            '_left = gpd.sjoin(points, countries[["iso_a2", "geometry"]], how="left", predicate="within")\n'
            'wrong_side = sorted(_left.loc[_left["iso_a2"].notna() & (_left["iso_a2"] != _left["country"]), "seizure_id"].tolist())'),
        # Markers placed from points (ALBERS metres) as if they were latitude/longitude.
        "q12_map": (
            'commander_map = offline_map(location=[41, 68], zoom_start=5, basemap=countries)\n'
            '_route = folium.FeatureGroup(name="Northern route")\n'
            'folium.GeoJson(roads[roads["northern_route"]]).add_to(_route)\n'
            '_route.add_to(commander_map)\n'
            '_hot = folium.FeatureGroup(name="Gi* hot spots")\n'
            'folium.GeoJson(counts[counts["hex_id"].isin(hot_hexes)].to_crs("EPSG:4326")[["hex_id", "geometry"]]).add_to(_hot)\n'
            '_hot.add_to(commander_map)\n'
            '_layer = folium.FeatureGroup(name="Seizures")\n'
            'for _, _row in points.iterrows():\n'
            '    folium.CircleMarker([_row.geometry.y, _row.geometry.x], radius=4, tooltip=_row["seizure_id"]).add_to(_layer)\n'
            '_layer.add_to(commander_map)\n'
            'folium.LayerControl().add_to(commander_map)'),
    },
    # Set 4: the right measure in the wrong projection, or the wrong statistic.
    {
        # Only the name column kept.
        "q1_points": ('crossing_points = gpd.GeoDataFrame(crossings[["crossing"]], geometry=gpd.points_from_xy('
                      'crossings["lon"], crossings["lat"]), crs="EPSG:4326")'),
        # Every road leg, not only the northern route.
        "q2_route_km": 'route_km = float(roads.to_crs(ALBERS).length.sum() / 1000)',
        # Shares instead of counts.
        "q3_per_country": (
            '_joined = gpd.sjoin(points, countries.to_crs(ALBERS)[["iso_a2", "geometry"]], how="inner", predicate="within")\n'
            'per_country = _joined["iso_a2"].value_counts(normalize=True)'),
        # The mean seizure per hexagon instead of the total.
        "q5_hex_kg": (
            '_j = gpd.sjoin(points, hexagons.to_crs(ALBERS)[["hex_id", "geometry"]], how="inner", predicate="within")\n'
            'hex_kg = hexagons.assign(kg=hexagons["hex_id"].map(_j.groupby("hex_id")["quantity_kg"].mean()).fillna(0.0))'),
        # A 20 km buffer in Web Mercator: about 15 km on the ground here (it misses seizures 15-20 km away).
        "q6_near_route": (
            '_route = roads[roads["northern_route"]].to_crs("EPSG:3857").union_all()\n'
            'route_corridor = gpd.GeoSeries([_route.buffer(20_000)], crs="EPSG:3857")\n'
            'near_route_ids = sorted(points.loc[points.to_crs("EPSG:3857").within(route_corridor.iloc[0]), "seizure_id"].tolist())'),
        # Nearest crossing searched and measured in Web Mercator.
        "q7_nearest": (
            '_cross = gpd.GeoDataFrame(crossings, geometry=gpd.points_from_xy(crossings["lon"], crossings["lat"]), crs="EPSG:4326").to_crs("EPSG:3857")\n'
            '_away = points[points["location_type"] != "border crossing"].to_crs("EPSG:3857")\n'
            '_near = gpd.sjoin_nearest(_away[["seizure_id", "geometry"]], _cross[["crossing", "geometry"]], distance_col="distance_m")\n'
            'nearest_crossing = (pd.DataFrame(_near).assign(distance_km=_near["distance_m"] / 1000)'
            '[["seizure_id", "crossing", "distance_km"]].sort_values("seizure_id").reset_index(drop=True))'),
        # Equal intervals instead of Fisher-Jenks.
        "q8_breaks": ('breaks = [float(b) for b in mapclassify.EqualInterval(counts.loc[counts["seizures"] > 0, '
                      '"seizures"], k=5).bins]'),
        # Every seizure, not only the road checkpoints of the five republics.
        "q10_nni": (
            '_area = countries[countries["central_asia"]].to_crs(ALBERS).union_all().area\n'
            '_nni = spatialstats.nearest_neighbour_index(points.geometry.x, points.geometry.y, _area)\n'
            'nni_area_km2 = float(_area / 1e6)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # Gi* of the kilograms per hexagon (task 5) instead of the seizure counts the task asks for.
        "q11_gi_star": (
            '_c = counts.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100_000)\n'
            '_kg = counts["hex_id"].map(hex_kg.set_index("hex_id")["kg"]).to_numpy()\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(_kg, _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
        # Every road leg drawn as the northern route.
        "q12_map": (
            'commander_map = offline_map(location=[41, 68], zoom_start=5, basemap=countries)\n'
            '_route = folium.FeatureGroup(name="Northern route")\n'
            'folium.GeoJson(roads).add_to(_route)\n'
            '_route.add_to(commander_map)\n'
            '_hot = folium.FeatureGroup(name="Gi* hot spots")\n'
            'folium.GeoJson(counts[counts["hex_id"].isin(hot_hexes)].to_crs("EPSG:4326")[["hex_id", "geometry"]]).add_to(_hot)\n'
            '_hot.add_to(commander_map)\n'
            '_layer = folium.FeatureGroup(name="Seizures")\n'
            'for _row in register.itertuples():\n'
            '    folium.CircleMarker([_row.lat, _row.lon], radius=4, tooltip=_row.seizure_id).add_to(_layer)\n'
            '_layer.add_to(commander_map)\n'
            'folium.LayerControl().add_to(commander_map)'),
    },
    # Set 5: the study area, the order of rows, and degrees taken for distances.
    {
        # Length in degrees multiplied by 111 km.
        "q2_route_km": 'route_km = float(roads[roads["northern_route"]].length.sum() * 111)',
        # Each leg buffered on its own: overlapping corridors, seizures listed twice.
        "q6_near_route": (
            'route_corridor = roads[roads["northern_route"]].to_crs(ALBERS).buffer(20_000)\n'
            '_j = gpd.sjoin(points, gpd.GeoDataFrame(geometry=route_corridor), predicate="within")\n'
            'near_route_ids = sorted(_j["seizure_id"].tolist())'),
        # Sorted by name: the order of crossings is lost.
        "q1_points": ('crossing_points = gpd.GeoDataFrame(crossings.sort_values("crossing"), geometry=gpd.points_from_xy('
                      'crossings.sort_values("crossing")["lon"], crossings.sort_values("crossing")["lat"]), crs="EPSG:4326")'),
        # The study area of every outline (Russia and Afghanistan too) for the five republics' points.
        "q10_nni": (
            '_rc = points[(points["location_type"] == "road checkpoint") & points["country"].isin(["KZ", "KG", "TJ", "UZ", "TM"])]\n'
            '_area = countries.to_crs(ALBERS).union_all().area\n'
            '_nni = spatialstats.nearest_neighbour_index(_rc.geometry.x, _rc.geometry.y, _area)\n'
            'nni_area_km2 = float(_area / 1e6)\n'
            'nni_R, nni_z = float(_nni.R), float(_nni.z)'),
        # x and y of the peak swapped.
        "q9_hotspot": (
            '_x, _y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()\n'
            '_grid = gridlib.grid_around(_x, _y, cell=10_000, margin=50_000)\n'
            '_peak = spatialstats.hotspot_cell(spatialstats.kernel_density(_x, _y, _grid, bandwidth=50_000), _grid)\n'
            'hotspot_xy = (float(_peak.y), float(_peak.x))\n'
            '_city = gpd.GeoDataFrame(cities, geometry=gpd.points_from_xy(cities["lon"], cities["lat"]), '
            'crs="EPSG:4326").to_crs(ALBERS)\n'
            'hotspot_city = str(_city.loc[_city.distance(gpd.points_from_xy([_peak.x], [_peak.y])[0]).idxmin(), "city"])'),
        # A band of 100 (metres, not 100 km): every hexagon is only its own neighbour.
        "q11_gi_star": (
            '_c = counts.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=100)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(counts["seizures"], _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
    },
    # Set 6: half the band.
    {
        # A band of 50 km: shorter than the spacing of the hexagon centres, every hexagon is only its own neighbour.
        "q11_gi_star": (
            '_c = counts.geometry.centroid\n'
            '_w = spatialstats.distance_band_weights(_c.x, _c.y, threshold=50_000)\n'
            'gi_z = pd.Series(spatialstats.getis_ord_gi_star(counts["seizures"], _w).z, index=counts["hex_id"])\n'
            'hot_hexes = sorted(gi_z.index[gi_z > 1.96].tolist())'),
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
