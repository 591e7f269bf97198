"""A count shown as "<5" cannot be recomputed from what else a board member is shown.

Each test builds a small center, reads the report as a board member through every output
(the page's tables, the CSV files, the API's JSON) and tries the obvious derivations an
attentive reader would: a rate times its denominator, a total minus its shown parts, a
cost divided by the price of a segment, a decile's share times the dispatches. The true
counts come from the same report read without suppression."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from reports import presenters
from reports.selectors import report_summary
from reports.stats import stats_rebuild
from tests import factories
from tests.reports import data

SMALL = presenters.SUPPRESS_BELOW


def _number(text):
    text = text.strip().replace("$", "").replace(",", "")
    if text in ("<5", "&lt;5", "—", ""):
        return None
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


def _from_api(api_for, board_member, query):
    body = api_for(board_member).get(f"/api/v1/reports/summary/?{query}").json()
    assert body["suppressed_below"] == SMALL
    totals = {
        key: _number(str(value)) for key, value in body["totals"].items() if value is not None
    }
    daily = [{k: _number(str(v)) for k, v in row.items() if k != "date"} for row in body["daily"]]
    deciles = [_number(str(share)) for share in body["deciles"]]
    return totals, daily, deciles


def _from_csv(client, query):
    def rows(table):
        text = client.get(f"/reports/csv/{table}/?{query}").content.decode()
        return list(csv.reader(io.StringIO(text)))[1:]

    labels = {str(label): key for key, label, _kind in presenters.TOTALS}
    totals = {labels[label]: _number(value) for label, value in rows("totals")}
    columns = [key for key, _label in presenters.DAILY_COLUMNS][1:]
    daily = [dict(zip(columns, map(_number, row[1:]), strict=True)) for row in rows("daily")]
    deciles = [_number(share) for _n, share in rows("deciles")]
    return totals, daily, deciles


def _cells(html, table_id):
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _from_page(client, query):
    html = client.get(f"/reports/?{query}").content.decode()
    labels = {str(label): key for key, label, _kind in presenters.TOTALS}
    totals = {labels[label]: _number(value) for label, value in _cells(html, "totals")}
    columns = [key for key, _label in presenters.DAILY_COLUMNS][1:]
    daily = [
        dict(zip(columns, map(_number, row[1:]), strict=True))
        for row in _cells(html, "daily")
        if len(row) == 6
    ]
    deciles = [_number(share) for _n, share in _cells(html, "deciles")]
    return totals, daily, deciles


def _outputs(client, api_for, board_member, query):
    client.force_login(board_member)
    return {
        "api": _from_api(api_for, board_member, query),
        "csv": _from_csv(client, query),
        "page": _from_page(client, query),
    }


def _leaks(shown, truth, price):
    """Every small hidden count that one of the obvious derivations gives back."""
    totals, daily, deciles = shown
    t = truth.totals
    found = []

    def check(name, derived, hidden_values):
        for value in hidden_values:
            if value < SMALL and derived is not None and abs(derived - value) < Decimal("0.5"):
                found.append(f"{name} gives back {value}")

    hidden_totals = {
        key: t[key] for key, kind in ((k, kd) for k, _l, kd in presenters.TOTALS) if kind == "count"
    }
    hidden_totals = {key: v for key, v in hidden_totals.items() if totals.get(key) is None}
    hidden_totals["dispatched"] = t["dispatched"]  # never shown: it is only ever derived
    # rate × denominator
    if totals.get("dispatch_rate") is not None and totals.get("signins") is not None:
        derived = totals["dispatch_rate"] * totals["signins"]
        check("dispatch rate × sign-ins", derived, hidden_totals.values())
    # cost ÷ price of a segment
    if totals.get("sms_cost") is not None and price:
        check("SMS cost ÷ price", totals["sms_cost"] / price, hidden_totals.values())
    # mean × hidden count is a sum: a shown mean beside a hidden count is a leak of pay
    for mean in ("mean_hourly_wage", "hours", "wages"):
        if totals.get("placements") is None and t["placements"]:
            assert totals.get(mean) is None, f"{mean} shown though placements are hidden"
    # total − other parts
    for total, parts in presenters.PARTS.items():
        if totals.get(total) is None:
            continue
        for part in parts:
            others = [totals.get(p) for p in parts if p != part]
            if totals.get(part) is None and None not in others:
                check(f"{total} − other parts", totals[total] - sum(others), [t[part]])
    # the daily table: the column's total (shown, or rate × sign-ins) − the shown days
    column_totals = {
        "signins": totals.get("signins"),
        "placements": totals.get("placements"),
        "dispatched": (
            totals["dispatch_rate"] * totals["signins"]
            if totals.get("dispatch_rate") is not None and totals.get("signins") is not None
            else None
        ),
    }
    for column, total in column_totals.items():
        hidden = [
            truth_row[column]
            for row, truth_row in zip(daily, truth.daily, strict=True)
            if row[column] is None
        ]
        shown_sum = sum(row[column] for row in daily if row[column] is not None)
        if total is not None and hidden:
            check(f"total {column} − shown days", total - shown_sum, hidden)
        for row, truth_row in zip(daily, truth.daily, strict=True):
            if row[column] is not None:
                assert row[column] >= SMALL, f"a daily {column} under {SMALL} is shown"
            if row[column] is None and truth_row["placements"] and column == "placements":
                assert row["wages"] is None, "a day's pay is shown beside its hidden placements"
    # deciles: a shown share × the dispatches (the reader knows them as the placements)
    # is a count; (1 − the shown shares) × the dispatches is the hidden deciles' count
    dispatches = totals.get("placements")
    if dispatches is not None:
        shown_shares = [share for share in deciles if share is not None]
        hidden_shares = [
            round(Decimal(share) * dispatches)
            for share, s in zip(truth.deciles, deciles, strict=True)
            if s is None
        ]
        for share in shown_shares:
            assert share * dispatches >= SMALL - Decimal("0.5"), "a decile under 5 is shown"
        if hidden_shares:
            check("1 − shown shares", (1 - sum(shown_shares)) * dispatches, hidden_shares)
    return found


def _assert_nothing_recomputable(client, api_for, board_member, center, start, end, settings):
    query = f"start={start}&end={end}"
    truth = report_summary(center=center, start=start, end=end)
    price = Decimal(str(settings.SMS_PRICE_PER_SEGMENT))
    outputs = _outputs(client, api_for, board_member, query)
    for name, shown in outputs.items():
        assert _leaks(shown, truth, price) == [], name
    return outputs, truth


def _signins(center, day, workers):
    for n, worker in enumerate(workers, start=1):
        data.signin(center, worker, day, n)


def test_the_board_members_one_day_with_four_placements_among_46_sign_ins(
    client, api_for, board_member, center, settings
):
    """The case found in the outside test: placements "<5" beside sign-ins 46 and a
    dispatch rate of 0.087 gave the 4 back."""
    day = date(2025, 6, 2)
    workers = factories.WorkerFactory.create_batch(46, center=center)
    _signins(center, day, workers)
    boss = data.employer(center, "Casa")
    for n, worker in enumerate(workers[:4], start=1):
        data.assign(data.job(center, boss, day), worker, 1, hours="5.0", paid=str(100 + n))
    stats_rebuild(start=day, end=day)
    outputs, truth = _assert_nothing_recomputable(
        client, api_for, board_member, center, day, day, settings
    )
    assert truth.totals["signins"] == 46
    assert truth.totals["placements"] == 4
    for totals, _daily, _deciles in outputs.values():
        assert totals["signins"] == 46
        assert totals["placements"] is None
        assert totals["dispatch_rate"] is None
        assert totals["wages"] is None
        assert totals["mean_hourly_wage"] is None


def test_a_small_day_among_larger_ones_cannot_be_had_by_subtraction(
    client, api_for, board_member, center, settings
):
    workers = factories.WorkerFactory.create_batch(24, center=center)
    boss = data.employer(center, "Casa")
    days = [date(2025, 6, 2) + timedelta(days=n) for n in range(4)]
    plan = [(20, 9), (3, 1), (12, 6), (15, 7)]  # (sign-ins, placements) per day
    for day, (signed, placed) in zip(days, plan, strict=True):
        _signins(center, day, workers[:signed])
        for worker in workers[:placed]:
            data.assign(data.job(center, boss, day), worker, 1, hours="4.0", paid="100.00")
    for n in range(3):
        data.message(center, workers[n], datetime(2025, 6, 2, 15, tzinfo=UTC))
    stats_rebuild(start=days[0], end=days[-1])
    outputs, truth = _assert_nothing_recomputable(
        client, api_for, board_member, center, days[0], days[-1], settings
    )
    assert truth.totals["placements"] == 23
    for totals, daily, _deciles in outputs.values():
        assert totals["placements"] == 23
        assert totals["signins"] == 50
        # the small day and (so it cannot be had as the rest) one more day are hidden
        assert sum(row["placements"] is None for row in daily) >= 2
        assert totals["sms_sent"] is None
        assert totals["sms_cost"] is None


def test_the_march_data_set_gives_nothing_back(
    client, api_for, board_member, center, other_center, settings
):
    data.march(center, other_center)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    outputs, _truth = _assert_nothing_recomputable(
        client, api_for, board_member, center, *data.MARCH, settings
    )
    for totals, _daily, deciles in outputs.values():
        assert totals["claims_opened"] is None
        assert totals["recovered"] is None
        assert all(share is None for share in deciles)


def test_new_and_repeat_employers_hide_together(board_member, center):
    report = presenters.Report(start=date(2025, 1, 1), end=date(2025, 1, 31), center=center)
    report.totals = {key: 50 for key, _label, _kind in presenters.TOTALS}
    report.totals.update(
        employers_served=12, employers_new=3, employers_repeat=9, dispatched=40,
        dispatches_counted=40,
    )  # fmt: skip
    shown = presenters.shown_totals(report, suppress=True)
    assert shown["employers_served"] == 12
    assert shown["employers_new"] == shown["employers_repeat"] == presenters.SUPPRESSED


@pytest.mark.parametrize(
    ("values", "hidden"),
    [
        ([20, 3, 12, 15], {1, 2}),  # 3 alone would be the total minus the rest
        ([20, 3, 1, 15], {1, 2, 3}),  # 3 + 1 = 4 is still small: hide one more
        ([20, 12, 15], set()),
        ([2, 2], {0, 1}),
    ],
)
def test_complementary_suppression_hides_enough_parts(values, hidden):
    assert presenters.hidden_parts(values) == hidden


def test_center_staff_see_every_figure(client, center_admin, center):
    day = date(2025, 6, 2)
    workers = factories.WorkerFactory.create_batch(6, center=center)
    _signins(center, day, workers)
    data.assign(data.job(center, data.employer(center), day), workers[0], 1, hours="4.0")
    stats_rebuild(start=day, end=day)
    client.force_login(center_admin)
    totals, _daily, deciles = _from_csv(client, f"start={day}&end={day}")
    assert totals["placements"] == 1
    assert totals["dispatch_rate"] is not None
    assert None not in deciles


def test_the_fairness_page_hides_small_counts_and_what_follows_from_them(
    client, board_member, center, other_center
):
    data.march(center, other_center)
    stats_rebuild(start=date(2025, 2, 1), end=date(2025, 3, 31))
    client.force_login(board_member)
    html = client.get(f"/reports/fairness/?start={data.MARCH[0]}&end={data.MARCH[1]}")
    body = html.content.decode()
    assert html.status_code == 200
    assert "Gini coefficient: not shown" in body
    simulation = _cells(body, "simulation")
    assert simulation
    for _mode, _gini, most, without in simulation:
        assert most == "&lt;5"
        assert without == "&lt;5"
    for _month, gini in _cells(body, "trend"):
        assert gini == "&lt;5"  # fewer than five dispatches in the month: its Gini hides too
    assert all(share == "&lt;5" for _n, share in _cells(body, "deciles"))
