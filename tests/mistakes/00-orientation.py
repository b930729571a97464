"""Plausible wrong answers to the module 00 exercise: the slips trainees coming from Excel make.

Each dict is one submission: answer-cell grade_id -> the wrong code typed into that cell (the other
cells keep the solution). The harness checks that each wrong answer loses points on its own question
and nowhere else.
"""

MISTAKE_SETS: list[dict[str, str]] = [
    # Set 0: counting the raw register, and pandas defaults that differ from Excel's.
    {
        # keep=False marks every copy, so each duplicated id appears twice.
        "q1_duplicates": (
            'duplicate_ids = sorted(seizures.loc[seizures.duplicated(keep=False), "seizure_id"].tolist())\n'
            "n_seizures = len(seizures.drop_duplicates())"
        ),
        # Summed the raw register: duplicated seizures counted twice.
        "q2_kg_by_drug": 'kg_by_drug = seizures.groupby("drug")["quantity_kg"].sum().sort_values(ascending=False)',
        # Filtered the raw register: a duplicated border seizure appears twice.
        "q3_border": 'border_seizures = seizures[seizures["location_type"] == "border crossing"]',
        # idxmax gives the row label, not the seizure id.
        "q4_largest": 'largest_id = register["quantity_kg"].idxmax()',
        # pivot_table's default aggfunc is the mean, not Excel's sum.
        "q5_pivot": ('kg_pivot = register.pivot_table(index="country", columns="drug", values="quantity_kg", '
                     "fill_value=0)"),
        # dt.month drops the year.
        "q6_monthly": 'monthly_counts = register.groupby(register["date"].dt.month).size()',
        # A percentage instead of a share.
        "q7_vehicle_share": 'vehicle_share = register["vehicle_plate"].notna().mean() * 100',
        # Mean instead of median.
        "q8_median_by_mode": (
            'median_kg_by_mode = register.groupby("transport_mode")["quantity_kg"].mean()'
            ".sort_values(ascending=False)"
        ),
        # Most kilograms instead of most seizures.
        "q9_top_crossing": 'top_crossing = register.groupby("crossing")["quantity_kg"].sum().idxmax()',
        # Unknown packages treated as one package.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=register["quantity_kg"] '
            '/ register["packages"].fillna(1))'
        ),
        # Counted seizures instead of summing kilograms.
        "q11_chart": (
            'drug_chart = register["drug"].value_counts().plot.bar(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Quantity (kg)")'
        ),
    },
    # Set 1: sort order, exact text, types and boundaries.
    {
        # A Series, not a list; and the raw row count.
        "q1_duplicates": (
            'duplicate_ids = seizures.loc[seizures.duplicated(), "seizure_id"]\n'
            "n_seizures = len(seizures)"
        ),
        # Sorted smallest first.
        "q2_kg_by_drug": 'kg_by_drug = register.groupby("drug")["quantity_kg"].sum().sort_values()',
        # Capital letter: Excel's AutoFilter ignores case, pandas does not.
        "q3_border": 'border_seizures = register[register["location_type"] == "Border crossing"]',
        # Sorted ascending, so the first row is the smallest seizure.
        "q4_largest": 'largest_id = register.sort_values("quantity_kg")["seizure_id"].iloc[0]',
        # Totals row and column added (Excel's grand totals).
        "q5_pivot": ('kg_pivot = register.pivot_table(index="country", columns="drug", values="quantity_kg", '
                     'aggfunc="sum", fill_value=0, margins=True)'),
        # Month-start timestamps instead of 'YYYY-MM' strings.
        "q6_monthly": 'monthly_counts = register.set_index("date").resample("MS").size()',
        # Denominator from the raw register, with duplicates.
        "q7_vehicle_share": 'vehicle_share = register["vehicle_plate"].count() / len(seizures)',
        # Median, but sorted smallest first.
        "q8_median_by_mode": (
            'median_kg_by_mode = register.groupby("transport_mode")["quantity_kg"].median().sort_values()'
        ),
        # head(1) keeps a one-row Series instead of the name.
        "q9_top_crossing": 'top_crossing = register["crossing"].value_counts().head(1)',
        # Unknown packages filled with 0: division by zero.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=register["quantity_kg"] '
            '/ register["packages"].fillna(0))'
        ),
        # No unit on the y axis.
        "q11_chart": (
            'totals = register.groupby("drug")["quantity_kg"].sum().sort_values(ascending=False)\n'
            'drug_chart = totals.plot.bar(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Total quantity")'
        ),
    },
    # Set 2: more of the same kind.
    {
        # Vehicles read as cars and trucks (buses forgotten) from transport_mode, not the plates recorded
        # (set 8 has all three road modes).
        "q7_vehicle_share": 'vehicle_share = register["transport_mode"].isin(["car", "truck"]).mean()',
        # Counted rows instead of summing kilograms.
        "q2_kg_by_drug": 'kg_by_drug = register["drug"].value_counts()',
        # No fill_value: a country that seized none of a drug shows NaN.
        "q5_pivot": ('kg_pivot = register.pivot_table(index="country", columns="drug", values="quantity_kg", '
                     'aggfunc="sum")'),
        # Dropped the rows with unknown packages.
        "q10_kg_per_package": (
            'with_kg_per_package = register.dropna(subset=["packages"]).assign(\n'
            '    kg_per_package=lambda d: d["quantity_kg"] / d["packages"])'
        ),
        # Bars in alphabetical order, as groupby returns them.
        "q11_chart": (
            'drug_chart = register.groupby("drug")["quantity_kg"].sum().plot.bar(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Total quantity (kg)")'
        ),
    },
    # Set 3: found in the new-trainee trial.
    {
        # Rounded the share as the lesson prints it.
        "q7_vehicle_share": 'vehicle_share = round(register["vehicle_plate"].notna().mean(), 2)',
        # Copied the lesson's grams-per-package formula: grams, not kilograms.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=register["quantity_kg"] * 1000 '
            '/ register["packages"])'
        ),
        # Horizontal bars: the drug names end up on the y axis.
        "q11_chart": (
            'totals = register.groupby("drug")["quantity_kg"].sum().sort_values(ascending=False)\n'
            'drug_chart = totals.plot.barh(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Total quantity (kg)")'
        ),
    },
    # Set 4: wrong labels, wrong statistic, wrong order.
    {
        # Row labels instead of the seizure ids.
        "q1_duplicates": (
            "duplicate_ids = seizures.index[seizures.duplicated()].tolist()\n"
            "n_seizures = len(seizures.drop_duplicates())"
        ),
        # The mean instead of the total.
        "q2_kg_by_drug": 'kg_by_drug = register.groupby("drug")["quantity_kg"].mean().sort_values(ascending=False)',
        # Sorted by quantity: the register's order is lost.
        "q3_border": ('border_seizures = register[register["location_type"] == "border crossing"]'
                      '.sort_values("quantity_kg", ascending=False)'),
        # The second largest seizure (nlargest(2) and the last row).
        "q4_largest": 'largest_id = register.nlargest(2, "quantity_kg")["seizure_id"].iloc[-1]',
        # Counted the seizures in each cell instead of adding up kilograms.
        "q5_pivot": ('kg_pivot = register.pivot_table(index="country", columns="drug", values="quantity_kg", '
                     'aggfunc="count", fill_value=0)'),
        # Periods ('2024-04' printed, but not strings).
        "q6_monthly": 'monthly_counts = register.groupby(register["date"].dt.to_period("M")).size()',
        # Plates counted in the register, divided by the raw row count.
        "q7_vehicle_share": 'vehicle_share = register["vehicle_plate"].notna().sum() / len(seizures)',
        # The crossing with the fewest seizures (the last of value_counts).
        "q9_top_crossing": 'top_crossing = register["crossing"].value_counts().index[-1]',
        # Packages per kilogram: divided the wrong way round.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=register["packages"] / register["quantity_kg"])'
        ),
        # Totals from the raw register: duplicated seizures counted twice.
        "q11_chart": (
            'totals = seizures.groupby("drug")["quantity_kg"].sum().sort_values(ascending=False)\n'
            'drug_chart = totals.plot.bar(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Total quantity (kg)")'
        ),
    },
    # Set 5: definitions taken loosely.
    {
        # "Duplicates" judged on a few columns, not whole rows.
        "q1_duplicates": (
            'duplicate_ids = sorted(seizures.loc[seizures.duplicated(subset=["date", "drug"]), "seizure_id"].unique().tolist())\n'  # noqa: E501 - one statement of a typed-in answer
            "n_seizures = len(seizures.drop_duplicates())"
        ),
        # Grouped by country instead of drug.
        "q2_kg_by_drug": 'kg_by_drug = register.groupby("country")["quantity_kg"].sum().sort_values(ascending=False)',
        # Road checkpoints taken for border controls.
        "q3_border": ('border_seizures = register[register["location_type"].isin(["border crossing", '
                      '"road checkpoint"])]'),
        # Rows and columns swapped.
        "q5_pivot": ('kg_pivot = register.pivot_table(index="drug", columns="country", values="quantity_kg", '
                     'aggfunc="sum", fill_value=0)'),
        # Months without the leading zero ('2024-4').
        "q6_monthly": ('monthly_counts = register.groupby(register["date"].dt.year.astype(str) + "-" '
                       '+ register["date"].dt.month.astype(str)).size()'),
        # count() counts True and False alike: every row "has" a plate.
        "q7_vehicle_share": 'vehicle_share = register["vehicle_plate"].notna().count() / len(register)',
        # Medians of the raw register (duplicates still in), sorted.
        "q8_median_by_mode": (
            'median_kg_by_mode = seizures.groupby("transport_mode")["quantity_kg"].median()'
            ".sort_values(ascending=False)"
        ),
    },
    # Set 6: found in the second new-trainee trial (issue 16).
    {
        # isna() instead of notna(): the share WITHOUT a plate.
        "q7_vehicle_share": 'vehicle_share = register["vehicle_plate"].isna().mean()',
        # The median in grams.
        "q8_median_by_mode": (
            'median_kg_by_mode = (register.groupby("transport_mode")["quantity_kg"].median() * 1000)'
            ".sort_values(ascending=False)"
        ),
        # Rounded to 2 decimals, as a printout would show it.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=(register["quantity_kg"] '
            '/ register["packages"]).round(2))'
        ),
        # The median per drug instead of the total.
        "q11_chart": (
            'totals = register.groupby("drug")["quantity_kg"].median().sort_values(ascending=False)\n'
            'drug_chart = totals.plot.bar(title="Drugs seized")\n'
            'drug_chart.set_xlabel("Drug")\n'
            'drug_chart.set_ylabel("Median quantity (kg)")'
        ),
    },
    # Set 7: columns taken from the raw register, and the wrong column.
    {
        # Plates counted in the raw register, divided by the de-duplicated row count.
        "q7_vehicle_share": 'vehicle_share = seizures["vehicle_plate"].notna().sum() / len(register)',
        # The median number of packages instead of the median quantity.
        "q8_median_by_mode": (
            'median_kg_by_mode = register.groupby("transport_mode")["packages"].median()'
            ".sort_values(ascending=False)"
        ),
        # Columns of `seizures` assigned to `register`: aligned by index label, so shifted after the first copy.
        "q10_kg_per_package": (
            'with_kg_per_package = register.assign(kg_per_package=seizures["quantity_kg"] / seizures["packages"])'
        ),
    },
    # Set 8: shortcuts that agree with the rule on a clean register but not on this one (third trial):
    # the data hold a border seizure with a blank crossing, a car
    # seizure with no plate, and a record with more packages than the heaviest seizure.
    {
        # Border seizures taken as the rows with a crossing name: a blank crossing is missed.
        "q3_border": 'border_seizures = register[register["crossing"].notna()]',
        # The record with the most packages, taken for the heaviest.
        "q4_largest": 'largest_id = register.loc[register["packages"].idxmax(), "seizure_id"]',
        # The pivot built from the raw register: duplicated seizures counted twice.
        "q5_pivot": ('kg_pivot = seizures.pivot_table(index="country", columns="drug", values="quantity_kg", '
                     'aggfunc="sum", fill_value=0)'),
        # Every road-vehicle seizure counted as having a plate: one car seizure has none recorded.
        "q7_vehicle_share": 'vehicle_share = register["transport_mode"].isin(["truck", "car", "bus"]).mean()',
    },
    # Set 9: the same shortcuts written another way.
    {
        # Rows with a blank crossing dropped: the border seizure whose crossing was not recorded goes too.
        "q3_border": 'border_seizures = register.dropna(subset=["crossing"])',
    },
]

# Mistakes the visible checks leave to the hidden tests: (set, answer cell) -> why.
LEFT_TO_HIDDEN: dict[tuple[int, str], str] = {}
