"""Spanish as written at US worker centers (and in Mexico): $1,250.50, not $1.250,50."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
