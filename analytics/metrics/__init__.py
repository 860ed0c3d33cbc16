"""Room `metrics`: numbers from the database, exact.

`dates` resolves as-of dates and periods; `rules` writes the "active at D" conditions once;
`catalogue` declares every indicator once and `indicators` computes them in DuckDB for powiats,
voivodeships, the country and any area; `plans` scores development plans; `trends` gives monthly
series from the same query, one reading per month; `areas`
resolves partners' and composed areas; `peers` ranks a unit among its peers; `details` holds the
tables behind the pages. Everything here is exact: protecting numbers for a viewer is `access`'s
job, one room up.
"""
