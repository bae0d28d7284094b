-- The honest reference's CTEs for a raw input whose received_at is a TIMESTAMP or a
-- TIMESTAMP WITH TIME ZONE column (microseconds): the fast path keeps it typed instead of
-- casting it to text and parsing the text again. Same outcome as the grammar on the
-- engine's text of the value (docs/rules.md, received_at): years 1..9999 print as the
-- grammar's 4 digits, so a typed value is an event time unless it is infinite, BC or past
-- year 9999 (unparseable: its text is not of the grammar), and it is out of range before
-- 1970; the rejects show the engine's text of the typed value, as the models do. The
-- statements they feed are outputs.sql; bench/run.py fills them in there. Each CTE block
-- follows its marker line and ends with a comma.

-- {accepted}
-- accepted rows only (the rejects are statement 3)
accepted as (
    select
        event_id,
        source_id,
        source_type,
        cast(received_at as timestamp) as received_at,
        payload,
        cookie
    from read_parquet('{raw}')
    where
        event_id is not null
        and not regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z')
        and cast(received_at as timestamp) >= timestamp '1970-01-01'
        and cast(received_at as timestamp) < timestamp '10000-01-01'
),

-- {reasons}
reasons as (
    select
        event_id,
        source_id,
        source_type,
        cast(received_at as varchar) as received_at,
        payload,
        case
            when event_id is null or regexp_matches(event_id, '^[ \t\n\r\x0B\x0C]*\z') then 'missing_event_id'
            when received_at is null then 'missing_received_at'
            when not isfinite(received_at)
                or cast(received_at as timestamp) >= timestamp '10000-01-01'
                or cast(received_at as timestamp) < timestamp '0001-01-01'
                then 'unparseable_received_at'
            when cast(received_at as timestamp) < timestamp '1970-01-01' then 'received_at_out_of_range'
        end as reason
    from read_parquet('{raw}')
),
