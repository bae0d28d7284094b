"""The one-pass payload reading the staging model uses (json_fields / json_field_kind /
json_field_string) gives exactly what the per-key macros and the Python helper give, on the
same 50,000 generated payloads as the payload parity test, plus edge cases."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from firstparty_sessions.payload import read_payload

from .dbt_project import DbtWorkspace
from .test_rule_parity import CASES, assert_same, compile_sql, payload_text, run_sql
from .test_rule_parity import workspace as workspace  # the shared fixture

pytestmark = pytest.mark.slow

EDGE_CASES = [
    '{"session_id": NaN}',
    '{"session_id": Infinity, "event": -Infinity}',
    '{"session_id": 1e999, "profile_id": "p"}',
    '{"session_id": 123456789012345678901234567890}',
    '{"session_id": -0.0, "event": 1.0}',
    '{"session_id": "\\u00e9\\ud83d\\ude00", "event": "a\\u0000b"}',
    '{"session_id": "x", "session_id": null}',
    '{"session_id": null, "session_id": "x"}',
    '{"profile_id": "", "event": "", "session_id": ""}',
    '{"session_id": {"session_id": "x"}, "event": ["e"]}',
    '{"a": 1,}',
    '{"session_id": "01A196FB-167B-8FC8-825D-604E7D01A261",}',
    ' \t{"session_id": " 01a196fb-167b-8fc8-825d-604e7d01a261\\n"} ',
    '{"session_id": "\\ud800"}',
    '{"$.event": "x", "event": "y"}',
    '{"session_id": true, "profile_id": false, "event": null}',
    "[]",
    "{}",
    "null",
    '"text"',
    "",
    None,
]


def test_one_pass_payload_reading_matches(workspace: DbtWorkspace) -> None:
    rng = random.Random(23)
    payloads = EDGE_CASES + [payload_text(rng) for _ in range(CASES // 2)]
    inputs = pd.DataFrame({"case_number": range(len(payloads)), "payload": payloads})
    sql = """
        {%- set keys = ['session_id', 'profile_id', 'event'] -%}
        {%- set session_text =
            firstparty_sessions.json_field_string('fields', keys, 'session_id') -%}
        select case_number,
        {{ firstparty_sessions.payload_session_status(
            'payload',
            firstparty_sessions.json_kind('payload'),
            firstparty_sessions.json_field_kind('fields', keys, 'session_id'),
            firstparty_sessions.normalize_session_id(session_text)
        ) }} as status,
        {{ firstparty_sessions.normalize_session_id(session_text) }} as session_id,
        nullif({{ firstparty_sessions.json_field_string('fields', keys, 'profile_id') }}, '')
            as profile_id,
        nullif({{ firstparty_sessions.json_field_string('fields', keys, 'event') }}, '')
            as event_name
        from (
            select *, {{ firstparty_sessions.json_fields('payload', keys) }} as fields
            from inputs
        ) as read_once"""
    sql_rows = run_sql(compile_sql(workspace, sql), inputs)

    def python(row: pd.Series) -> list[object]:
        payload = row["payload"]
        fields = read_payload(None if pd.isna(payload) else payload)
        return [fields.session_status, fields.session_id, fields.profile_id, fields.event_name]

    assert_same(inputs, sql_rows, python, ["status", "session_id", "profile_id", "event_name"])
    assert len(set(sql_rows["status"])) >= 8
